/**
 * The controller's context and the pure steps its machine (controller.ts) runs. Each step
 * takes the context and returns the changed context plus the effects to emit (hardware
 * commands, heartbeats, disk writes, facts), so the machine stays a readable chart and
 * every rule here can be tested without XState.
 */
import type { MotorDirection, ButtonType } from '../../devices/elevator/protocol.ts';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import { callsEqual, emptyCalls, mergeCalls, pressHall, serveHall, updateCab, type Calls } from './calls.ts';
import type { Dir, FloorRequests } from './requests.ts';
import { heartbeatOf, lightsOf, myRequests, refreshView, tick, type Lights, type NetState } from './worldView.ts';
import { HALL_BUTTONS, type ElevatorStatus } from './messages.ts';

/** Timing of a controller; defaults in `defaultControllerTiming`. */
export interface ControllerTiming {
  /** Door open at a served floor. */
  doorOpenMs: number;
  /** Heartbeat period, also the controller's clock tick for liveness. */
  heartbeatMs: number;
  /** A peer silent this long is presumed gone (a primary: take over). */
  peerTimeoutMs: number;
  /** Moving this long without a floor event: the motor is presumed stopped. */
  motorTimeoutMs: number;
  /** Door held open by the obstruction this long: give hall calls to others. */
  doorBlockedMs: number;
  /** Wait this long after connecting for the car to report a floor before searching for one. */
  initFloorMs: number;
  /** Travel per floor the assigner assumes. */
  travelMsPerFloor: number;
  /** Disk writes in flight at most; beyond it writes wait for the next tick. */
  writesInFlightMax: number;
}

export const defaultControllerTiming: ControllerTiming = {
  doorOpenMs: 3000,
  heartbeatMs: 100,
  peerTimeoutMs: 1000,
  motorTimeoutMs: 4000,
  doorBlockedMs: 6000,
  initFloorMs: 200,
  travelMsPerFloor: 2000,
  writesInFlightMax: 8,
};

/** Input of an elevator controller. */
export interface ControllerInput {
  seed: number;
  /** This elevator's id; must be in `ids`. */
  id: string;
  ids: string[];
  floors: number;
  /** Its car actor (hardware). */
  car: string;
  /** The store that survives restarts. */
  disk: string;
  timing?: Partial<ControllerTiming>;
}

export interface ControllerContext {
  net: NetState;
  car: string;
  disk: string;
  timing: ControllerTiming;
  behaviour: ElevatorStatus['behaviour'] | 'init';
  /** Last floor reached; -1 until known. */
  floor: number;
  direction: Dir;
  obstruction: boolean;
  motorStopped: boolean;
  doorHeldMs: number;
  motor: MotorDirection;
  doorLight: boolean;
  /** Calls the disk has confirmed. */
  durable: Calls;
  /** Calls last sent to the disk. */
  written: Calls;
  writes: { seq: number; calls: Calls }[];
  seq: number;
  /** Lights as last sent to the car. */
  lit: Lights;
  /** Last emitted value (JSON) per fact, so facts are emitted on change only. */
  facts: Record<string, string>;
}

/** A step's outcome: the changed context and what to emit. */
export interface Step {
  ctx: ControllerContext;
  out: TroupeEmitted[];
}

/**
 * The initial context.
 *
 * @example
 * initialContext({ seed: 1, id: 'elevator-1', ids: ['elevator-1', 'elevator-2'], floors: 4, car: 'car-1', disk: 'disks' })
 */
export function initialContext(input: ControllerInput): ControllerContext {
  const timing = { ...defaultControllerTiming, ...input.timing };
  const calls = emptyCalls(input.ids.length, input.floors);
  const index = input.ids.indexOf(input.id);
  if (index < 0) throw new Error(`elevator controller '${input.id}' is not in its ids ${input.ids.join(', ')}`);
  return {
    net: {
      id: input.id, index, ids: input.ids, floors: input.floors, role: 'backup', version: 0, primary: null, calls,
      assignment: null, viewKey: '', peers: {}, ticks: 0,
      peerTimeoutTicks: Math.ceil(timing.peerTimeoutMs / timing.heartbeatMs),
      status: { behaviour: 'idle', floor: 0, direction: 'stop', available: false },
    },
    car: input.car, disk: input.disk, timing, behaviour: 'init', floor: -1, direction: 'stop',
    obstruction: false, motorStopped: false, doorHeldMs: 0, motor: 'stop', doorLight: false,
    durable: calls, written: calls, writes: [], seq: 0,
    lit: { hall: Array.from({ length: input.floors }, () => [false, false]), cab: new Array(input.floors).fill(false) },
    facts: {},
  };
}

/** What this elevator serves now. */
export function requestsOf(ctx: ControllerContext): FloorRequests[] {
  return myRequests(ctx.net);
}

function fact(s: Step, name: string, value: unknown): void {
  const json = JSON.stringify(value);
  if (s.ctx.facts[name] === json) return;
  s.ctx = { ...s.ctx, facts: { ...s.ctx.facts, [name]: json } };
  s.out.push(factEvent(name, value));
}

/** Commands the motor (only on change). */
export function motorTo(s: Step, direction: MotorDirection): void {
  if (s.ctx.motor === direction) return;
  s.ctx = { ...s.ctx, motor: direction };
  s.out.push(sendEvent(s.ctx.car, { type: 'MOTOR', direction }));
  fact(s, 'motor', direction);
}

/** Switches the door light (only on change); the car's door follows it. */
export function doorTo(s: Step, on: boolean): void {
  if (s.ctx.doorLight === on) return;
  s.ctx = { ...s.ctx, doorLight: on };
  s.out.push(sendEvent(s.ctx.car, { type: 'DOOR_LIGHT', on }));
  fact(s, 'door', on ? 'open' : 'closed');
}

