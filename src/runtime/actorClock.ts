/**
 * The running actor's own clock reading, for machines that need "now" (a timestamp in a
 * log line, a lease expiry, an energy meter). XState's clock only sets and clears timers,
 * so the host publishes the reading here before every step; a machine reads it with
 * `localNowMs()` inside an action. It is the actor's *local* clock: virtual time scaled by
 * the actor's clock rate since it started, so a skewed clock reads skewed time.
 *
 * One actor steps at a time on a thread (a worker holds one actor; inline hosts step in
 * turn), so one module-level reading is enough.
 */

let currentMs = 0;

/**
 * The local time of the actor whose step is running, in ms.
 *
 * @example
 * actions: assign({ lastHeardMs: () => localNowMs() })
 */
export function localNowMs(): number {
  return currentMs;
}

/** Set by the host before each step. Not for machines. */
export function setLocalNowMs(ms: number): void {
  currentMs = ms;
}
