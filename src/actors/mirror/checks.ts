/**
 * The mirror's promises (SYSTEMS.md §1), checked on the trace:
 * - at most one leader among bulbs that can reach each other, once no disturbance (fault,
 *   crash, restart) happened for the election bound;
 * - then every live bulb follows the highest live UUID of its group (so a leader exists
 *   within the bound of the last disturbance, and it is the right one);
 * - a new BPM reaches every live bulb within k gossip rounds of the first bulb having it;
 * - a bulb's blinking never stops for longer than a stated gap while it is up;
 * - every relay command reaches its strip, or its failure is reported by its bulb.
 *
 * The replay walks the records once, keeping the partition groups, who is up, and each
 * bulb's latest role, leader and rank. It evaluates the state only when virtual time
 * moves on, so the transient facts inside one step (candidate, then leader) do not count.
 */
import { liveness, safety, type Check, type TraceView } from '../../runtime/checks.ts';
import type { TraceRecord } from '../../runtime/trace.ts';

type Violation = { atMs: number; detail: string } | undefined;

interface GroupState {
  t: number;
  /** Time of the last fault, crash or restart. */
  lastDisturbanceMs: number;
  groupOf: Map<string, number>;
  up: Set<string>;
  rank: Map<string, string>;
  role: Map<string, string>;
  leader: Map<string, string | null>;
}

/** Calls `visit` with the state at each distinct virtual time (the state after every record before it). */
function walk(view: TraceView, visit: (state: GroupState) => Violation): Violation {
  const state: GroupState = { t: 0, lastDisturbanceMs: 0, groupOf: new Map(), up: new Set(), rank: new Map(), role: new Map(), leader: new Map() };
  for (const record of view.records as TraceRecord[]) {
    if (record.t > state.t) {
      const violation = visit(state);
      if (violation !== undefined) return violation;
      state.t = record.t;
    }
    apply(state, record);
  }
  return visit({ ...state, t: view.durationMs });
}

function apply(state: GroupState, record: TraceRecord): void {
  switch (record.kind) {
    case 'fault':
      state.lastDisturbanceMs = record.t;
      if (record.fault.action === 'partition') {
        state.groupOf = new Map();
        record.fault.groups.forEach((group, index) => group.forEach((id) => state.groupOf.set(id, index)));
      } else if (record.fault.action === 'heal') state.groupOf = new Map();
      break;
    case 'start':
      state.up.add(record.actor);
      if (record.mode !== 'initial') state.lastDisturbanceMs = record.t;
      state.role.delete(record.actor);
      state.leader.delete(record.actor);
      break;
    case 'crash':
    case 'give-up':
    case 'stop':
      state.up.delete(record.actor);
      state.lastDisturbanceMs = record.t;
      break;
    case 'fact':
      if (record.name === 'rank') state.rank.set(record.actor, record.value as string);
      else if (record.name === 'role') state.role.set(record.actor, record.value as string);
      else if (record.name === 'leader') state.leader.set(record.actor, record.value as string | null);
      break;
  }
}

/** Live bulbs by partition group (bulbs outside every listed group share group -1). */
function groups(state: GroupState): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [bulb] of state.rank) {
    if (!state.up.has(bulb)) continue;
    const group = state.groupOf.get(bulb) ?? -1;
    out.set(group, [...(out.get(group) ?? []), bulb]);
  }
  return out;
}

function highest(state: GroupState, bulbs: string[]): string {
  return bulbs.reduce((best, bulb) => (state.rank.get(bulb)! > state.rank.get(best)! ? bulb : best));
}

/**
 * Wraps a per-moment condition so that only a violation lasting longer than `toleranceMs`
 * counts (0: any instant counts). Under constant message loss a failure detector now and
 * then suspects a live node, and the election it starts passes through a moment with a
 * stale claimant; a tolerance states how long such a moment may last.
 */
function persisting(toleranceMs: number, find: (state: GroupState) => string | undefined): (state: GroupState) => Violation {
  let since: number | undefined;
  return (state) => {
    const detail = find(state);
    if (detail === undefined) {
      since = undefined;
      return undefined;
    }
    since ??= state.t;
    return state.t - since >= toleranceMs ? { atMs: since, detail: toleranceMs > 0 ? `${detail} (for ${Math.round(state.t - since)} ms)` : detail } : undefined;
  };
}

