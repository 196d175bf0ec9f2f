/**
 * The calls of the world view as counters that merge without losing a press.
 *
 * A hall call (floor, direction) keeps, per elevator e, `p[e]`: how many presses e's panel
 * registered, and `s[e]`: the highest `p[e]` that a service has covered. The call is
 * active while some `p[e] > s[e]`. Merging two views takes the pointwise maximum, so:
 * - a press is never undone by a merge (its `p[e]` only grows);
 * - a service covers exactly the presses its elevator knew of when it opened the door, so
 *   a press made meanwhile behind a partition stays active after the partition heals;
 * - a stale copy (an old disk, a late heartbeat) cannot bring back a served call.
 * Cab calls are one counter pair per (elevator, floor); only their owner changes them.
 *
 * Every function is pure and returns a new value; the arrays are small (floors x 2 x n).
 */
import { assert } from '../../runtime/errors.ts';

/** Press and service counters of one hall call, one entry per elevator index. */
export interface HallCounter {
  p: number[];
  s: number[];
}

/** Every call: `hall[floor][0 up | 1 down]` and `cab[elevatorIndex][floor] = [pressed, served]`. */
export interface Calls {
  hall: HallCounter[][];
  cab: [number, number][][];
}

/** 0 for hall up, 1 for hall down. */
export type HallDirection = 0 | 1;

/**
 * No calls, for `elevators` elevators and `floors` floors.
 *
 * @example
 * emptyCalls(3, 4).hall.length // 4
 */
export function emptyCalls(elevators: number, floors: number): Calls {
  assert(elevators >= 1 && floors >= 2, `calls need >= 1 elevator and >= 2 floors, got ${elevators} and ${floors}`);
  const counter = (): HallCounter => ({ p: new Array(elevators).fill(0), s: new Array(elevators).fill(0) });
  return {
    hall: Array.from({ length: floors }, () => [counter(), counter()]),
    cab: Array.from({ length: elevators }, () => Array.from({ length: floors }, (): [number, number] => [0, 0])),
  };
}

/** `a` itself when `b` holds nothing newer, else the pointwise maximum (identity saves work downstream). */
function maxInto(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < a.length; i++) {
    if ((b[i] ?? 0) > a[i]!) return a.map((x, k) => Math.max(x, b[k] ?? 0));
  }
  return a;
}

/**
 * The pointwise maximum of two views' calls: every press and every service either knew.
 * Returns `a` itself when `b` adds nothing.
 *
 * @example
 * hallActive(mergeCalls(a, b), 2, 0) // true if a press at floor 2 up is uncovered in either
 */
export function mergeCalls(a: Calls, b: Calls): Calls {
  let changed = false;
  const hall = a.hall.map((pair, f) => {
    const merged = pair.map((c, d) => {
      const other = b.hall[f]![d]!;
      const p = maxInto(c.p, other.p);
      const s = maxInto(c.s, other.s);
      return p === c.p && s === c.s ? c : { p, s };
    });
    if (merged[0] === pair[0] && merged[1] === pair[1]) return pair;
    changed = true;
    return merged;
  });
  const cab = a.cab.map((floors, e) => {
    const other = b.cab[e]!;
    if (floors.every(([p, s], f) => p >= other[f]![0] && s >= other[f]![1])) return floors;
    changed = true;
    return floors.map(([p, s], f) => [Math.max(p, other[f]![0]), Math.max(s, other[f]![1])] as [number, number]);
  });
  return changed ? { hall, cab } : a;
}

/**
 * The sum of every counter. Counters only grow, so two states of one view have the same
 * stamp only when they are equal: a cheap "did anything change".
 *
 * @example
 * callsStamp(pressHall(calls, 1, 0, 0)) === callsStamp(calls) + 1 // true
 */
export function callsStamp(calls: Calls): number {
  let sum = 0;
  for (const pair of calls.hall) for (const c of pair) for (let i = 0; i < c.p.length; i++) sum += c.p[i]! + c.s[i]!;
  for (const floors of calls.cab) for (const [p, s] of floors) sum += p + s;
  return sum;
}

