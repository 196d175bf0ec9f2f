/**
 * The cost-based hall-request assigner of the course's reference (SYSTEMS.md §5),
 * rewritten as a pure function. It simulates every elevator serving calls and gives each
 * hall call to the elevator that would get there first:
 *
 * 1. Elevators are sorted by id; each one's clock starts at its index in microseconds,
 *    so clocks never tie and, all else equal, the lowest id is first.
 * 2. Initial move: a door that is open is half done (+ doorOpenMs / 2), then it behaves
 *    as idle; an idle elevator takes the calls at its floor (+ doorOpenMs each); a moving
 *    one arrives at the next floor (+ travelMsPerFloor / 2).
 * 3. Then, repeatedly, the elevator with the smallest clock makes one step of the usual
 *    single-elevator algorithm over its own cab calls plus every unassigned hall call:
 *    a moving elevator stops (+ doorOpenMs) if it should, else goes on (+ travelMsPerFloor);
 *    a stopped one picks a direction and departs, or serves the calls at its floor. Hall
 *    calls it clears on a stop become its own. Clearing is "in the direction of travel":
 *    it clears the call in the direction it goes, and the opposite one only if nothing
 *    lies further that way.
 * 4. It ends when no hall call is unassigned, or earlier when every unassigned call sits
 *    at a floor with an elevator that has no cab calls (and no floor has both calls);
 *    those are given out directly, earliest clock first.
 *
 * One deliberate difference from the reference: in the initial move an idle elevator
 * takes only calls no other elevator took. The reference re-takes them, so of two idle
 * elevators at the calling floor the highest id won; here the lowest id wins, as
 * SYSTEMS.md states ties go.
 */
import { assert } from '../../runtime/errors.ts';
import { checkAssignerInput } from './assignerInput.ts';
import type { AssignerInput, AssignerOutput, Behaviour, HallPair } from './assignerInput.ts';

export type { AssignerElevatorState, AssignerInput, AssignerOutput, Behaviour, Direction, HallPair } from './assignerInput.ts';
export { ASSIGNER_ELEVATORS_MAX, ASSIGNER_FLOORS_MAX, checkAssignerInput } from './assignerInput.ts';

/** Timing of the simulation; defaults are the reference's. */
export interface AssignerOptions {
  /** Travel time between adjacent floors. Default 2500 ms. */
  travelMsPerFloor?: number;
  /** Time the door stays open at a stop. Default 3000 ms. */
  doorOpenMs?: number;
}

type Dir = -1 | 0 | 1;
const HALL_UP = 0;
const HALL_DOWN = 1;

interface HallCall { active: boolean; assignedTo: string | null }

interface SimElevator {
  id: string;
  index: number;
  behaviour: Behaviour;
  floor: number;
  dir: Dir;
  cab: boolean[];
  /** Integer microseconds, so sums are exact and comparisons never wobble. */
  timeUs: number;
}

interface Timing { travelUs: number; doorUs: number }

/** The requests one elevator sees: [hallUp, hallDown, cab] per floor. */
type Seen = [boolean, boolean, boolean][];

const isUnassigned = (call: HallCall): boolean => call.active && call.assignedTo === null;

function seenBy(e: SimElevator, calls: HallCall[][]): Seen {
  return calls.map((pair, f) => [isUnassigned(pair[HALL_UP]), isUnassigned(pair[HALL_DOWN]), e.cab[f]]);
}

const anyAt = (seen: Seen, f: number): boolean => seen[f].some((r) => r);
const anyAbove = (seen: Seen, f: number): boolean => seen.slice(f + 1).some((r) => r.some((x) => x));
const anyBelow = (seen: Seen, f: number): boolean => seen.slice(0, f).some((r) => r.some((x) => x));

function shouldStop(seen: Seen, f: number, dir: Dir): boolean {
  const atEnd = f === 0 || f === seen.length - 1;
  if (dir === 1) return seen[f][HALL_UP] || seen[f][2] || !anyAbove(seen, f) || atEnd;
  if (dir === -1) return seen[f][HALL_DOWN] || seen[f][2] || !anyBelow(seen, f) || atEnd;
  return true;
}

function chooseDirection(seen: Seen, f: number, dir: Dir): Dir {
  if (dir === 1) return anyAbove(seen, f) ? 1 : anyAt(seen, f) ? 0 : anyBelow(seen, f) ? -1 : 0;
  return anyBelow(seen, f) ? -1 : anyAt(seen, f) ? 0 : anyAbove(seen, f) ? 1 : 0;
}

/** Clears, in the direction of travel `dir`, what `e` serves at its floor. */
function clearAtFloor(e: SimElevator, seen: Seen, calls: HallCall[][], dir: Dir): void {
  const f = e.floor;
  e.cab[f] = false;
  const take = (c: number): void => {
    if (seen[f][c]) calls[f][c].assignedTo = e.id;
    seen[f][c] = false;
  };
  if (dir === 1) {
    if (seen[f][HALL_UP]) take(HALL_UP);
    else if (!anyAbove(seen, f)) take(HALL_DOWN);
  } else if (dir === -1) {
    if (seen[f][HALL_DOWN]) take(HALL_DOWN);
    else if (!anyBelow(seen, f)) take(HALL_UP);
  } else {
    take(HALL_UP);
    take(HALL_DOWN);
  }
}

