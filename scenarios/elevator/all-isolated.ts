import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorIds, elevatorNetwork, elevatorSystem, pullCable } from './system.ts';

export default defineScenario({
  name: 'elevator/all-isolated',
  description: 'every elevator is cut off from the others from 10 s to 30 s: three primaries of one, each serving its own panel, then one primary again',
  durationMs: 55_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params),
  network: elevatorNetwork(defaultElevatorParams),
  faults: ({ params }) => {
    const ids = elevatorIds(params.elevators);
    return [...ids.flatMap((id) => pullCable(id, 10_000, ids)), { atMs: 30_000, action: 'heal' }];
  },
  checks: elevatorChecks(),
});