/** Records the floor reached and shows it on the indicator. */
export function reachFloor(s: Step, floor: number): void {
  const changed = s.ctx.floor !== floor;
  s.ctx = { ...s.ctx, floor, motorStopped: false };
  if (changed) s.out.push(sendEvent(s.ctx.car, { type: 'FLOOR_INDICATOR', floor }));
  fact(s, 'floor', floor);
}

/** Serves buttons at the current floor: covers their presses and reports each as a `served` fact. */
export function serve(s: Step, buttons: readonly ButtonType[]): void {
  let calls = s.ctx.net.calls;
  for (const button of buttons) {
    if (button === 'cab') calls = updateCab(calls, s.ctx.net.index, s.ctx.floor, true);
    else calls = serveHall(calls, s.ctx.floor, button === 'hallUp' ? 0 : 1);
    s.out.push(factEvent('served', { floor: s.ctx.floor, button }));
  }
  s.ctx = { ...s.ctx, net: { ...s.ctx.net, calls } };
}

/** A button pressed on this elevator's panel. */
export function press(s: Step, button: ButtonType, floor: number): void {
  const { net } = s.ctx;
  if (!(floor >= 0 && floor < net.floors)) return;
  const calls = button === 'cab' ? updateCab(net.calls, net.index, floor, false) : pressHall(net.calls, floor, button === 'hallUp' ? 0 : 1, net.index);
  s.ctx = { ...s.ctx, net: { ...net, calls } };
  s.out.push(factEvent('pressed', { floor, button }));
}

/** Sends the heartbeat to every other elevator. */
export function broadcast(s: Step): void {
  const hb = heartbeatOf(s.ctx.net);
  for (const id of s.ctx.net.ids) if (id !== s.ctx.net.id) s.out.push(sendEvent(id, hb));
}

/** The heartbeat tick: liveness, takeover, assignment; then the heartbeat goes out. */
export function heartbeatTick(s: Step): void {
  s.ctx = { ...s.ctx, net: tick(s.ctx.net, s.ctx.timing) };
  settle(s);
  broadcast(s);
}

/**
 * After any change: refresh own status and (as primary) the view, send changed lights to
 * the car, write changed calls to disk, and report role, status and lit calls as facts.
 */
export function settle(s: Step): void {
  const c = s.ctx;
  const known = c.floor >= 0;
  const status: ElevatorStatus = {
    behaviour: c.behaviour === 'init' ? 'idle' : c.behaviour,
    floor: known ? c.floor : 0,
    direction: c.direction,
    available: known && c.behaviour !== 'init' && !c.motorStopped && c.doorHeldMs < c.timing.doorBlockedMs,
  };
  const old = c.net.status;
  const same = old.behaviour === status.behaviour && old.floor === status.floor && old.direction === status.direction && old.available === status.available;
  s.ctx = { ...c, net: refreshView(same ? c.net : { ...c.net, status }, c.timing) };
  updateLights(s);
  writeDisk(s);
  fact(s, 'role', s.ctx.net.role);
  fact(s, 'available', status.available);
}

function updateLights(s: Step): void {
  const lights = lightsOf(s.ctx.net, s.ctx.durable);
  const before = s.ctx.lit;
  let changed = s.ctx.facts.calls === undefined;
  lights.hall.forEach((pair, floor) => pair.forEach((on, d) => {
    if (before.hall[floor]![d] === on) return;
    changed = true;
    s.out.push(sendEvent(s.ctx.car, { type: 'LIGHT', button: HALL_BUTTONS[d]!, floor, on }));
  }));
  lights.cab.forEach((on, floor) => {
    if (before.cab[floor] === on) return;
    changed = true;
    s.out.push(sendEvent(s.ctx.car, { type: 'LIGHT', button: 'cab', floor, on }));
  });
  if (!changed) return;
  s.ctx = { ...s.ctx, lit: lights, facts: { ...s.ctx.facts, calls: 'sent' } };
  s.out.push(factEvent('calls', lights));
}

function writeDisk(s: Step): void {
  const c = s.ctx;
  if (callsEqual(c.written, c.net.calls) || c.writes.length >= c.timing.writesInFlightMax) return;
  const seq = c.seq + 1;
  s.ctx = { ...c, seq, written: c.net.calls, writes: [...c.writes, { seq, calls: c.net.calls }] };
  s.out.push(sendEvent(c.disk, { type: 'STORE', seq, calls: c.net.calls }));
}

/** The disk confirmed write `seq`: those calls now survive a restart. */
export function stored(s: Step, seq: number): void {
  const write = s.ctx.writes.find((w) => w.seq === seq);
  if (write === undefined) return;
  s.ctx = { ...s.ctx, durable: mergeCalls(s.ctx.durable, write.calls), writes: s.ctx.writes.filter((w) => w.seq > seq) };
}

/** The disk's content at start: every call it held is known again, and durable. */
export function loaded(s: Step, calls: Calls | null): void {
  if (calls === null) return;
  const merged = mergeCalls(s.ctx.net.calls, calls);
  s.ctx = { ...s.ctx, net: { ...s.ctx.net, calls: merged }, durable: merged, written: merged };
}

/**
 * Runs a step function on a context and returns the result.
 *
 * @example
 * const { ctx, out } = run(context, (s) => press(s, 'cab', 2));
 */
export function run(ctx: ControllerContext, body: (s: Step) => void): Step {
  const s: Step = { ctx, out: [] };
  body(s);
  return s;
}