/**
 * Election checks with the given bounds: `startupBoundMs` from t=0, `electionBoundMs`
 * after each disturbance; `toleranceMs` (default 0) lets a violation last that long.
 *
 * @example
 * checks: electionChecks({ startupBoundMs: 1000, electionBoundMs: 6000 })
 */
export function electionChecks(bounds: { startupBoundMs: number; electionBoundMs: number; toleranceMs?: number }): Check[] {
  const toleranceMs = bounds.toleranceMs ?? 0;
  const settled = (state: GroupState) =>
    state.t >= bounds.startupBoundMs && (state.lastDisturbanceMs === 0 || state.t - state.lastDisturbanceMs >= bounds.electionBoundMs);
  const suffix = toleranceMs > 0 ? ` (violations up to ${toleranceMs} ms tolerated)` : '';
  return [
    safety(`at most one leader among bulbs that reach each other, ${bounds.electionBoundMs} ms after a fault${suffix}`, (view) =>
      walk(view, persisting(toleranceMs, (state) => {
        if (!settled(state)) return undefined;
        for (const [group, bulbs] of groups(state)) {
          const leaders = bulbs.filter((bulb) => state.role.get(bulb) === 'leader');
          if (leaders.length > 1) return `group ${group} has ${leaders.length} leaders: ${leaders.join(', ')}`;
        }
        return undefined;
      }))),
    safety(`every live bulb follows the highest live UUID of its group within ${bounds.electionBoundMs} ms (start-up: ${bounds.startupBoundMs} ms)${suffix}`, (view) =>
      walk(view, persisting(toleranceMs, (state) => {
        if (!settled(state)) return undefined;
        for (const [group, bulbs] of groups(state)) {
          const expected = highest(state, bulbs);
          const wrong = bulbs.filter((bulb) => state.leader.get(bulb) !== expected);
          if (wrong.length > 0) return `group ${group}: ${wrong.map((bulb) => `${bulb} follows ${String(state.leader.get(bulb))}`).join(', ')}; the highest live UUID is ${expected}`;
        }
        return undefined;
      }))),
  ];
}

/** The first time `bulb` held `bpm` at version >= `version` (from `gossip.version` facts), at or after `fromMs`. */
function heldAtMs(view: TraceView, bulb: string, version: number, fromMs: number): number | undefined {
  for (const fact of view.facts('gossip.version')) {
    if (fact.actor !== bulb || fact.t < fromMs) continue;
    const value = fact.value as { key: string; version: number };
    if (value.key === 'bpm' && value.version >= version) return fact.t;
  }
  return undefined;
}

/**
 * Every new BPM version the Pi measured reaches every bulb that was up throughout, within
 * `roundsMax` gossip rounds of the first bulb having it, and the first bulb within
 * `firstWithinMs` of the measurement.
 *
 * @example
 * bpmSpreadCheck({ roundsMax: 8, roundMs: 500, firstWithinMs: 10_000 })
 */
export function bpmSpreadCheck(options: { roundsMax: number; roundMs: number; firstWithinMs: number }): Check {
  const boundMs = options.roundsMax * options.roundMs;
  return safety(`a new BPM reaches every live bulb within ${options.roundsMax} gossip rounds (${boundMs} ms)`, (view) => {
    const bulbs = [...new Set(view.facts('rank').map((fact) => fact.actor))];
    const disturbed = new Set(view.records.filter((r) => r.kind === 'crash').map((r) => (r as { actor: string }).actor));
    for (const estimate of view.facts('bpm.estimate')) {
      const { version } = estimate.value as { version: number };
      const times = bulbs.filter((bulb) => !disturbed.has(bulb)).map((bulb) => [bulb, heldAtMs(view, bulb, version, 0)] as const);
      const first = Math.min(...times.map(([, t]) => t ?? Infinity));
      if (first === Infinity) {
        if (estimate.t + options.firstWithinMs < view.durationMs) return { atMs: estimate.t + options.firstWithinMs, detail: `no bulb got BPM version ${version} (measured at ${estimate.t} ms)` };
        continue;
      }
      if (first - estimate.t > options.firstWithinMs) return { atMs: first, detail: `BPM version ${version} reached its first bulb ${first - estimate.t} ms after it was measured` };
      for (const [bulb, t] of times) {
        if (t === undefined && first + boundMs >= view.durationMs) continue;
        if (t === undefined || t - first > boundMs) return { atMs: first + boundMs, detail: `${bulb} got BPM version ${version} ${t === undefined ? 'never' : `${Math.round(t - first)} ms`} after the first bulb` };
      }
    }
    return undefined;
  });
}

