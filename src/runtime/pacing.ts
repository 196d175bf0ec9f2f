/**
 * Pacing decides *when* the next window may start, never *what* it contains, so it is the
 * only place the supervisor reads the wall clock.
 *
 * - `sim`: at once. Deterministic; scenarios, explore, CI.
 * - `paced`: when wall time × speed reaches the window's virtual time. Deterministic; for
 *   watching a run live and stepping through it.
 * - `realtime`: paced at 1×, with devices and people feeding inputs as they happen
 *   (recorded, so the run still replays).
 */
import { TroupeError } from './errors.ts';

export type PacingMode = 'sim' | 'paced' | 'realtime';
export const pacingModes: readonly PacingMode[] = ['sim', 'paced', 'realtime'];

/** The longest single wait, so a speed change or a stop is noticed promptly. */
const waitSliceMsMax = 50;

/**
 * Maps virtual time to wall time for one run.
 *
 * @example
 * const pacer = new Pacer('paced', 2); // twice as fast as real time
 * await pacer.waitFor(5_000, () => stopped);
 */
export class Pacer {
  private anchorWallMs = wallNowMs();
  private anchorVirtualMs = 0;

  constructor(readonly mode: PacingMode, private speedFactor: number) {
    if (!pacingModes.includes(mode)) throw new TroupeError('OPTION_INVALID', `pacing must be one of ${pacingModes.join(', ')}, got '${mode}'`);
    validateSpeed(speedFactor);
    if (mode === 'realtime') this.speedFactor = 1;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Changes the speed from the current virtual time on (paced only). */
  setSpeed(speed: number, virtualNowMs: number): void {
    validateSpeed(speed);
    if (this.mode !== 'paced') return;
    this.rebase(virtualNowMs);
    this.speedFactor = speed;
  }

  /** Restarts the mapping at `virtualNowMs` (after a pause, so the run does not rush to catch up). */
  rebase(virtualNowMs: number): void {
    this.anchorWallMs = wallNowMs();
    this.anchorVirtualMs = virtualNowMs;
  }

  /** The virtual time the wall clock has reached. */
  virtualNowMs(): number {
    if (this.mode === 'sim' || !Number.isFinite(this.speedFactor)) return Infinity;
    return this.anchorVirtualMs + (wallNowMs() - this.anchorWallMs) * this.speedFactor;
  }

  /**
   * Waits until the wall clock reaches `virtualMs`, or `interrupted()` turns true
   * (checked every few ms). Returns at once in sim pacing.
   */
  async waitFor(virtualMs: number, interrupted: () => boolean): Promise<void> {
    if (this.mode === 'sim') return;
    for (;;) {
      if (interrupted()) return;
      const aheadMs = (virtualMs - this.virtualNowMs()) / this.speedFactor;
      if (!(aheadMs > 0)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(aheadMs, waitSliceMsMax)); // determinism-ok: pacing only
        this.wakeWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeWaiter = undefined;
    }
  }

  /** Ends the current wait at once (an input arrived, the user paused or stopped). */
  wake(): void {
    this.wakeWaiter?.();
  }

  private wakeWaiter: (() => void) | undefined;
}

function validateSpeed(speed: number): void {
  if (!(speed > 0)) throw new TroupeError('OPTION_INVALID', `speed must be a positive number (Infinity for as fast as possible), got ${speed}`);
}

/** Wall-clock ms for pacing and yielding; never part of what a run computes. */
export function wallNowMs(): number {
  return performance.now(); // determinism-ok: pacing only decides when, not what
}

/** A wall-clock sleep for pacing and waiting on inputs. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms)); // determinism-ok: pacing only
}
