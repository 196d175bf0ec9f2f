import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorIds, elevatorNetwork, elevatorSystem, pullCable } from './system.ts';

export default defineScenario({
  name: 'elevator/cable-pulled',
  description: "elevator-1's network cable is pulled from 10 s to 30 s: it serves alone as a primary of one while the other two elect their own (split brain), then they rejoin and merge",
  durationMs: 55_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params),
  network: elevatorNetwork(defaultElevatorParams),
  faults: ({ params }) => [...pullCable('elevator-1', 10_000, elevatorIds(params.elevators)), { atMs: 30_000, action: 'heal' }],
  checks: elevatorChecks(),
});
