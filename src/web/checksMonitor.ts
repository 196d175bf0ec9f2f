/**
 * Checks on a live run: evaluated on the trace so far, every few seconds. A liveness
 * property that is not met yet is not a failure yet: it reads as `pending` until the run
 * ends. A safety violation in a prefix stays a violation, so it reads as `fail` at once.
 * Checks that do not say their kind and fail mid-run read as `failing` (provisional).
 */
import { TraceView, runChecks, type Check, type TraceHeader, type TraceRecord } from '../runtime/index.ts';

export type CheckStatus = 'pass' | 'fail' | 'pending' | 'failing';

/** One check as the page shows it. */
export interface CheckReport {
  name: string;
  kind: 'safety' | 'liveness' | 'unknown';
  status: CheckStatus;
  detail: string;
  /** Virtual time it first failed, when known. */
  atMs?: number;
}

/**
 * Runs `checks` on `records` and labels each result for a run that may not be over.
 *
 * @example
 * evaluateChecks(scenario.checks ?? [], header, records, actorIds, false)
 * // => [{ name: 'every receive is later than its send', kind: 'safety', status: 'pass', detail: 'held throughout' }]
 */
export function evaluateChecks(checks: readonly Check[], header: TraceHeader, records: readonly TraceRecord[], actors: readonly string[], ended: boolean): CheckReport[] {
  const endMs = records[records.length - 1]?.t ?? 0;
  // Mid-run, a check must see the run as ending now, or a liveness deadline past the end reads as missed.
  const view = new TraceView(ended ? header : { ...header, durationMs: Math.max(endMs, 0) }, records, actors);
  const results = runChecks(checks, view);
  return results.map((result, i) => {
    const kind = checks[i]?.kind ?? 'unknown';
    let status: CheckStatus = result.ok ? 'pass' : 'fail';
    if (!result.ok && !ended && kind === 'liveness') status = 'pending';
    if (!result.ok && !ended && kind === 'unknown') status = 'failing';
    return { name: result.name, kind, status, detail: result.detail, ...(result.atMs === undefined ? {} : { atMs: result.atMs }) };
  });
}

/**
 * Re-evaluates checks on a timer whose period stretches with their cost, so a long trace
 * does not spend the server's time re-checking itself: the period is at least
 * `intervalMsMin` and at least `costFactor` times the last evaluation's duration.
 *
 * @example
 * const monitor = new ChecksMonitor(() => evaluateChecks(...), (reports) => broadcast(reports));
 * monitor.start(); … monitor.stop();
 */
export class ChecksMonitor {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly evaluate: () => CheckReport[],
    private readonly publish: (reports: CheckReport[]) => void,
    private readonly intervalMsMin = 1_000,
    private readonly costFactor = 10,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Evaluates now and publishes (e.g. when the run ends). */
  runNow(): CheckReport[] {
    const reports = this.evaluate();
    this.publish(reports);
    return reports;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = performance.now();
      this.runNow();
      const costMs = performance.now() - started;
      this.schedule(Math.max(this.intervalMsMin, costMs * this.costFactor));
    }, delayMs);
    this.timer.unref();
  }
}
