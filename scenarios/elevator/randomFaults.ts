/**
 * Random fault schedules for the elevators, drawn from the run seed: what explore-style
 * tests throw at the system. Network faults and crashes are runtime faults; hardware faults
 * (power, motor jam, obstruction) are scripted events to the cars. Every fault happens in
 * [faultFromMs, faultUntilMs]; after it the system is left alone to serve what is left.
 */
import { SeededRandom, type ScheduledFault } from '../../src/runtime/index.ts';
import type { ScriptStep } from '../../src/actors/elevator/index.ts';
import { carIds, elevatorIds, lossBetween, pullCable } from './system.ts';

export interface RandomFaults {
  faults: ScheduledFault[];
  script: ScriptStep[];
  /** When the last hardware fault ends (the runtime's own faults are in the trace). */
  hardwareQuietMs: number;
}

const kinds = ['crash', 'cable', 'loss', 'power', 'motor', 'obstruction'] as const;

/**
 * `faultsMax` random faults for `elevators` elevators, from `seed`.
 *
 * @example
 * const { faults, script } = randomFaults(7, 3, { faultFromMs: 1000, faultUntilMs: 9000, faultsMax: 3 });
 */
export function randomFaults(seed: number, elevators: number, window: { faultFromMs: number; faultUntilMs: number; faultsMax: number }): RandomFaults {
  // A generator of its own (not the run's): the schedule must be a pure function of the seed.
  const random = new SeededRandom(seed ^ 0x5eed);
  const ids = elevatorIds(elevators);
  const cars = carIds(elevators);
  const faults: ScheduledFault[] = [];
  const script: ScriptStep[] = [];
  let hardwareQuietMs = 0;
  const count = random.int(1, window.faultsMax);
  for (let i = 0; i < count; i++) {
    const kind = kinds[random.int(0, kinds.length - 1)]!;
    const k = random.int(0, elevators - 1);
    const atMs = random.int(window.faultFromMs, window.faultUntilMs - 500);
    const forMs = random.int(500, Math.max(500, window.faultUntilMs - atMs));
    const endMs = atMs + forMs;
    switch (kind) {
      case 'crash':
        faults.push({ atMs, action: 'crash', targets: ids[k]!, restartAfterMs: forMs, restartFrom: 'scratch' });
        break;
      case 'cable':
        faults.push(...pullCable(ids[k]!, atMs, ids), { atMs: endMs, action: 'heal' });
        break;
      case 'loss': {
        const probability = random.int(5, 40) / 100;
        faults.push(...lossBetween(ids, probability, atMs), ...lossBetween(ids, 0, endMs));
        break;
      }
      case 'power':
        faults.push({ atMs, action: 'crash', targets: ids[k]!, restartAfterMs: forMs, restartFrom: 'scratch' });
        script.push({ atMs, to: cars[k]!, event: { type: 'SET_POWER', on: false } }, { atMs: endMs - 10, to: cars[k]!, event: { type: 'SET_POWER', on: true } });
        hardwareQuietMs = Math.max(hardwareQuietMs, endMs);
        break;
      case 'motor':
        script.push({ atMs, to: cars[k]!, event: { type: 'SET_MOTOR_STOPPED', stopped: true } }, { atMs: endMs, to: cars[k]!, event: { type: 'SET_MOTOR_STOPPED', stopped: false } });
        hardwareQuietMs = Math.max(hardwareQuietMs, endMs);
        break;
      case 'obstruction':
        script.push({ atMs, to: cars[k]!, event: { type: 'SET_OBSTRUCTION', active: true } }, { atMs: endMs, to: cars[k]!, event: { type: 'SET_OBSTRUCTION', active: false } });
        hardwareQuietMs = Math.max(hardwareQuietMs, endMs);
        break;
    }
  }
  return { faults, script, hardwareQuietMs };
}
