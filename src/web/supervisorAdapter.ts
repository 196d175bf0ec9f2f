/**
 * Adapter over two gaps in the Supervisor as built, until it offers them itself (see
 * docs/ui.md, "Wanted from the runtime"). Both work by wrapping the supervisor's pacer,
 * which decides only *when* a window runs, never what it contains, so the trace is
 * unchanged. If the supervisor's internals are not what this expects, nothing is
 * installed and `step` falls back to `supervisor.step()`.
 *
 * 1. Breathing room. With inline hosts, a paced run that is behind schedule (or at `max`
 *    speed) goes from window to window through resolved promises only, so Node never
 *    gets to its timers and sockets: the page would freeze and a Pause click would wait
 *    for the run's end. The wrapper waits one `setImmediate` at most every
 *    `yieldEveryMs` of wall time. (Wanted: a `yieldEveryMs` run option.)
 * 2. Step while paused. `Supervisor.step()` sets a counter, but the run loop's check after
 *    the pacer wait (`if (… || this.userPaused) continue`) ignores it, so a step while
 *    paused never runs and the loop spins. The adapter's step lifts the pause for exactly
 *    the one event `step()` allows and restores it before the next.
 *    (Wanted: that check reading `this.userPaused && this.stepsRequested === 0`.)
 */
import type { Supervisor } from '../runtime/index.ts';

type WaitFor = (virtualMs: number, interrupted: () => boolean) => Promise<void>;

interface SupervisorInternals {
  pacer?: { waitFor?: WaitFor };
  userPaused?: boolean;
  stepsRequested?: number;
}

/** What the session calls instead of the supervisor's own step. */
export interface SupervisorAdapter {
  /** While paused: runs exactly one more event, then holds again. */
  step(): void;
  /** True when the wrapper is in place. */
  installed: boolean;
  /** Paused by the user, including while a step runs. */
  readonly paused: boolean;
}

/**
 * Installs the adapter on a supervisor before it runs.
 *
 * @example
 * runScenario(path, { pacing: 'paced', onSupervisor: (s) => { adapter = adaptSupervisor(s); } });
 * supervisor.pause(); adapter.step();
 */
export function adaptSupervisor(supervisor: Supervisor, yieldEveryMs = 15): SupervisorAdapter {
  const internals = supervisor as unknown as SupervisorInternals;
  const pacer = internals.pacer;
  if (pacer === undefined || typeof pacer.waitFor !== 'function' || typeof internals.userPaused !== 'boolean' || typeof internals.stepsRequested !== 'number') {
    return { step: () => supervisor.step(), installed: false, get paused() { return supervisor.isPaused; } };
  }
  const original = pacer.waitFor.bind(pacer);
  let lastYieldMs = performance.now();
  let stepping = false;
  pacer.waitFor = async (virtualMs, interrupted) => {
    if (stepping && internals.stepsRequested === 0) {
      // The stepped event ran in the previous turn of the loop: hold again before the next.
      stepping = false;
      internals.userPaused = true;
      return;
    }
    await original(virtualMs, interrupted);
    const nowMs = performance.now();
    if (nowMs - lastYieldMs < yieldEveryMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYieldMs = performance.now();
  };
  return {
    installed: true,
    get paused() {
      return supervisor.isPaused || stepping;
    },
    step: () => {
      if (!supervisor.isPaused && !stepping) return;
      // A second step before the first ran just raises the count: the loop runs both, then holds.
      supervisor.step();
      stepping = true;
      internals.userPaused = false;
    },
  };
}
