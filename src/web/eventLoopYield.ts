/**
 * Adapter: lets the HTTP server and sockets breathe while a supervisor runs fast.
 *
 * With inline hosts, a paced run that is behind schedule (or runs at `max` speed) goes
 * from window to window through resolved promises only, so Node never gets to its timers
 * and sockets: the page would freeze and a Pause click would wait for the run's end. Until
 * the supervisor offers a hook for it (wanted: an option like `yieldEveryMs` in
 * RunOptions), this wraps the supervisor's pacer so that, at most every `yieldEveryMs` of
 * wall time, the loop waits one `setImmediate`. Pacing only decides when a window runs,
 * never what it contains, so the trace is unchanged.
 */
import type { Supervisor } from '../runtime/index.ts';

type WaitFor = (virtualMs: number, interrupted: () => boolean) => Promise<void>;

/**
 * Installs the yield on a supervisor. Returns false (and does nothing) when the
 * supervisor's internals are not what this adapter expects.
 *
 * @example
 * runScenario(path, { pacing: 'paced', onSupervisor: (s) => yieldToEventLoop(s, 15) });
 */
export function yieldToEventLoop(supervisor: Supervisor, yieldEveryMs = 15): boolean {
  const pacer = (supervisor as unknown as { pacer?: { waitFor?: WaitFor } }).pacer;
  if (pacer === undefined || typeof pacer.waitFor !== 'function') return false;
  const original = pacer.waitFor.bind(pacer);
  let lastYieldMs = performance.now();
  pacer.waitFor = async (virtualMs, interrupted) => {
    await original(virtualMs, interrupted);
    const nowMs = performance.now();
    if (nowMs - lastYieldMs < yieldEveryMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYieldMs = performance.now();
  };
  return true;
}
