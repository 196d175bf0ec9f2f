/**
 * Checks read the trace, never the live actors, so the same check works on a live run, a
 * replay and an exploration. A check returns `{ ok, detail, atMs? }` (atMs: when it first
 * failed); the helpers here cover the common shapes.
 */
import type { ActorId } from './messages.ts';
import type { TraceHeader, TraceRecord } from './trace.ts';

export interface CheckResult {
  ok: boolean;
  detail: string;
  /** Virtual time at which the property first failed, when known. */
  atMs?: number;
}

/** A property of a run. `safety`: nothing bad ever happens; `liveness`: something good eventually does. */
export interface Check {
  name: string;
  kind?: 'safety' | 'liveness';
  check(view: TraceView): CheckResult;
}

export type FactRecord = Extract<TraceRecord, { kind: 'fact' }>;

/**
 * Read-only accessors over a finished trace.
 *
 * @example
 * const leaders = view.facts('role').filter((f) => f.value === 'leader');
 */
export class TraceView {
  private factIndex: Map<string, FactRecord[]> | undefined;

  constructor(readonly header: TraceHeader, readonly records: readonly TraceRecord[], readonly actors: readonly ActorId[]) {}

  /** Virtual time the run covered. */
  get durationMs(): number {
    return this.header.durationMs;
  }

  /** Every record of one kind, in order. */
  ofKind<K extends TraceRecord['kind']>(kind: K): Extract<TraceRecord, { kind: K }>[] {
    return this.records.filter((record) => record.kind === kind) as Extract<TraceRecord, { kind: K }>[];
  }

  /** Every fact record with this name, in order. */
  facts(name: string): readonly FactRecord[] {
    if (this.factIndex === undefined) {
      this.factIndex = new Map();
      for (const record of this.records) {
        if (record.kind !== 'fact') continue;
        let list = this.factIndex.get(record.name);
        if (list === undefined) this.factIndex.set(record.name, (list = []));
        list.push(record);
      }
    }
    return this.factIndex.get(name) ?? [];
  }

  /** Time of the last fault or fault input, or undefined if there was none. */
  lastFaultMs(): number | undefined {
    let last: number | undefined;
    for (const record of this.records) {
      if (record.kind === 'fault' || (record.kind === 'input' && record.input.kind === 'fault')) last = record.t;
    }
    return last;
  }
}

/**
 * A safety check that holds when `findViolation` finds nothing.
 *
 * @example
 * safety('clock never decreases', (view) => { … return { atMs, detail } or undefined })
 */
export function safety(name: string, findViolation: (view: TraceView) => { atMs: number; detail: string } | undefined): Check {
  return {
    name,
    kind: 'safety',
    check(view) {
      const violation = findViolation(view);
      return violation === undefined ? { ok: true, detail: 'held throughout' } : { ok: false, ...violation };
    },
  };
}

/**
 * A liveness check: `isMet` must become true within `withinMs` after `fromMs(view)`.
 *
 * @example
 * liveness('a leader within 5 s of the last fault', (view) => view.lastFaultMs() ?? 0, 5_000, (view, t) => leaderAt(view, t) !== undefined)
 */
export function liveness(
  name: string,
  fromMs: (view: TraceView) => number,
  withinMs: number,
  firstMetMs: (view: TraceView, fromMs: number) => number | undefined,
): Check {
  return {
    name,
    kind: 'liveness',
    check(view) {
      const start = fromMs(view);
      const met = firstMetMs(view, start);
      if (met !== undefined && met - start <= withinMs) return { ok: true, detail: `met ${round(met - start)} ms after t=${round(start)} ms (bound ${withinMs} ms)` };
      const deadline = start + withinMs;
      if (deadline >= view.durationMs && met === undefined) {
        return { ok: false, detail: `not met by the end of the run (t=${view.durationMs} ms), which came before the bound at t=${round(deadline)} ms`, atMs: view.durationMs };
      }
      return { ok: false, detail: met === undefined ? `not met within ${withinMs} ms of t=${round(start)} ms` : `met only after ${round(met - start)} ms (bound ${withinMs} ms)`, atMs: deadline };
    },
  };
}

/** Runs checks, turning a throwing check into a failed result that names it. */
export function runChecks(checks: readonly Check[], view: TraceView): ({ name: string } & CheckResult)[] {
  return checks.map((check) => {
    try {
      const result = check.check(view);
      return { name: check.name, ok: result.ok, detail: result.detail, ...(result.atMs === undefined ? {} : { atMs: result.atMs }) };
    } catch (error) {
      return { name: check.name, ok: false, detail: `CHECK_THREW: ${(error as Error).message}` };
    }
  });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
