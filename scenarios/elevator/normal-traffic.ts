import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem } from './system.ts';

export default defineScenario({
  name: 'elevator/normal-traffic',
  description: '3 elevators x 4 floors, passengers pressing at random for 30 s, no faults',
  durationMs: 50_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params),
  network: elevatorNetwork(defaultElevatorParams),
  checks: elevatorChecks(),
});
