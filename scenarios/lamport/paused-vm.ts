import { defineScenario } from '../../src/runtime/index.ts';
import { lamportChecks } from '../../src/actors/lamport/index.ts';
import { threeVms } from './system.ts';

export default defineScenario({
  name: 'lamport/paused-vm',
  description: 'vm-2 freezes from 20 s to 35 s: its messages and ticks wait, then it catches up',
  durationMs: 60_000,
  params: { internalEventMax: 10 },
  actors: ({ params }) => threeVms(params),
  network: { delayMsMin: 1, delayMsMax: 20 },
  faults: [
    { atMs: 20_000, action: 'pause', targets: 'vm-2' },
    { atMs: 35_000, action: 'resume', targets: 'vm-2' },
  ],
  checks: lamportChecks,
});