function initialMove(e: SimElevator, calls: HallCall[][], t: Timing): void {
  if (e.behaviour === 'moving') {
    e.floor += e.dir;
    e.timeUs += t.travelUs / 2;
    return;
  }
  if (e.behaviour === 'doorOpen') e.timeUs += t.doorUs / 2;
  for (const call of calls[e.floor]) {
    if (!isUnassigned(call)) continue;
    call.assignedTo = e.id;
    e.timeUs += t.doorUs;
  }
}

function singleMove(e: SimElevator, calls: HallCall[][], t: Timing): void {
  const seen = seenBy(e, calls);
  if (e.behaviour === 'moving') {
    if (shouldStop(seen, e.floor, e.dir)) {
      e.behaviour = 'doorOpen';
      e.timeUs += t.doorUs;
      clearAtFloor(e, seen, calls, e.dir);
    } else {
      e.floor += e.dir;
      e.timeUs += t.travelUs;
    }
    return;
  }
  // Clearing uses the direction held before this choice, as the reference does: an
  // elevator that arrived going up clears the up call first and, if it then turns,
  // serves the down call on its next step, another door period later.
  const previousDir = e.dir;
  e.dir = chooseDirection(seen, e.floor, e.dir);
  if (e.dir !== 0) {
    e.behaviour = 'moving';
    e.floor += e.dir;
    e.timeUs += t.travelUs;
  } else if (anyAt(seen, e.floor)) {
    clearAtFloor(e, seen, calls, previousDir);
    e.behaviour = 'doorOpen';
    e.timeUs += t.doorUs;
  } else {
    e.behaviour = 'idle';
  }
}

/** True when every unassigned call can go to an elevator already at its floor with no cab calls. */
function immediatelyAssignable(calls: HallCall[][], elevators: SimElevator[]): boolean {
  if (elevators.some((e) => e.cab.some((c) => c))) return false;
  return calls.every((pair, f) => {
    if (pair[HALL_UP].active && pair[HALL_DOWN].active) return false;
    return pair.every((call) => !isUnassigned(call) || elevators.some((e) => e.floor === f));
  });
}

function assignImmediately(calls: HallCall[][], elevators: SimElevator[], t: Timing): void {
  calls.forEach((pair, f) => {
    for (const call of pair) {
      const e = elevators.find((x) => x.floor === f);
      if (e === undefined || !isUnassigned(call)) continue;
      call.assignedTo = e.id;
      e.timeUs += t.doorUs;
    }
  });
}

function byTime(a: SimElevator, b: SimElevator): number {
  return a.timeUs - b.timeUs || a.index - b.index;
}

function positiveMs(name: string, value: number): number {
  assert(Number.isInteger(value) && value > 0, `assigner options.${name} must be a positive integer of ms, got ${value}`);
  return value;
}

/**
 * Assigns every hall call to exactly one elevator. Pure and deterministic.
 *
 * @example
 * assignHallRequests({
 *   hallRequests: [[false, false], [true, false], [false, false], [false, true]],
 *   states: {
 *     one: { behaviour: 'moving', floor: 2, direction: 'up', cabRequests: [false, false, true, true] },
 *     two: { behaviour: 'idle', floor: 0, direction: 'stop', cabRequests: [false, false, false, false] },
 *   },
 * });
 * // { one: [[false,false],[false,false],[false,false],[false,true]],
 * //   two: [[false,false],[true,false],[false,false],[false,false]] }
 */
export function assignHallRequests(input: AssignerInput, options: AssignerOptions = {}): AssignerOutput {
  const { hallRequests, states } = checkAssignerInput(input);
  const timing: Timing = {
    travelUs: positiveMs('travelMsPerFloor', options.travelMsPerFloor ?? 2500) * 1000,
    doorUs: positiveMs('doorOpenMs', options.doorOpenMs ?? 3000) * 1000,
  };
  const floors = hallRequests.length;
  const ids = Object.keys(states).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const elevators: SimElevator[] = ids.map((id, index) => {
    const s = states[id];
    const dir: Dir = s.direction === 'up' ? 1 : s.direction === 'down' ? -1 : 0;
    return { id, index, behaviour: s.behaviour, floor: s.floor, dir, cab: [...s.cabRequests], timeUs: index };
  });
  const calls: HallCall[][] = hallRequests.map((pair) => pair.map((active) => ({ active, assignedTo: null })));
  for (const e of elevators) initialMove(e, calls, timing);

  // Each step adds at least one door or travel period to the stepping elevator, and an
  // unassigned call is reached by every elevator within two sweeps (4 steps per floor);
  // so 2 * floors calls need fewer steps than this. Reaching it is a bug in this file.
  const stepsMax = 16 * elevators.length * floors * floors + 64;
  for (let step = 0; ; step++) {
    assert(step < stepsMax, `hall-request assigner did not finish within ${stepsMax} steps`);
    elevators.sort(byTime);
    if (immediatelyAssignable(calls, elevators)) {
      assignImmediately(calls, elevators, timing);
      break;
    }
    if (!calls.some((pair) => pair.some(isUnassigned))) break;
    singleMove(elevators[0], calls, timing);
  }
  return shareOut(ids, calls);
}

function shareOut(ids: string[], calls: HallCall[][]): AssignerOutput {
  const output: AssignerOutput = {};
  for (const id of ids) {
    output[id] = calls.map((pair): HallPair => [pair[HALL_UP].assignedTo === id, pair[HALL_DOWN].assignedTo === id]);
  }
  for (const pair of calls) for (const call of pair) assert(call.active === (call.assignedTo !== null), 'a hall call was lost or invented');
  return output;
}
