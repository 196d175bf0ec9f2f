import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem } from './system.ts';

const jamMs = 10_000;
const repairMs = 35_000;

export default defineScenario({
  name: 'elevator/motor-stopped',
  description: "car-2's motor jams between floors at 10 s (it never reaches the next floor: its hall calls go to the others) and is repaired at 35 s",
  durationMs: 60_000,
  params: { ...defaultElevatorParams },
  actors: ({ params }) => elevatorSystem(params, [
    { atMs: jamMs - 1_000, to: 'car-2', event: { type: 'PRESS', button: 'cab', floor: params.floors - 1 } },
    { atMs: jamMs, to: 'car-2', event: { type: 'SET_MOTOR_STOPPED', stopped: true } },
    { atMs: repairMs, to: 'car-2', event: { type: 'SET_MOTOR_STOPPED', stopped: false } },
  ]),
  network: elevatorNetwork(defaultElevatorParams),
  checks: elevatorChecks({ quietFromMs: repairMs }),
});
