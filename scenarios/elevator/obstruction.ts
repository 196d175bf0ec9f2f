import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem } from './system.ts';

const blockMs = 10_000;
const releaseMs = 40_000;

export default defineScenario({
  name: 'elevator/obstruction',
  description: "car-3's door is held open by the obstruction from 10 s to 40 s: the door never closes meanwhile and its hall calls go to the others",
  durationMs: 70_000,
  params: { ...defaultElevatorParams, pressUntilMs: 45_000 },
  actors: ({ params }) => elevatorSystem(params, [
    // A cab call at its own floor opens car-3's door just before the obstruction.
    { atMs: blockMs - 200, to: 'car-3', event: { type: 'PRESS', button: 'cab', floor: 0 } },
    { atMs: blockMs, to: 'car-3', event: { type: 'SET_OBSTRUCTION', active: true } },
    { atMs: releaseMs, to: 'car-3', event: { type: 'SET_OBSTRUCTION', active: false } },
  ]),
  network: elevatorNetwork(defaultElevatorParams),
  checks: elevatorChecks({ quietFromMs: releaseMs }),
});
