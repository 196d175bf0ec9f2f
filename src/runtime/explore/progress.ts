/**
 * Exploration progress for people: a one-line bar redrawn in place on a terminal (seeds
 * done, seeds/s, failures so far, ETA), plain lines when the output is a file or a pipe
 * (CI logs), so neither gets a wall of carriage returns nor silence.
 */

/** How far an exploration has come. */
export interface ExploreProgress {
  done: number;
  total: number;
  failures: number;
  elapsedMs: number;
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Least wall time between two redraws of the bar, and between two plain lines. */
const redrawMsMin = 100;
const lineMsMin = 5_000;
const barWidth = 24;

/**
 * A progress printer for `explore`: call it with every update, then `finish()`.
 *
 * @example
 * const progress = progressPrinter(process.stderr);
 * await explore({ …, onProgress: progress.update });
 * progress.finish();
 */
export function progressPrinter(output: ProgressOutput, nowMs: () => number = () => performance.now()) { // determinism-ok: ETA display
  let lastDrawMs = -Infinity;
  let lastLineDone = 0;
  let drewBar = false;
  let last: ExploreProgress | undefined;
  const update = (progress: ExploreProgress) => {
    last = progress;
    const now = nowMs();
    const complete = progress.done === progress.total;
    if (output.isTTY) {
      if (!complete && now - lastDrawMs < redrawMsMin) return;
      lastDrawMs = now;
      drewBar = true;
      output.write(`\r${formatBar(progress)}\x1b[K`);
      return;
    }
    // Plain: a line every 10% of the seeds or every few seconds, whichever comes first.
    const step = Math.max(1, Math.ceil(progress.total / 10));
    if (!complete && progress.done - lastLineDone < step && now - lastDrawMs < lineMsMin) return;
    if (progress.done === lastLineDone && !complete) return;
    lastDrawMs = now;
    lastLineDone = progress.done;
    output.write(`${formatLine(progress)}\n`);
  };
  const finish = () => {
    if (drewBar) output.write(`\r${last === undefined ? '' : formatBar(last)}\x1b[K\n`);
  };
  return { update, finish };
}

/**
 * The terminal bar.
 *
 * @example
 * formatBar({ done: 50, total: 100, failures: 1, elapsedMs: 5_000 })
 * // => '[############............] 50/100 seeds  10.0 seeds/s  1 failed  ETA 5s'
 */
export function formatBar(progress: ExploreProgress): string {
  const fraction = progress.total === 0 ? 1 : progress.done / progress.total;
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${formatLine(progress)}`;
}

/**
 * One plain progress line.
 *
 * @example
 * formatLine({ done: 50, total: 100, failures: 1, elapsedMs: 5_000 }) // => '50/100 seeds  10.0 seeds/s  1 failed  ETA 5s'
 */
export function formatLine(progress: ExploreProgress): string {
  const perSecond = progress.elapsedMs > 0 ? (progress.done * 1000) / progress.elapsedMs : 0;
  const etaMs = perSecond > 0 ? ((progress.total - progress.done) / perSecond) * 1000 : undefined;
  return `${progress.done}/${progress.total} seeds  ${perSecond.toFixed(1)} seeds/s  ${progress.failures} failed  ETA ${formatDuration(etaMs)}`;
}

function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '?';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
