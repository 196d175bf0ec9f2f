/**
 * What the elevator checks read from a trace: who is up, who can reach whom (partitions
 * and cuts from fault records), the lights each controller showed over time, and every
 * press and service. Built once per check from the records, in order.
 */
import type { TraceView } from '../../runtime/checks.ts';
import type { ButtonType } from '../../devices/elevator/protocol.ts';
import type { Lights } from './worldView.ts';

/** A press or a service, from a controller's `pressed` / `served` fact. */
export interface CallEvent {
  t: number;
  actor: string;
  floor: number;
  button: ButtonType;
}

/** On/off spans of one light: sorted transitions [t, on]. */
export type LightHistory = [number, boolean][];

/** Controller ids of a trace (`elevator-N`). */
export function elevatorsOf(view: TraceView): string[] {
  return view.actors.filter((id) => /^elevator-\d+$/.test(id));
}

/** The light key of a button: cab lights belong to one elevator. */
export function lightKey(actor: string, floor: number, button: ButtonType): string {
  return `${actor}|${floor}|${button}`;
}

/**
 * Network reachability between actors as faults changed it.
 *
 * @example
 * const net = new Reachability(); net.apply(fault); net.connected('elevator-1', 'elevator-2');
 */
export class Reachability {
  private groups = new Map<string, number>();
  private cuts = new Set<string>();

  apply(fault: { action: string; groups?: readonly string[][]; from?: readonly string[]; to?: readonly string[] }): void {
    if (fault.action === 'heal') {
      this.groups = new Map();
      this.cuts = new Set();
    } else if (fault.action === 'partition') {
      this.groups = new Map();
      fault.groups!.forEach((group, index) => group.forEach((id) => this.groups.set(id, index)));
    } else if (fault.action === 'cut') {
      for (const from of fault.from!) for (const to of fault.to!) this.cuts.add(`${from}>${to}`);
    }
  }

  /** Both ways reachable. */
  connected(a: string, b: string): boolean {
    const blocked = (x: string, y: string) => this.cuts.has(`${x}>${y}`) ||
      (this.groups.size > 0 && (this.groups.get(x) ?? -1) !== (this.groups.get(y) ?? -1));
    return !blocked(a, b) && !blocked(b, a);
  }
}

/** Everything the checks need, gathered in one pass. */
export interface Timeline {
  elevators: string[];
  presses: CallEvent[];
  services: CallEvent[];
  /** Light histories by lightKey; a crash turns every light of that controller off. */
  lights: Map<string, LightHistory>;
  endMs: number;
}

function setLight(lights: Map<string, LightHistory>, key: string, t: number, on: boolean): void {
  let history = lights.get(key);
  if (history === undefined) lights.set(key, (history = []));
  const last = history[history.length - 1];
  if ((last?.[1] ?? false) === on) return;
  history.push([t, on]);
}

function applyLights(lights: Map<string, LightHistory>, actor: string, t: number, shown: Lights | null, floors: number): void {
  for (let floor = 0; floor < floors; floor++) {
    setLight(lights, lightKey(actor, floor, 'hallUp'), t, shown?.hall[floor]?.[0] ?? false);
    setLight(lights, lightKey(actor, floor, 'hallDown'), t, shown?.hall[floor]?.[1] ?? false);
    setLight(lights, lightKey(actor, floor, 'cab'), t, shown?.cab[floor] ?? false);
  }
}

/**
 * Gathers presses, services and light histories.
 *
 * @example
 * const timeline = buildTimeline(view);
 */
export function buildTimeline(view: TraceView): Timeline {
  const elevators = elevatorsOf(view);
  const isElevator = new Set(elevators);
  const presses: CallEvent[] = [];
  const services: CallEvent[] = [];
  const lights = new Map<string, LightHistory>();
  let floors = 0;
  for (const record of view.records) {
    if ((record.kind === 'crash' || record.kind === 'stop' || record.kind === 'give-up') && isElevator.has(record.actor)) {
      applyLights(lights, record.actor, record.t, null, floors);
    }
    if (record.kind !== 'fact' || !isElevator.has(record.actor)) continue;
    if (record.name === 'calls') {
      const shown = record.value as Lights;
      floors = shown.cab.length;
      applyLights(lights, record.actor, record.t, shown, floors);
    } else if (record.name === 'pressed' || record.name === 'served') {
      const value = record.value as { floor: number; button: ButtonType };
      (record.name === 'pressed' ? presses : services).push({ t: record.t, actor: record.actor, floor: value.floor, button: value.button });
    }
  }
  return { elevators, presses, services, lights, endMs: view.durationMs };
}

/** True when the light was on at some time in [fromMs, toMs). */
export function litDuring(history: LightHistory | undefined, fromMs: number, toMs: number): boolean {
  if (history === undefined) return false;
  let on = false;
  for (const [t, value] of history) {
    if (t >= toMs) break;
    if (t <= fromMs) on = value;
    else if (value) return true;
  }
  return on && fromMs < toMs;
}

/** The light's state at the end of the history. */
export function litAtEnd(history: LightHistory | undefined): boolean {
  return history?.[history.length - 1]?.[1] ?? false;
}

/**
 * The first service of a press: any elevator for a hall call (whoever arrives serves the
 * people waiting), the pressing elevator for a cab call; at or after the press.
 */
export function serviceOf(press: CallEvent, services: readonly CallEvent[]): CallEvent | undefined {
  return services.find((s) => s.t >= press.t && s.floor === press.floor && s.button === press.button &&
    (press.button !== 'cab' || s.actor === press.actor));
}

/** True when the press was acknowledged: a light for it was on before it was served. */
export function acknowledged(press: CallEvent, timeline: Timeline, servedMs: number): boolean {
  const owners = press.button === 'cab' ? [press.actor] : timeline.elevators;
  return owners.some((actor) => litDuring(timeline.lights.get(lightKey(actor, press.floor, press.button)), press.t, servedMs));
}
