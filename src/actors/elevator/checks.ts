/**
 * The elevator promises (SYSTEMS.md §5), checked on the trace:
 *
 * - no acknowledged call is ever lost: a press whose light went on (a hall light at any
 *   controller, a cab light at its own) is served, or still lit at the end of the run;
 * - every acknowledged hall call is served within `hallBoundMs` of its press, or of the
 *   end of the faults when it was pressed before (hardware faults are scripted messages,
 *   so a scenario passes their end as `quietFromMs`);
 * - cab calls survive restarts: a cab light on when its controller went down is on again
 *   within `restoreBoundMs` of its restart (or served by then);
 * - never two primaries that can reach each other for longer than `takeoverBoundMs`;
 * - the door light of a car is never on while its motor runs;
 * - hall lights agree: two live controllers that reach each other never show a hall
 *   light differently for longer than `lightsAgreeMs`;
 * - no needless stops: the door opens only where the elevator serves a call.
 *
 * A "stop" here is a door opening; a car that halts with its door shut (its last call
 * went to another elevator on the way) carries no passenger cost and is not counted.
 */
import type { Check, TraceView } from '../../runtime/checks.ts';
import { safety } from '../../runtime/checks.ts';
import { acknowledged, buildTimeline, elevatorsOf, lightKey, litAtEnd, Reachability, serviceOf, type Timeline } from './timeline.ts';
import type { Lights } from './worldView.ts';

export interface ElevatorCheckOptions {
  hallBoundMs?: number;
  quietFromMs?: number;
  restoreBoundMs?: number;
  takeoverBoundMs?: number;
  lightsAgreeMs?: number;
}

type Violation = { atMs: number; detail: string } | undefined;

const describe = (p: { actor: string; floor: number; button: string; t: number }) => `${p.button} ${p.floor} pressed at ${p.actor} at t=${Math.round(p.t)} ms`;

function timelineOf(view: TraceView): Timeline {
  const cache = view as unknown as { elevatorTimeline?: Timeline };
  return (cache.elevatorTimeline ??= buildTimeline(view));
}

function noAcknowledgedCallLost(view: TraceView): Violation {
  const timeline = timelineOf(view);
  for (const press of timeline.presses) {
    if (serviceOf(press, timeline.services) !== undefined) continue;
    if (!acknowledged(press, timeline, timeline.endMs)) continue;
    const owners = press.button === 'cab' ? [press.actor] : timeline.elevators;
    if (owners.some((actor) => litAtEnd(timeline.lights.get(lightKey(actor, press.floor, press.button))))) continue;
    return { atMs: press.t, detail: `${describe(press)} was acknowledged, never served, and no light shows it at the end` };
  }
  return undefined;
}

function hallServedInTime(view: TraceView, hallBoundMs: number, quietFromMs: number): { ok: boolean; detail: string; atMs?: number } {
  const timeline = timelineOf(view);
  const quiet = Math.max(view.lastFaultMs() ?? 0, quietFromMs);
  let worstMs = 0;
  for (const press of timeline.presses) {
    if (press.button === 'cab') continue;
    const service = serviceOf(press, timeline.services);
    if (!acknowledged(press, timeline, service?.t ?? timeline.endMs)) continue;
    const fromMs = Math.max(press.t, quiet);
    const deadline = fromMs + hallBoundMs;
    if (service === undefined && deadline >= timeline.endMs) continue; // the run ended first; "lost" judges it
    if (service === undefined || service.t > deadline) {
      return { ok: false, atMs: deadline, detail: `${describe(press)} ${service === undefined ? 'was never served' : `was served only at t=${Math.round(service.t)} ms`} (bound ${hallBoundMs} ms from t=${Math.round(fromMs)} ms)` };
    }
    worstMs = Math.max(worstMs, service.t - fromMs);
  }
  return { ok: true, detail: `worst ${Math.round(worstMs)} ms (bound ${hallBoundMs} ms)` };
}

function cabCallsSurviveRestarts(view: TraceView, restoreBoundMs: number): Violation {
  const timeline = timelineOf(view);
  const lastLights = new Map<string, Lights>();
  const downWith = new Map<string, { t: number; floors: number[] }>();
  const isElevator = new Set(timeline.elevators);
  for (const record of view.records) {
    if (!('actor' in record) || !isElevator.has(record.actor)) continue;
    if (record.kind === 'fact' && record.name === 'calls') lastLights.set(record.actor, record.value as Lights);
    if (record.kind === 'crash') {
      const lit = lastLights.get(record.actor)?.cab.flatMap((on, floor) => (on ? [floor] : [])) ?? [];
      downWith.set(record.actor, { t: record.t, floors: lit });
      lastLights.delete(record.actor);
    }
    if (record.kind === 'start' && downWith.has(record.actor)) {
      const { floors } = downWith.get(record.actor)!;
      downWith.delete(record.actor);
      for (const floor of floors) {
        const history = timeline.lights.get(lightKey(record.actor, floor, 'cab')) ?? [];
        const back = history.find(([t, on]) => on && t >= record.t);
        const served = timeline.services.find((s) => s.actor === record.actor && s.button === 'cab' && s.floor === floor && s.t >= record.t);
        const byMs = Math.min(back?.[0] ?? Infinity, served?.t ?? Infinity);
        if (byMs - record.t > restoreBoundMs && record.t + restoreBoundMs < timeline.endMs) {
          return { atMs: record.t + restoreBoundMs, detail: `${record.actor}'s cab call to floor ${floor}, lit when it went down, was not lit again within ${restoreBoundMs} ms of its restart at t=${Math.round(record.t)} ms` };
        }
      }
    }
  }
  return undefined;
}

function pairs<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}

