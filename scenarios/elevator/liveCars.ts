/**
 * The elevators against real hardware: the elevator system (system.ts) with each simulated
 * car replaced by a device actor driving an elevator hardware server over TCP
 * (src/devices/elevator/carDevice.ts). The controllers and the disks are the very same
 * machines. There is no passengers actor then: people press the real buttons.
 *
 * The servers, in car order (`host:port`, port 15657 if left out), come from the parameter
 * `carAddresses` or the environment variable `TROUPE_ELEVATOR_SERVERS`, read only when a
 * device starts in a live run, so replaying a trace needs no server.
 */
import { TroupeError, safety, type ActorSpec, type Check } from '../../src/runtime/index.ts';
import { elevatorCarDevice, type ElevatorDriverOptions } from '../../src/devices/elevator/index.ts';
import { carIds, elevatorIds, elevatorSystem, type ElevatorParams } from './system.ts';

/** Parameters of scenarios/elevator/live.ts. */
export interface LiveElevatorParams extends ElevatorParams {
  /** `sim`: simulated cars (the default, so the scenario also runs in sim pacing); `tcp`: hardware servers. */
  cars: string;
  carAddresses: string;
}

const carModes = ['sim', 'tcp'];
const elevatorPortDefault = 15657;

/**
 * The elevator system, its cars simulated or real as `params.cars` says.
 *
 * @example
 * actors: ({ params }) => liveElevatorSystem(params)
 */
export function liveElevatorSystem(params: LiveElevatorParams): ActorSpec[] {
  if (!carModes.includes(params.cars)) {
    throw new TroupeError('OPTION_INVALID', `elevator/live: parameter cars must be one of ${carModes.join(', ')}, got '${String(params.cars)}'`);
  }
  const actors = elevatorSystem(params);
  if (params.cars === 'sim') return actors;
  const cars = carIds(params.elevators);
  const controllers = elevatorIds(params.elevators);
  return actors
    .filter((spec) => spec.id !== 'passengers')
    .map((spec) => {
      const index = cars.indexOf(spec.id);
      if (index < 0) return spec;
      return { id: spec.id, device: elevatorCarDevice({ controller: controllers[index]!, driver: () => carDriverOptions(params, index) }) };
    });
}

/** Car `index`'s driver options (read when the device starts). */
export function carDriverOptions(params: LiveElevatorParams, index: number): ElevatorDriverOptions {
  const text = params.carAddresses !== '' ? params.carAddresses : (process.env.TROUPE_ELEVATOR_SERVERS ?? '');
  const addresses = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (addresses.length !== params.elevators) {
    throw new TroupeError('OPTION_INVALID', `elevator/live needs ${params.elevators} elevator server addresses (parameter carAddresses or TROUPE_ELEVATOR_SERVERS, comma-separated host:port); got ${addresses.length}`);
  }
  const address = addresses[index]!;
  const colon = address.lastIndexOf(':');
  return { host: colon < 0 ? address : address.slice(0, colon), port: colon < 0 ? elevatorPortDefault : Number(address.slice(colon + 1)), floors: params.floors };
}

/**
 * The door light is never commanded on while the motor is commanded to run: the door rule
 * checked on what the controllers tell the cars, so it holds for real cars too (a device
 * reports no motor or door facts).
 *
 * @example
 * checks: [commandedDoorCheck]
 */
export const commandedDoorCheck: Check = safety('door light never commanded on while the motor runs', (view) => {
  const cars = new Map<string, { motor: string; door: boolean }>();
  for (const record of view.records) {
    if (record.kind !== 'send' || !/^car-\d+$/.test(record.to)) continue;
    const car = cars.get(record.to) ?? { motor: 'stop', door: false };
    if (record.event.type === 'MOTOR') car.motor = String(record.event.direction);
    if (record.event.type === 'DOOR_LIGHT') car.door = record.event.on === true;
    cars.set(record.to, car);
    if (car.door && car.motor !== 'stop') return { atMs: record.t, detail: `${record.actor} had ${record.to}'s door light on with its motor ${car.motor}` };
  }
  return undefined;
});
