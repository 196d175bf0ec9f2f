/**
 * The single-elevator algorithm over the requests one elevator serves (its cab calls and
 * the hall calls assigned to it), as in the course's reference: keep going while there is
 * work ahead, stop for calls in the direction of travel, clear in the direction it will
 * leave. Pure functions; the controller machine owns the state.
 *
 * Clearing never takes up and down at once (SYSTEMS.md §5): arriving up, it clears the up
 * call (or, with nothing above and no up call, the down call and turns); the other call
 * at the same floor waits for the next door period.
 */
import type { ButtonType } from '../../devices/elevator/protocol.ts';

/** Travel direction; `stop` when standing with no direction. */
export type Dir = 'up' | 'down' | 'stop';

/** What the elevator serves at one floor. */
export interface FloorRequests {
  hallUp: boolean;
  hallDown: boolean;
  cab: boolean;
}

const anyAt = (r: FloorRequests | undefined): boolean => r !== undefined && (r.hallUp || r.hallDown || r.cab);

/** True when some request lies above `floor`. */
export function requestsAbove(requests: readonly FloorRequests[], floor: number): boolean {
  return requests.slice(floor + 1).some(anyAt);
}

/** True when some request lies below `floor`. */
export function requestsBelow(requests: readonly FloorRequests[], floor: number): boolean {
  return requests.slice(0, Math.max(0, floor)).some(anyAt);
}

/** True when some request is at `floor`. */
export function requestsHere(requests: readonly FloorRequests[], floor: number): boolean {
  return anyAt(requests[floor]);
}

/**
 * What to do next at `floor` after travelling `dir` (or standing): keep the direction while
 * work lies ahead, serve the floor (door) when work is here, else turn, else idle.
 *
 * @example
 * chooseDirection([{ hallUp: false, hallDown: false, cab: false }, { hallUp: true, hallDown: false, cab: false }], 0, 'stop')
 * // { direction: 'up', behaviour: 'moving' }
 */
export function chooseDirection(requests: readonly FloorRequests[], floor: number, dir: Dir): { direction: Dir; behaviour: 'moving' | 'doorOpen' | 'idle' } {
  const above = requestsAbove(requests, floor);
  const below = requestsBelow(requests, floor);
  const here = requestsHere(requests, floor);
  if (dir === 'up') {
    if (above) return { direction: 'up', behaviour: 'moving' };
    if (here) return { direction: 'down', behaviour: 'doorOpen' };
    if (below) return { direction: 'down', behaviour: 'moving' };
  } else if (dir === 'down') {
    if (below) return { direction: 'down', behaviour: 'moving' };
    if (here) return { direction: 'up', behaviour: 'doorOpen' };
    if (above) return { direction: 'up', behaviour: 'moving' };
  } else {
    if (here) return { direction: 'stop', behaviour: 'doorOpen' };
    if (above) return { direction: 'up', behaviour: 'moving' };
    if (below) return { direction: 'down', behaviour: 'moving' };
  }
  return { direction: 'stop', behaviour: 'idle' };
}

/**
 * True when an elevator arriving at `floor` going `dir` should stop: a call in its
 * direction or a cab call here, or nothing further ahead.
 *
 * @example
 * shouldStop([{ hallUp: false, hallDown: false, cab: false }, { hallUp: false, hallDown: true, cab: false }, { hallUp: false, hallDown: false, cab: true }], 1, 'up') // false
 */
export function shouldStop(requests: readonly FloorRequests[], floor: number, dir: Dir): boolean {
  const r = requests[floor]!;
  if (dir === 'up') return r.hallUp || r.cab || !requestsAbove(requests, floor);
  if (dir === 'down') return r.hallDown || r.cab || !requestsBelow(requests, floor);
  return true;
}

/**
 * What a stop at `floor` after travelling `dir` serves, and the direction it leaves in.
 * Never both hall calls: the one in the leaving direction only.
 *
 * @example
 * clearsAtFloor([{ hallUp: true, hallDown: true, cab: false }, { hallUp: false, hallDown: false, cab: false }], 0, 'stop')
 * // { buttons: ['hallUp'], direction: 'up' }
 */
export function clearsAtFloor(requests: readonly FloorRequests[], floor: number, dir: Dir): { buttons: ButtonType[]; direction: Dir } {
  const r = requests[floor]!;
  const buttons: ButtonType[] = r.cab ? ['cab'] : [];
  const above = requestsAbove(requests, floor);
  const below = requestsBelow(requests, floor);
  if (dir === 'up') {
    if (r.hallUp) return { buttons: [...buttons, 'hallUp'], direction: 'up' };
    if (!above && r.hallDown) return { buttons: [...buttons, 'hallDown'], direction: 'down' };
    return { buttons, direction: dir };
  }
  if (dir === 'down') {
    if (r.hallDown) return { buttons: [...buttons, 'hallDown'], direction: 'down' };
    if (!below && r.hallUp) return { buttons: [...buttons, 'hallUp'], direction: 'up' };
    return { buttons, direction: dir };
  }
  if (r.hallUp && (above || !r.hallDown)) return { buttons: [...buttons, 'hallUp'], direction: 'up' };
  if (r.hallDown) return { buttons: [...buttons, 'hallDown'], direction: 'down' };
  return { buttons, direction: dir };
}

/**
 * What may be cleared at once while the door is already open at `floor` leaving `dir`: a
 * cab call here, or a hall call here in the leaving direction. The opposite hall call
 * waits for the next door period.
 *
 * @example
 * clearsWhileOpen([{ hallUp: false, hallDown: true, cab: true }], 0, 'up') // { buttons: ['cab'], direction: 'up' }
 */
export function clearsWhileOpen(requests: readonly FloorRequests[], floor: number, dir: Dir): { buttons: ButtonType[]; direction: Dir } {
  const r = requests[floor]!;
  if (dir === 'stop') return clearsAtFloor(requests, floor, dir);
  const buttons: ButtonType[] = r.cab ? ['cab'] : [];
  if (dir === 'up' && r.hallUp) buttons.push('hallUp');
  if (dir === 'down' && r.hallDown) buttons.push('hallDown');
  return { buttons, direction: dir };
}
