import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem } from './system.ts';
import { randomFaults } from './randomFaults.ts';

const window = { faultFromMs: 1_000, faultUntilMs: 8_000, faultsMax: 3 };

export default defineScenario({
  name: 'elevator/random-faults',
  description: 'one to three faults drawn from the seed (crash, cable pulled, loss, power cut, motor jam, obstruction) between 1 s and 8 s, then 12 s to recover',
  durationMs: 20_000,
  params: { ...defaultElevatorParams, pressUntilMs: 9_000, pressIntervalMsMin: 300, pressIntervalMsMax: 1500 },
  actors: ({ seed, params }) => elevatorSystem(params, randomFaults(seed, params.elevators, window).script),
  network: elevatorNetwork(defaultElevatorParams),
  faults: ({ seed, params }) => randomFaults(seed, params.elevators, window).faults,
  // Hardware faults end by faultUntilMs at the latest; a hall call is then served within 11 s.
  checks: elevatorChecks({ quietFromMs: window.faultUntilMs, hallBoundMs: 11_000 }),
});
