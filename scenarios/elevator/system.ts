/**
 * The networked-elevator system (SYSTEMS.md §5), shared by the elevator scenarios:
 * `elevator-1..n` controllers, `car-1..n` simulated cars, one `disks` store and the
 * `passengers` workload. Also the fault helpers the scenarios use: an elevator's network
 * cable is the links between controllers (cars, disks and passengers are not on that
 * network), so pulling it is a set of cuts, not a partition.
 */
import { setup } from 'xstate';
import type { ActorSpec, ScheduledFault } from '../../src/runtime/index.ts';
import { elevatorController, elevatorDisks, passengers, simulatedCar, type ScriptStep } from '../../src/actors/elevator/index.ts';

/** Parameters every elevator scenario accepts (`--param elevators=4`). */
export interface ElevatorParams extends Record<string, unknown> {
  elevators: number;
  floors: number;
  /** Random presses stop at this time, leaving the rest of the run to serve what is left. */
  pressUntilMs: number;
  pressIntervalMsMin: number;
  pressIntervalMsMax: number;
}

export const defaultElevatorParams: ElevatorParams = { elevators: 3, floors: 4, pressUntilMs: 30_000, pressIntervalMsMin: 1000, pressIntervalMsMax: 4000 };

/** `elevator-1..n`. */
export function elevatorIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `elevator-${i + 1}`);
}

/** `car-1..n`. */
export function carIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `car-${i + 1}`);
}

/**
 * The system's actors. `script` adds timed presses and hardware faults. (Against real
 * hardware, scenarios/elevator/live.ts puts device actors in the cars' place.)
 *
 * @example
 * actors: ({ params }) => elevatorSystem(params)
 */
export function elevatorSystem(params: ElevatorParams, script: ScriptStep[] = []): ActorSpec[] {
  const ids = elevatorIds(params.elevators);
  const cars = carIds(params.elevators);
  const controllers: ActorSpec[] = ids.map((id, i) => ({
    id,
    machine: elevatorController,
    input: { id, ids, floors: params.floors, car: cars[i]!, disk: 'disks' },
  }));
  const carSpecs: ActorSpec[] = cars.map((id, i) => ({
    id,
    machine: simulatedCar,
    input: { controller: ids[i]!, floors: params.floors },
  }));
  const workload: ActorSpec = {
    id: 'passengers',
    machine: passengers,
    input: {
      cars, floors: params.floors, pressUntilMs: params.pressUntilMs,
      pressIntervalMsMin: params.pressIntervalMsMin, pressIntervalMsMax: params.pressIntervalMsMax, script,
    },
  };
  return [...controllers, ...carSpecs, { id: 'disks', machine: elevatorDisks }, workload];
}

/** Links from `a` to `b` and back, every pair. */
function bothWays(a: string[], b: string[]): { from: string[]; to: string[] }[] {
  return [{ from: a, to: b }, { from: b, to: a }];
}

/**
 * Pulls elevator `id`'s network cable at `atMs`: it can reach no other controller.
 *
 * @example
 * faults: [...pullCable('elevator-1', 10_000, ids), { atMs: 30_000, action: 'heal' }]
 */
export function pullCable(id: string, atMs: number, ids: string[]): ScheduledFault[] {
  const others = ids.filter((other) => other !== id);
  return bothWays([id], others).map(({ from, to }) => ({ atMs, action: 'cut' as const, from, to }));
}

/**
 * Loss on every link between controllers (not on the hardware links).
 *
 * @example
 * lossBetween(ids, 0.3, 0)
 */
export function lossBetween(ids: string[], probability: number, atMs: number): ScheduledFault[] {
  const faults: ScheduledFault[] = [];
  for (const from of ids) for (const to of ids) if (from !== to) faults.push({ atMs, action: 'loss', probability, link: { from, to } });
  return faults;
}

/**
 * The network of every elevator scenario: 1-10 ms between controllers, 1-2 ms on the
 * hardware and disk links, in order per link (like TCP: a car's floor-left must not
 * overtake its floor-reached). The links are listed for `params.elevators` elevators.
 */
export function elevatorNetwork(params: ElevatorParams) {
  const ids = elevatorIds(params.elevators);
  const cars = carIds(params.elevators);
  const links = [
    ...ids.flatMap((id, i) => [{ from: id, to: cars[i]!, delayMsMin: 1, delayMsMax: 2 }, { from: cars[i]!, to: id, delayMsMin: 1, delayMsMax: 2 }]),
    ...ids.flatMap((id) => [{ from: id, to: 'disks', delayMsMin: 1, delayMsMax: 2 }, { from: 'disks', to: id, delayMsMin: 1, delayMsMax: 2 }]),
  ];
  return { delayMsMin: 1, delayMsMax: 10, ordered: true, links };
}