/**
 * While a bulb is up and blinking, its relay commands never pause longer than `gapMsMax`.
 *
 * @example
 * blinkGapCheck({ gapMsMax: 2000 })
 */
export function blinkGapCheck(options: { gapMsMax: number }): Check {
  return safety(`blinking never stops for more than ${options.gapMsMax} ms while a bulb is up`, (view) => {
    const last = new Map<string, number>();
    for (const record of view.records) {
      if (record.kind === 'crash' || record.kind === 'start') last.delete(record.actor);
      if (record.kind !== 'send' || record.event.type !== 'strip.RELAY') continue;
      const previous = last.get(record.actor);
      if (previous !== undefined && record.t - previous > options.gapMsMax) {
        return { atMs: record.t, detail: `${record.actor} sent no relay command from ${Math.round(previous)} to ${Math.round(record.t)} ms` };
      }
      last.set(record.actor, record.t);
    }
    return undefined;
  });
}

/**
 * Every relay command is delivered to its strip, or the bulb that sent it reports it as
 * `relay.failed` (commands in the last `graceMs`, or from a bulb that crashed before its
 * next command, are exempt: nobody was left to report them).
 *
 * @example
 * relayAccountedCheck({ graceMs: 2000 })
 */
export function relayAccountedCheck(options: { graceMs: number }): Check {
  return safety('every relay command reaches its strip, or its failure is reported', (view) => {
    const incarnation = new Map<string, number>();
    const sent = new Map<number, { bulb: string; key: string; t: number }>();
    const delivered = new Set<number>();
    const reported = new Set<string>();
    const crashedAfter = new Map<string, number[]>();
    for (const record of view.records) {
      if (record.kind === 'start') incarnation.set(record.actor, (incarnation.get(record.actor) ?? 0) + 1);
      if (record.kind === 'crash') crashedAfter.set(record.actor, [...(crashedAfter.get(record.actor) ?? []), record.t]);
      if (record.kind === 'send' && record.event.type === 'strip.RELAY') {
        sent.set(record.msg, { bulb: record.actor, key: `${record.actor}#${incarnation.get(record.actor)}#${String(record.event.seq)}`, t: record.t });
      }
      if (record.kind === 'deliver' && sent.has(record.msg)) delivered.add(record.msg);
      if (record.kind === 'fact' && record.name === 'relay.failed') reported.add(`${record.actor}#${incarnation.get(record.actor)}#${String((record.value as { seq: number }).seq)}`);
    }
    for (const [msg, command] of sent) {
      if (delivered.has(msg) || reported.has(command.key) || command.t > view.durationMs - options.graceMs) continue;
      if ((crashedAfter.get(command.bulb) ?? []).some((t) => t >= command.t && t - command.t <= options.graceMs)) continue;
      return { atMs: command.t, detail: `${command.bulb}'s relay command ${command.key} was neither delivered nor reported` };
    }
    return undefined;
  });
}

/**
 * A strip's outage is reported by its bulbs (`relay.failed`) within `withinMs` of `fromMs`,
 * while the other strip keeps switching (its `relay` facts never pause past `gapMsMax`).
 *
 * @example
 * stripOutageChecks({ down: 'strip-1', working: 'strip-2', fromMs: 10_000, withinMs: 3000, gapMsMax: 2000 })
 */
export function stripOutageChecks(options: { down: string; working: string; fromMs: number; withinMs: number; gapMsMax: number }): Check[] {
  return [
    liveness(`${options.down}'s outage is reported by its bulbs`, () => options.fromMs, options.withinMs, (view, from) =>
      view.facts('relay.failed').find((fact) => fact.t >= from && (fact.value as { strip: string }).strip === options.down)?.t),
    safety(`${options.working} keeps switching (no pause over ${options.gapMsMax} ms)`, (view) => {
      let previous: number | undefined;
      for (const fact of view.facts('relay')) {
        if ((fact.value as { strip: string }).strip !== options.working) continue;
        if (previous !== undefined && fact.t - previous > options.gapMsMax) return { atMs: fact.t, detail: `no relay switched on ${options.working} from ${Math.round(previous)} to ${Math.round(fact.t)} ms` };
        previous = fact.t;
      }
      if (previous === undefined || view.durationMs - previous > options.gapMsMax) return { atMs: view.durationMs, detail: `${options.working} stopped switching at ${String(previous)} ms` };
      return undefined;
    }),
  ];
}
