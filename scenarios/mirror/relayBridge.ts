/**
 * The live run's bridge from simulated strip actors to real mPower strips. NOT a device
 * host: the runtime has no API yet for an actor whose I/O is a real device. Instead this
 * watches the supervisor's trace for the strip actors' `relay { strip, outlet, on }`
 * facts and replays each as `setRelay` on a real MpowerDriver (one SSH session per strip;
 * the two strips are driven in parallel, each driver's own queue keeps one strip's
 * commands in order). Outcomes and latencies are collected for the caller; a failed
 * command is counted, never thrown into the run.
 */
import type { Supervisor, TraceRecord } from '../../src/runtime/index.ts';
import type { MpowerDriver } from '../../src/devices/mpower/index.ts';

export interface BridgeStats {
  sent: number;
  ok: number;
  failed: number;
  latenciesMs: number[];
  errors: string[];
}

/** At most this many latencies and error lines are kept (the oldest are kept, the rest counted only). */
const samplesMax = 10_000;

/**
 * Bridges `relay` facts of `supervisor` to `drivers` (keyed by strip actor id).
 *
 * @example
 * const bridge = bridgeRelays(supervisor, { 'strip-1': driver1, 'strip-2': driver2 });
 * … await bridge.drain(); bridge.stop();
 */
export function bridgeRelays(supervisor: Supervisor, drivers: Record<string, MpowerDriver>) {
  const stats: BridgeStats = { sent: 0, ok: 0, failed: 0, latenciesMs: [], errors: [] };
  const inFlight = new Set<Promise<void>>();
  const unsubscribe = supervisor.trace.subscribe((record: TraceRecord) => {
    if (record.kind !== 'fact' || record.name !== 'relay') return;
    const { strip, outlet, on } = record.value as { strip: string; outlet: number; on: boolean };
    const driver = drivers[strip];
    if (driver === undefined) return;
    stats.sent++;
    const startedMs = performance.now(); // determinism-ok: the bridge is outside the simulation
    const done = driver.setRelay(outlet, on).then(
      () => {
        stats.ok++;
        if (stats.latenciesMs.length < samplesMax) stats.latenciesMs.push(performance.now() - startedMs);
      },
      (error: Error) => {
        stats.failed++;
        if (stats.errors.length < samplesMax) stats.errors.push(`${strip} outlet ${outlet}: ${error.message}`);
      },
    ).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  return {
    stats,
    /** Waits for every command already sent. */
    async drain(): Promise<void> {
      await Promise.all([...inFlight]);
    },
    stop: unsubscribe,
  };
}
