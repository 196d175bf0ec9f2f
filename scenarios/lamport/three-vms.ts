import { defineScenario } from '../../src/runtime/index.ts';
import { lamportChecks } from '../../src/actors/lamport/index.ts';
import { threeVms } from './system.ts';

export default defineScenario({
  name: 'lamport/three-vms',
  description: 'Three logical-clock VMs at random rates of 1-6 ticks/s, exchanging messages for 60 s',
  durationMs: 60_000,
  params: { internalEventMax: 10 },
  actors: ({ params }) => threeVms(params),
  network: { delayMsMin: 1, delayMsMax: 20 },
  checks: lamportChecks,
});
