/**
 * Primary/backup over heartbeats (SYSTEMS.md §5), as pure functions on the network part
 * of a controller's context. Time is counted in heartbeat ticks of the controller's own
 * clock, so this file needs no clock.
 *
 * - Every controller sends every peer a heartbeat each tick: its role, view version,
 *   status and calls; a primary's also carries the assignment. Calls from any heartbeat
 *   are merged (calls.ts), so no call is lost whoever wins a role.
 * - A backup follows the primary it hears; when that primary has been silent for
 *   `peerTimeoutTicks`, the backup with the latest view among the live ones (ties: lowest
 *   id) takes over, bumping the version. A controller that hears nobody is a primary of
 *   one and keeps serving.
 * - Two primaries that hear each other: the older view (lower version, then higher id)
 *   steps down to backup of the other.
 * - The primary assigns the active hall calls to the live, available elevators with the
 *   cost-based assigner, and bumps its version whenever calls or assignment change.
 */
import { assignHallRequests } from './assigner.ts';
import type { AssignerElevatorState } from './assigner.ts';
import { activeCabs, activeHallPairs, cabActive, cabDurable, callsEqual, callsFit, callsStamp, hallActive, mergeCalls } from './calls.ts';
import type { Calls, HallDirection } from './calls.ts';
import type { FloorRequests } from './requests.ts';
import type { Assignment, ElevatorStatus, Heartbeat } from './messages.ts';

/** What a controller last heard from one peer. */
export interface PeerInfo {
  heardTick: number;
  role: 'primary' | 'backup';
  version: number;
  status: ElevatorStatus;
  /** Which hall calls it held active (all its calls are merged into ours on receipt). */
  hallActive: [boolean, boolean][];
}

/** The network part of a controller's context. */
export interface NetState {
  id: string;
  index: number;
  /** Every elevator id, in index order (elevator-1 is index 0). */
  ids: string[];
  floors: number;
  role: 'primary' | 'backup';
  version: number;
  /** The primary followed (own id when primary), or null while none is known. */
  primary: string | null;
  calls: Calls;
  assignment: Assignment | null;
  /** The inputs of the last assignment (calls stamp and statuses), to tell when to bump the version. */
  viewKey: string;
  peers: Record<string, PeerInfo>;
  ticks: number;
  peerTimeoutTicks: number;
  status: ElevatorStatus;
}

/** Assigner timing used by a primary. */
export interface AssignTiming {
  travelMsPerFloor: number;
  doorOpenMs: number;
}

/**
 * True when `peer` was heard within the timeout.
 *
 * @example
 * isAlive(net, 'elevator-2')
 */
export function isAlive(net: NetState, peer: string): boolean {
  const info = net.peers[peer];
  return info !== undefined && net.ticks - info.heardTick <= net.peerTimeoutTicks;
}

/** Live peers in index order. */
export function alivePeers(net: NetState): string[] {
  return net.ids.filter((id) => id !== net.id && isAlive(net, id));
}

/** True once a freshly started controller has listened for a whole timeout. */
export function discovered(net: NetState): boolean {
  return net.ticks > net.peerTimeoutTicks;
}

/** (version, id) order of views: positive when a's view is newer, or as new with a lower id. */
function compareViews(net: NetState, a: { id: string; version: number }, b: { id: string; version: number }): number {
  return a.version - b.version || net.ids.indexOf(b.id) - net.ids.indexOf(a.id);
}

/**
 * Takes in a peer's heartbeat: merge its calls, remember it, and settle roles.
 *
 * @example
 * net = receiveHeartbeat(net, 'elevator-2', heartbeat);
 */
export function receiveHeartbeat(net: NetState, from: string, hb: Heartbeat): NetState {
  if (!net.ids.includes(from) || from === net.id || !callsFit(hb.calls, net.ids.length, net.floors)) return net;
  const next: NetState = {
    ...net,
    calls: mergeCalls(net.calls, hb.calls),
    peers: { ...net.peers, [from]: { heardTick: net.ticks, role: hb.role, version: hb.version, status: hb.status, hallActive: activeHallPairs(hb.calls) } },
  };
  // Our primary restarted (or stepped down) and is a backup now: we follow no one.
  if (hb.role !== 'primary') return next.primary === from ? { ...next, primary: null } : next;
  const them = { id: from, version: hb.version };
  const follow = (): NetState => ({ ...next, role: 'backup', primary: from, version: Math.max(next.version, hb.version), assignment: hb.assignment });
  if (next.role === 'primary') {
    // Two primaries meet: the older view steps down; the merge above kept every call.
    return compareViews(next, { id: next.id, version: next.version }, them) < 0 ? follow() : next;
  }
  if (next.primary === null || next.primary === from || !isAlive(next, next.primary)) return follow();
  const current = next.peers[next.primary]!;
  return compareViews(next, them, { id: next.primary, version: current.version }) > 0 ? follow() : next;
}

/**
 * One heartbeat tick: count time, take over when the primary is gone, and (as primary)
 * assign the hall calls. Returns the new state; send `heartbeatOf` to every peer after.
 *
 * @example
 * net = tick(net, { travelMsPerFloor: 2000, doorOpenMs: 3000 });
 */
export function tick(net: NetState, timing: AssignTiming): NetState {
  let next: NetState = { ...net, ticks: net.ticks + 1 };
  if (next.role === 'backup' && discovered(next) && (next.primary === null || !isAlive(next, next.primary))) {
    const candidates = [{ id: next.id, version: next.version }, ...alivePeers(next)
      .filter((id) => next.peers[id]!.role === 'backup')
      .map((id) => ({ id, version: next.peers[id]!.version }))];
    candidates.sort((a, b) => -compareViews(next, a, b));
    if (candidates[0]!.id === next.id) next = { ...next, role: 'primary', primary: next.id, version: next.version + 1 };
    else next = { ...next, primary: null };
  }
  return refreshView(next, timing);
}

