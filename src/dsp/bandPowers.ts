/**
 * EEG band powers: delta, theta, alpha, beta, gamma.
 *
 * Band edges (Hz, lower edge included, upper excluded), the usual clinical split, with
 * gamma stopped at 45 Hz so 50/60 Hz mains never counts as brain activity:
 *
 *   delta 0.5–4   theta 4–8   alpha 8–13   beta 13–30   gamma 30–45
 *
 * Method: Welch segments (Hann window, 50 % overlap by default). For each segment the
 * band power is the PSD integrated over the band's bins (Σ PSD·Δf, in signal-units², µV²
 * for EEG). The reported band power is the **median over segments**, not the mean: a
 * blink or a movement spoils a few segments with huge low-frequency power, and the
 * median ignores them where the mean would be dragged up. (The median of a noisy power
 * estimate sits a little below its mean; no bias correction is applied, so compare band
 * powers with each other or over time, not with a mean-based tool's absolute numbers.)
 */
import { TroupeError } from '../runtime/errors.ts';
import { SpectrumAnalyzer, isFftSize } from './spectrum.ts';
import type { WindowKind } from './spectrum.ts';

/** The five bands, in order of frequency. */
export const EEG_BANDS = [
  { name: 'delta', lowHz: 0.5, highHz: 4 },
  { name: 'theta', lowHz: 4, highHz: 8 },
  { name: 'alpha', lowHz: 8, highHz: 13 },
  { name: 'beta', lowHz: 13, highHz: 30 },
  { name: 'gamma', lowHz: 30, highHz: 45 },
] as const;

export type EegBandName = (typeof EEG_BANDS)[number]['name'];
export type BandPowers = Record<EegBandName, number>;

/** Segments considered at most per call; a longer signal uses its last segments only. */
export const WELCH_SEGMENTS_MAX = 1024;

export interface BandPowerOptions {
  /** Samples per Welch segment, a power of two; default: the largest ≤ 2 s of signal and ≤ the signal. */
  segmentSize?: number;
  /** Samples between segment starts; default segmentSize / 2. */
  hopSize?: number;
  window?: WindowKind;
}

function defaultSegmentSize(length: number, sampleRateHz: number): number {
  let size = 4;
  while (size * 2 <= length && size * 2 <= 2 * sampleRateHz) size *= 2;
  return size;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Band powers of one channel by median-of-segments Welch (see the file comment).
 *
 * @example
 * const powers = bandPowers(channel1Microvolts, 250);
 * if (powers.alpha > powers.beta) console.log('eyes closed?');
 */
export function bandPowers(signal: Float64Array, sampleRateHz: number, options: BandPowerOptions = {}): BandPowers {
  const segmentSize = options.segmentSize ?? defaultSegmentSize(signal.length, sampleRateHz);
  if (!isFftSize(segmentSize) || segmentSize > signal.length) {
    throw new TroupeError(
      'SIGNAL_OPTION_INVALID',
      `bandPowers: segmentSize ${segmentSize} with ${signal.length} samples; it must be a power of two ≥ 4 and no longer than the signal`,
    );
  }
  const hopSize = options.hopSize ?? segmentSize / 2;
  if (!Number.isInteger(hopSize) || hopSize < 1) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `bandPowers: hopSize is ${hopSize}; it must be a positive integer`);
  }
  const analyzer = new SpectrumAnalyzer(segmentSize, sampleRateHz, options.window ?? 'hann');
  const possible = Math.floor((signal.length - segmentSize) / hopSize) + 1;
  const segmentCount = Math.min(possible, WELCH_SEGMENTS_MAX);
  const firstSegment = possible - segmentCount; // at the limit, keep the most recent segments
  const psd = new Float64Array(analyzer.binCount);
  const perBand = EEG_BANDS.map(() => new Float64Array(segmentCount));
  for (let s = 0; s < segmentCount; s++) {
    analyzer.psd(signal, (firstSegment + s) * hopSize, psd);
    EEG_BANDS.forEach((band, b) => {
      let sum = 0;
      for (let k = 0; k < analyzer.binCount; k++) {
        const f = analyzer.frequencyHz(k);
        if (f >= band.lowHz && f < band.highHz) sum += psd[k];
      }
      perBand[b][s] = sum * analyzer.binWidthHz;
    });
  }
  const result = {} as BandPowers;
  EEG_BANDS.forEach((band, b) => {
    result[band.name] = median(perBand[b]);
  });
  return result;
}

/**
 * Each band's share of the total of the five (sums to 1); handy for a bar chart.
 *
 * @example
 * relativeBandPowers(bandPowers(x, 250)).alpha; // e.g. 0.62
 */
export function relativeBandPowers(powers: BandPowers): BandPowers {
  const total = EEG_BANDS.reduce((sum, band) => sum + powers[band.name], 0);
  const result = {} as BandPowers;
  for (const band of EEG_BANDS) result[band.name] = total > 0 ? powers[band.name] / total : 0;
  return result;
}
