/**
 * Peak finding with scipy.signal.find_peaks semantics for `height`, `distance` and
 * `prominence` (the tests compare with scipy's output on the same signals):
 *
 * 1. Local maxima: a sample higher than its left neighbour and then, after any run of
 *    equal samples, higher than the next different one. A flat top (the pulse sensor's
 *    plateau) is ONE peak, placed at the middle of the run (left index for an even run's
 *    middle pair, as scipy's `(left + right) // 2`). Samples at the edges are never peaks.
 * 2. `height`: keep peaks at least this high.
 * 3. `distance`: visiting peaks from highest to lowest, remove every peak closer than
 *    `distance` samples (rounded up) to a kept one. Ties in height: the later peak first.
 * 4. `prominence`: how far a peak stands above the higher of its two bases, each base the
 *    lowest point between the peak and the nearest higher sample on that side (or the
 *    signal's edge). Keep peaks with prominence ≥ the given value.
 *
 * Distance is applied before prominence, as scipy does.
 */
import { TroupeError } from '../../runtime/errors.ts';

export interface FindPeaksOptions {
  /** Minimum peak height. */
  height?: number;
  /** Minimum samples between neighbouring peaks (≥ 1). */
  distance?: number;
  /** Minimum prominence. */
  prominence?: number;
}

export interface PeakResult {
  /** Peak sample indices, ascending. */
  peaks: number[];
  /** Prominence of each peak (always computed). */
  prominences: number[];
  leftBases: number[];
  rightBases: number[];
}

/** Local maxima with plateau handling (step 1). */
function localMaxima(x: ArrayLike<number>): number[] {
  const peaks: number[] = [];
  const last = x.length - 1;
  let i = 1;
  while (i < last) {
    if (x[i - 1] < x[i]) {
      let ahead = i + 1;
      while (ahead < last && x[ahead] === x[i]) ahead++;
      if (x[ahead] < x[i]) {
        peaks.push((i + ahead - 1) >> 1);
        i = ahead;
      }
    }
    i++;
  }
  return peaks;
}

/** Step 3: keep the highest peaks at least `distance` apart. */
function selectByDistance(x: ArrayLike<number>, peaks: number[], distance: number): number[] {
  const minGap = Math.ceil(distance);
  const keep = new Array<boolean>(peaks.length).fill(true);
  // Highest first; equal heights: later index first (scipy's argsort then reverse walk).
  const order = peaks.map((_, k) => k).sort((a, b) => x[peaks[a]] - x[peaks[b]] || a - b).reverse();
  for (const k of order) {
    if (!keep[k]) continue;
    for (let j = k - 1; j >= 0 && peaks[k] - peaks[j] < minGap; j--) keep[j] = false;
    for (let j = k + 1; j < peaks.length && peaks[j] - peaks[k] < minGap; j++) keep[j] = false;
  }
  return peaks.filter((_, k) => keep[k]);
}

/**
 * Prominence of one peak, with its bases (step 4).
 *
 * @example
 * peakProminence([0, 3, 1, 5, 0], 1); // { prominence: 2, leftBase: 0, rightBase: 2 }
 */
export function peakProminence(x: ArrayLike<number>, peak: number): { prominence: number; leftBase: number; rightBase: number } {
  const top = x[peak];
  let leftMin = top, leftBase = peak;
  for (let i = peak; i >= 0 && x[i] <= top; i--) {
    if (x[i] < leftMin) {
      leftMin = x[i];
      leftBase = i;
    }
  }
  let rightMin = top, rightBase = peak;
  for (let i = peak; i < x.length && x[i] <= top; i++) {
    if (x[i] < rightMin) {
      rightMin = x[i];
      rightBase = i;
    }
  }
  return { prominence: top - Math.max(leftMin, rightMin), leftBase, rightBase };
}

/**
 * Finds peaks like `scipy.signal.find_peaks(x, height=, distance=, prominence=)`.
 *
 * @example
 * const { peaks } = findPeaks(ppg, { distance: 75, prominence: 200 }); // beats ≥ 300 ms apart at 250 Hz
 */
export function findPeaks(x: ArrayLike<number>, options: FindPeaksOptions = {}): PeakResult {
  if (options.distance !== undefined && !(options.distance >= 1)) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `findPeaks distance is ${options.distance}; it must be ≥ 1 sample`);
  }
  let peaks = localMaxima(x);
  if (options.height !== undefined) peaks = peaks.filter((p) => x[p] >= options.height!);
  if (options.distance !== undefined) peaks = selectByDistance(x, peaks, options.distance);
  const result: PeakResult = { peaks: [], prominences: [], leftBases: [], rightBases: [] };
  for (const p of peaks) {
    const { prominence, leftBase, rightBase } = peakProminence(x, p);
    if (options.prominence !== undefined && prominence < options.prominence) continue;
    result.peaks.push(p);
    result.prominences.push(prominence);
    result.leftBases.push(leftBase);
    result.rightBases.push(rightBase);
  }
  return result;
}
