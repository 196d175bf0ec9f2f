import { defineScenario } from '../../src/runtime/index.ts';
import { lamportChecks } from '../../src/actors/lamport/index.ts';
import { threeVms } from './system.ts';

export default defineScenario({
  name: 'lamport/fast-clock',
  description: "vm-3's clock runs 3x fast from 10 s: it ticks three times as often and floods the others' queues",
  durationMs: 60_000,
  params: { internalEventMax: 5 },
  actors: ({ params }) => threeVms(params),
  network: { delayMsMin: 1, delayMsMax: 20 },
  faults: [{ atMs: 10_000, action: 'clock', targets: 'vm-3', rate: 3 }],
  checks: lamportChecks,
});
