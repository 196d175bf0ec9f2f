import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem } from './system.ts';

export default defineScenario({
  name: 'elevator/power-loss',
  description: 'elevator-2 loses power (computer and motor) mid-trip at 12 s for 5 s; its lit cab calls survive on its disk and are served after it boots',
  durationMs: 50_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params, [
    { atMs: 11_000, to: 'car-2', event: { type: 'PRESS', button: 'cab', floor: params.floors - 1 } },
    { atMs: 11_500, to: 'car-2', event: { type: 'PRESS', button: 'cab', floor: 1 } },
    { atMs: 12_000, to: 'car-2', event: { type: 'SET_POWER', on: false } },
    // Power comes back just before the computer boots (the restart at 17 s).
    { atMs: 16_990, to: 'car-2', event: { type: 'SET_POWER', on: true } },
  ]),
  network: elevatorNetwork(defaultElevatorParams),
  faults: [{ atMs: 12_000, action: 'crash', targets: 'elevator-2', restartAfterMs: 5_000, restartFrom: 'scratch' }],
  checks: elevatorChecks(),
});
