import { defineScenario } from '../../src/runtime/index.ts';
import { lamportChecks } from '../../src/actors/lamport/index.ts';
import { threeVms } from './system.ts';

export default defineScenario({
  name: 'lamport/partition',
  description: 'vm-1 cut off from 15 s to 30 s, 10% loss throughout, vm-3 crashes at 40 s and restarts 2 s later',
  durationMs: 60_000,
  params: { internalEventMax: 10 },
  actors: ({ params }) => threeVms(params),
  network: { delayMsMin: 1, delayMsMax: 20, lossProbability: 0.1 },
  faults: [
    { atMs: 15_000, action: 'partition', groups: [['vm-1'], ['vm-2', 'vm-3']] },
    { atMs: 30_000, action: 'heal' },
    { atMs: 40_000, action: 'crash', targets: 'vm-3', restartAfterMs: 2_000 },
  ],
  checks: lamportChecks,
});
