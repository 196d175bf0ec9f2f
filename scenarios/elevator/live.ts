import { defineScenario } from '../../src/runtime/index.ts';
import { elevatorChecks } from '../../src/actors/elevator/checks.ts';
import { defaultElevatorParams, elevatorNetwork } from './system.ts';
import { commandedDoorCheck, liveElevatorSystem, type LiveElevatorParams } from './liveCars.ts';

// Simulated cars by default; real ones (device actors on elevator servers) with
// `--pacing realtime --param cars=tcp --param carAddresses=…` (scenarios/elevator/liveCars.ts).
export default defineScenario<LiveElevatorParams>({
  name: 'elevator/live',
  description: '3 elevators x 4 floors with simulated cars, or real elevator servers over TCP (--param cars=tcp, realtime)',
  durationMs: 25_000,
  params: { ...defaultElevatorParams, pressUntilMs: 10_000, cars: 'sim', carAddresses: '' },
  actors: ({ params }) => liveElevatorSystem(params),
  network: elevatorNetwork(defaultElevatorParams),
  checks: [...elevatorChecks(), commandedDoorCheck],
});
