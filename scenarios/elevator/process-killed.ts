import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem } from './system.ts';

export default defineScenario({
  name: 'elevator/process-killed',
  description: "elevator-1 (the primary) is sent up with a cab call at 10 s and its process killed mid-trip at 11 s; it restarts from scratch 3 s later",
  durationMs: 50_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params, [{ atMs: 10_000, to: 'car-1', event: { type: 'PRESS', button: 'cab', floor: params.floors - 1 } }]),
  network: elevatorNetwork(defaultElevatorParams),
  faults: [{ atMs: 11_000, action: 'crash', targets: 'elevator-1', restartAfterMs: 3_000, restartFrom: 'scratch' }],
  checks: elevatorChecks(),
});
