import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorIds, elevatorNetwork, elevatorSystem, lossBetween } from './system.ts';

export default defineScenario({
  name: 'elevator/packet-loss',
  description: '30% of the messages between controllers are lost for the whole run: not a failure, it must simply work',
  durationMs: 50_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params),
  network: elevatorNetwork(defaultElevatorParams),
  faults: ({ params }) => lossBetween(elevatorIds(params.elevators), 0.3, 0),
  checks: elevatorChecks(),
});