/** True when the two are the same counters. */
export function callsEqual(a: Calls, b: Calls): boolean {
  if (a === b) return true;
  const same = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.hall.length === b.hall.length && a.cab.length === b.cab.length &&
    a.hall.every((pair, f) => pair.every((c, d) => same(c.p, b.hall[f]![d]!.p) && same(c.s, b.hall[f]![d]!.s))) &&
    a.cab.every((floors, e) => floors.every(([p, s], f) => p === b.cab[e]![f]![0] && s === b.cab[e]![f]![1]));
}

/**
 * True while some press of the hall call is not covered by a service.
 *
 * @example
 * hallActive(pressHall(emptyCalls(3, 4), 1, 0, 2), 1, 0) // true
 */
export function hallActive(calls: Calls, floor: number, direction: HallDirection): boolean {
  const c = calls.hall[floor]![direction]!;
  return c.p.some((p, e) => p > c.s[e]!);
}

/**
 * A press of the hall button at elevator `index`'s panel: always a new press, even on an
 * active call, because a service the panel has not heard of yet may already cover the old one.
 *
 * @example
 * pressHall(calls, 3, 1, 0) // floor 3, down, pressed at elevator 0's panel
 */
export function pressHall(calls: Calls, floor: number, direction: HallDirection, index: number): Calls {
  return updateHall(calls, floor, direction, (c) => ({ p: c.p.map((p, e) => (e === index ? p + 1 : p)), s: c.s }));
}

/**
 * A service of the hall call: covers every press this view knows of.
 *
 * @example
 * hallActive(serveHall(pressHall(calls, 1, 0, 0), 1, 0), 1, 0) // false
 */
export function serveHall(calls: Calls, floor: number, direction: HallDirection): Calls {
  return updateHall(calls, floor, direction, (c) => ({ p: c.p, s: c.p.map((p, e) => Math.max(p, c.s[e]!)) }));
}

function updateHall(calls: Calls, floor: number, direction: HallDirection, change: (c: HallCounter) => HallCounter): Calls {
  return { ...calls, hall: calls.hall.map((pair, f) => (f !== floor ? pair : pair.map((c, d) => (d === direction ? change(c) : c)))) };
}

/** True while elevator `index` has an uncovered cab press for `floor`. */
export function cabActive(calls: Calls, index: number, floor: number): boolean {
  const [p, s] = calls.cab[index]![floor]!;
  return p > s;
}

/**
 * A cab press (`serve` false) or a cab service (`serve` true) at elevator `index`.
 *
 * @example
 * cabActive(updateCab(calls, 0, 2, false), 0, 2) // true
 */
export function updateCab(calls: Calls, index: number, floor: number, serve: boolean): Calls {
  return {
    ...calls,
    cab: calls.cab.map((floors, e) => (e !== index ? floors : floors.map(([p, s], f) => (f !== floor ? [p, s] : serve ? [p, p] : [p + 1, s])) as [number, number][])),
  };
}

/**
 * Active hall calls as the assigner's `[up, down]` pairs.
 *
 * @example
 * activeHallPairs(emptyCalls(3, 4)) // [[false,false],[false,false],[false,false],[false,false]]
 */
export function activeHallPairs(calls: Calls): [boolean, boolean][] {
  return calls.hall.map((_, f) => [hallActive(calls, f, 0), hallActive(calls, f, 1)]);
}

/** Active cab calls of one elevator, one entry per floor. */
export function activeCabs(calls: Calls, index: number): boolean[] {
  return calls.cab[index]!.map(([p, s]) => p > s);
}

/** True when `durable` holds at least every cab press of `calls` for (index, floor): the press survives a restart. */
export function cabDurable(durable: Calls, calls: Calls, index: number, floor: number): boolean {
  return durable.cab[index]![floor]![0] >= calls.cab[index]![floor]![0];
}

/** True when the calls fit `elevators` x `floors` (a view from a differently configured peer is ignored). */
export function callsFit(calls: unknown, elevators: number, floors: number): calls is Calls {
  const c = calls as Calls;
  return typeof c === 'object' && c !== null && Array.isArray(c.hall) && c.hall.length === floors &&
    c.hall.every((pair) => pair.length === 2 && pair.every((h) => h.p.length === elevators && h.s.length === elevators)) &&
    Array.isArray(c.cab) && c.cab.length === elevators && c.cab.every((floorsOf) => floorsOf.length === floors);
}