/** Replays up/down, reachability and one fact per elevator, calling `visit` after each change. */
function replay(view: TraceView, factName: string, visit: (t: number, up: Set<string>, reach: Reachability, facts: Map<string, unknown>) => Violation): Violation {
  const elevators = new Set(elevatorsOf(view));
  const up = new Set<string>();
  const reach = new Reachability();
  const facts = new Map<string, unknown>();
  for (const record of view.records) {
    if (record.kind === 'fault') reach.apply(record.fault as never);
    else if (record.kind === 'input' && record.input.kind === 'fault') reach.apply(record.input.fault as never);
    else if (!('actor' in record) || !elevators.has(record.actor)) continue;
    else if (record.kind === 'start') up.add(record.actor);
    else if (record.kind === 'crash' || record.kind === 'stop' || record.kind === 'give-up') {
      up.delete(record.actor);
      facts.delete(record.actor);
    } else if (record.kind === 'fact' && record.name === factName) facts.set(record.actor, record.value);
    else continue;
    const violation = visit(record.t, up, reach, facts);
    if (violation !== undefined) return violation;
  }
  return visit(view.durationMs, up, reach, facts);
}

function onePrimary(view: TraceView, boundMs: number): Violation {
  const since = new Map<string, number>();
  return replay(view, 'role', (t, up, reach, roles) => {
    const primaries = [...up].filter((id) => roles.get(id) === 'primary').sort();
    const now = new Set<string>();
    for (const [a, b] of pairs(primaries)) {
      if (!reach.connected(a, b)) continue;
      const key = `${a}+${b}`;
      now.add(key);
      const from = since.get(key) ?? t;
      since.set(key, from);
      if (t - from > boundMs) return { atMs: from + boundMs, detail: `${a} and ${b} were both primary and connected from t=${Math.round(from)} ms for more than ${boundMs} ms` };
    }
    for (const key of [...since.keys()]) if (!now.has(key)) since.delete(key);
    return undefined;
  });
}

function lightsAgree(view: TraceView, boundMs: number): Violation {
  const since = new Map<string, number>();
  return replay(view, 'calls', (t, up, reach, lights) => {
    const live = [...up].filter((id) => lights.has(id)).sort();
    const now = new Set<string>();
    for (const [a, b] of pairs(live)) {
      if (!reach.connected(a, b)) continue;
      const la = lights.get(a) as Lights;
      const lb = lights.get(b) as Lights;
      la.hall.forEach((pair, floor) => pair.forEach((on, d) => {
        if (on === lb.hall[floor]?.[d]) return;
        const key = `${a}+${b}@${floor}/${d}`;
        now.add(key);
        if (!since.has(key)) since.set(key, t);
      }));
    }
    for (const key of [...since.keys()]) if (!now.has(key)) since.delete(key);
    for (const [key, from] of since) {
      if (t - from > boundMs) return { atMs: from + boundMs, detail: `hall light ${key} differed from t=${Math.round(from)} ms for more than ${boundMs} ms` };
    }
    return undefined;
  });
}

function doorNeverOpenWhileMoving(view: TraceView): Violation {
  const state = new Map<string, { motor: string; door: boolean }>();
  for (const record of view.records) {
    if (record.kind !== 'fact' || !/^car-\d+$/.test(record.actor)) continue;
    if (record.name !== 'motor' && record.name !== 'doorLight') continue;
    const s = state.get(record.actor) ?? { motor: 'stop', door: false };
    if (record.name === 'motor') s.motor = record.value as string;
    else s.door = record.value as boolean;
    state.set(record.actor, s);
    if (s.door && s.motor !== 'stop') return { atMs: record.t, detail: `${record.actor}'s door light was on while its motor ran ${s.motor}` };
  }
  return undefined;
}

function noNeedlessStops(view: TraceView): Violation {
  const served = new Set<string>();
  const elevators = new Set(elevatorsOf(view));
  for (const record of view.records) {
    if (record.kind !== 'fact' || !elevators.has(record.actor)) continue;
    if (record.name === 'served') served.add(`${record.actor}@${record.t}`);
    if (record.name === 'door' && record.value === 'open' && !served.has(`${record.actor}@${record.t}`)) {
      return { atMs: record.t, detail: `${record.actor} opened its door at t=${Math.round(record.t)} ms without serving a call` };
    }
  }
  return undefined;
}

/**
 * The elevator checks, with bounds.
 *
 * @example
 * checks: elevatorChecks({ quietFromMs: 40_000 })
 */
export function elevatorChecks(options: ElevatorCheckOptions = {}): Check[] {
  const hallBoundMs = options.hallBoundMs ?? 30_000;
  const takeoverBoundMs = options.takeoverBoundMs ?? 1500;
  const restoreBoundMs = options.restoreBoundMs ?? 2000;
  const lightsAgreeMs = options.lightsAgreeMs ?? 2000;
  const quietFromMs = options.quietFromMs ?? 0;
  return [
    safety('no acknowledged call is ever lost', noAcknowledgedCallLost),
    { name: `every hall call served within ${hallBoundMs / 1000} s once faults stop`, kind: 'liveness', check: (view) => hallServedInTime(view, hallBoundMs, quietFromMs) },
    safety('cab calls survive restarts', (view) => cabCallsSurviveRestarts(view, restoreBoundMs)),
    safety(`never two connected primaries for more than ${takeoverBoundMs} ms`, (view) => onePrimary(view, takeoverBoundMs)),
    safety('door never open while moving', doorNeverOpenWhileMoving),
    safety(`hall lights agree within ${lightsAgreeMs} ms`, (view) => lightsAgree(view, lightsAgreeMs)),
    safety('no needless stops', noNeedlessStops),
  ];
}