/**
 * As primary: recompute the assignment and bump the version when the view changed. A
 * backup's state is returned unchanged.
 *
 * @example
 * net = refreshView(net, timing);
 */
export function refreshView(net: NetState, timing: AssignTiming): NetState {
  if (net.role !== 'primary') return net;
  const key = viewKey(net);
  if (key === net.viewKey && net.assignment !== null) return net;
  return { ...net, assignment: assign(net, timing), version: net.version + 1, viewKey: key };
}

/** What the assignment depends on: the calls (by stamp) and who takes part in what state. */
function viewKey(net: NetState): string {
  const statuses = net.ids.map((id) => {
    const status = id === net.id ? net.status : isAlive(net, id) ? net.peers[id]!.status : undefined;
    return status === undefined || !status.available ? '-' : `${status.behaviour[0]}${status.floor}${status.direction[0]}`;
  });
  return `${callsStamp(net.calls)}|${statuses.join(',')}`;
}

function assign(net: NetState, timing: AssignTiming): Assignment {
  const states: Record<string, AssignerElevatorState> = {};
  for (const id of net.ids) {
    const index = net.ids.indexOf(id);
    const status = id === net.id ? net.status : isAlive(net, id) ? net.peers[id]!.status : undefined;
    if (status === undefined || !status.available) continue;
    states[id] = assignerState(status, activeCabs(net.calls, index), net.floors);
  }
  const floors = net.floors;
  if (Object.keys(states).length === 0) return Array.from({ length: floors }, () => [-1, -1]);
  const shares = assignHallRequests({ hallRequests: activeHallPairs(net.calls), states }, timing);
  return Array.from({ length: floors }, (_, f) => [0, 1].map((d) => {
    const owner = Object.keys(shares).find((id) => shares[id]![f]![d]);
    return owner === undefined ? -1 : net.ids.indexOf(owner);
  }));
}

function assignerState(status: ElevatorStatus, cabRequests: boolean[], floors: number): AssignerElevatorState {
  const step = status.direction === 'up' ? 1 : status.direction === 'down' ? -1 : 0;
  // A car "moving" off the shaft's end (a stale report) is treated as idle, which the assigner accepts.
  const moving = status.behaviour === 'moving' && step !== 0 && status.floor + step >= 0 && status.floor + step < floors;
  return {
    behaviour: moving ? 'moving' : status.behaviour === 'doorOpen' ? 'doorOpen' : 'idle',
    floor: status.floor,
    direction: moving || status.behaviour === 'doorOpen' ? status.direction : 'stop',
    cabRequests,
  };
}

/**
 * The heartbeat this controller sends now.
 *
 * @example
 * for (const peer of peersOf(net)) enqueue.emit(sendEvent(peer, heartbeatOf(net)));
 */
export function heartbeatOf(net: NetState): Heartbeat {
  return {
    type: 'HEARTBEAT',
    role: net.role,
    version: net.version,
    primary: net.primary,
    status: net.status,
    calls: net.calls,
    assignment: net.role === 'primary' ? net.assignment : null,
  };
}

/**
 * What this elevator serves: its active cab calls and the active hall calls assigned to it.
 *
 * @example
 * chooseDirection(myRequests(net), floor, dir)
 */
export function myRequests(net: NetState): FloorRequests[] {
  // Guards ask this many times per step; the state is immutable, so one answer per state.
  let requests = requestsCache.get(net);
  if (requests === undefined) requestsCache.set(net, (requests = computeRequests(net)));
  return requests;
}

const requestsCache = new WeakMap<NetState, FloorRequests[]>();

function computeRequests(net: NetState): FloorRequests[] {
  const owners = net.assignment;
  return Array.from({ length: net.floors }, (_, f) => ({
    hallUp: hallActive(net.calls, f, 0) && owners?.[f]?.[0] === net.index,
    hallDown: hallActive(net.calls, f, 1) && owners?.[f]?.[1] === net.index,
    cab: cabActive(net.calls, net.index, f),
  }));
}

/** The button lights this elevator shows. */
export interface Lights {
  hall: [boolean, boolean][];
  cab: boolean[];
}

/**
 * The lights: a hall light only for a call that a live peer also holds (a primary/backup
 * pair knows it), or, with no live peer, one this elevator has on disk; a cab light only
 * for a press that is on disk. So a lit call survives the loss of any one computer.
 *
 * @example
 * lightsOf(net, durable).hall[2] // [true, false]
 */
export function lightsOf(net: NetState, durable: Calls): Lights {
  const peers = alivePeers(net);
  const acked = (f: number, d: HallDirection): boolean => peers.length > 0
    ? peers.some((id) => net.peers[id]!.hallActive[f]![d]!)
    : discovered(net) && hallActive(durable, f, d);
  return {
    hall: Array.from({ length: net.floors }, (_, f) => [0, 1].map((d) => hallActive(net.calls, f, d as HallDirection) && acked(f, d as HallDirection)) as [boolean, boolean]),
    cab: Array.from({ length: net.floors }, (_, f) => cabActive(net.calls, net.index, f) && cabDurable(durable, net.calls, net.index, f)),
  };
}

/** True when two sets of calls differ (for disk writes). */
export function callsChanged(a: Calls, b: Calls): boolean {
  return !callsEqual(a, b);
}
