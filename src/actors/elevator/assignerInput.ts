/**
 * The hall-request assigner's input and output shapes (SYSTEMS.md §5, the course's JSON
 * format) and their validation. A malformed input is an ELEVATOR_ASSIGNER_INPUT error
 * naming the field, e.g. `states.two.cabRequests has 3 entries, expected 4 (one per floor)`.
 */
import { TroupeError } from '../../runtime/errors.ts';

/** What an elevator is doing. */
export type Behaviour = 'idle' | 'moving' | 'doorOpen';
/** Where it is heading; `stop` when it has no direction. */
export type Direction = 'up' | 'down' | 'stop';
/** `[up, down]` hall calls of one floor. */
export type HallPair = [boolean, boolean];

/** One elevator's state as the assigner sees it. */
export interface AssignerElevatorState {
  behaviour: Behaviour;
  /** The floor it is at, or the last floor it passed when moving. */
  floor: number;
  direction: Direction;
  /** One entry per floor. */
  cabRequests: boolean[];
}

/** The assigner's input: all hall calls and every available elevator, by id. */
export interface AssignerInput {
  hallRequests: HallPair[];
  states: Record<string, AssignerElevatorState>;
}

/** Each elevator's share of the hall calls, same shape as `hallRequests`. */
export type AssignerOutput = Record<string, HallPair[]>;

/** Elevators the assigner accepts. Their start offsets (index in µs) stay far below one step. */
export const ASSIGNER_ELEVATORS_MAX = 1000;
/** Floors the assigner accepts, as many as the hardware protocol can address. */
export const ASSIGNER_FLOORS_MAX = 255;

const BEHAVIOURS: readonly string[] = ['idle', 'moving', 'doorOpen'];
const DIRECTIONS: readonly string[] = ['up', 'down', 'stop'];

function fail(field: string, problem: string): never {
  throw new TroupeError('ELEVATOR_ASSIGNER_INPUT', `assigner input: ${field} ${problem}`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkHallRequests(value: unknown): number {
  if (!Array.isArray(value)) fail('hallRequests', 'must be an array of [up, down] pairs, one per floor');
  if (value.length < 1 || value.length > ASSIGNER_FLOORS_MAX) fail('hallRequests', `has ${value.length} floors, expected 1..${ASSIGNER_FLOORS_MAX}`);
  value.forEach((pair, floor) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'boolean' || typeof pair[1] !== 'boolean') {
      fail(`hallRequests[${floor}]`, 'must be a pair of booleans [up, down]');
    }
  });
  return value.length;
}

function checkState(id: string, value: unknown, floors: number): void {
  const at = `states.${id}`;
  if (!isRecord(value)) fail(at, 'must be an object with behaviour, floor, direction and cabRequests');
  if (typeof value.behaviour !== 'string' || !BEHAVIOURS.includes(value.behaviour)) fail(`${at}.behaviour`, `is ${JSON.stringify(value.behaviour)}, expected idle, moving or doorOpen`);
  if (typeof value.direction !== 'string' || !DIRECTIONS.includes(value.direction)) fail(`${at}.direction`, `is ${JSON.stringify(value.direction)}, expected up, down or stop`);
  const floor = value.floor;
  if (typeof floor !== 'number' || !Number.isInteger(floor) || floor < 0 || floor >= floors) fail(`${at}.floor`, `is ${JSON.stringify(floor)}, expected an integer in 0..${floors - 1}`);
  const cab = value.cabRequests;
  if (!Array.isArray(cab) || cab.some((c) => typeof c !== 'boolean')) fail(`${at}.cabRequests`, 'must be an array of booleans');
  if (cab.length !== floors) fail(`${at}.cabRequests`, `has ${cab.length} entries, expected ${floors} (one per floor, like hallRequests)`);
  if (value.behaviour === 'moving') {
    const next = floor + (value.direction === 'up' ? 1 : value.direction === 'down' ? -1 : 0);
    if (next < 0 || next >= floors) fail(at, `is moving ${value.direction} from floor ${floor}, out of the building`);
  }
}

/**
 * Validates an assigner input (parsed JSON or a typed object) and returns it typed.
 *
 * @example
 * checkAssignerInput({ hallRequests: [[false, false]], states: {} }) // throws: states must name at least one elevator
 */
export function checkAssignerInput(input: unknown): AssignerInput {
  if (!isRecord(input)) fail('input', 'must be an object with hallRequests and states');
  const floors = checkHallRequests(input.hallRequests);
  const states = input.states;
  if (!isRecord(states)) fail('states', 'must be an object mapping elevator ids to states');
  const ids = Object.keys(states);
  if (ids.length < 1) fail('states', 'must name at least one elevator');
  if (ids.length > ASSIGNER_ELEVATORS_MAX) fail('states', `names ${ids.length} elevators, at most ${ASSIGNER_ELEVATORS_MAX}`);
  for (const id of ids) checkState(id, states[id], floors);
  return input as unknown as AssignerInput;
}
