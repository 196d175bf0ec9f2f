/**
 * Heart rate by peak detection on a sliding window: `findPeaks` with a minimum distance
 * (no two beats closer than the fastest plausible heart rate allows) and a minimum
 * prominence (a beat must stand well above its surroundings, so the dicrotic wave, the
 * noise on a plateau and slow drift are not beats), then BPM as the moving average of
 * the last intervals.
 *
 * Streaming: the last `windowMs` of samples are kept in a ring (bounded: windowMs of
 * samples, the oldest overwritten). After each push the window is searched again; a peak
 * counts as a beat once it is at least one minimum distance from the window's end (so no
 * higher sample still to come could displace it) and one distance after the last beat.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { BEAT_TIMEOUT_MS, BPM_INTERVALS_AVERAGED, BPM_MAX } from './bpmEstimator.ts';
import type { BpmEstimator } from './bpmEstimator.ts';
import { findPeaks } from './findPeaks.ts';

export interface PeakBpmEstimatorOptions {
  sampleRateHz: number;
  /** Fastest heart rate accepted; sets the minimum peak distance (default 220). */
  bpmMax?: number;
  /** Absolute minimum prominence in signal units; when unset, `prominenceFraction` of the window's range. */
  prominence?: number;
  /** Minimum prominence as a fraction of (max − min) over the window (default 0.35). */
  prominenceFraction?: number;
  /** Window searched for peaks (default 6000 ms). */
  windowMs?: number;
  /** Intervals averaged (default 10). */
  intervalsAveraged?: number;
}

/**
 * A `BpmEstimator` built on scipy-style peak finding.
 *
 * @example
 * const estimator = new PeakBpmEstimator({ sampleRateHz: 250 });
 * estimator.push(pulse.read(10_000));
 * estimator.bpm; // ≈ 72
 */
export class PeakBpmEstimator implements BpmEstimator {
  readonly sampleRateHz: number;
  beatCount = 0;
  private readonly distanceSamples: number;
  private readonly options: Required<Omit<PeakBpmEstimatorOptions, 'prominence' | 'sampleRateHz'>> & { prominence?: number };
  private readonly ring: Float64Array;
  private readonly window: Float64Array;
  private samplesSeen = 0;
  private lastBeatSample: number | null = null;
  private intervalsMs: number[] = [];

  constructor(options: PeakBpmEstimatorOptions) {
    if (!(options.sampleRateHz > 0)) throw new TroupeError('SIGNAL_OPTION_INVALID', `PeakBpmEstimator sampleRateHz is ${options.sampleRateHz}; it must be positive`);
    this.sampleRateHz = options.sampleRateHz;
    this.options = {
      bpmMax: options.bpmMax ?? BPM_MAX,
      prominence: options.prominence,
      prominenceFraction: options.prominenceFraction ?? 0.35,
      windowMs: options.windowMs ?? 6000,
      intervalsAveraged: options.intervalsAveraged ?? BPM_INTERVALS_AVERAGED,
    };
    this.distanceSamples = Math.max(1, Math.ceil((60 / this.options.bpmMax) * this.sampleRateHz));
    const windowSamples = Math.ceil((this.options.windowMs / 1000) * this.sampleRateHz);
    if (windowSamples < 3 * this.distanceSamples) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `PeakBpmEstimator windowMs ${this.options.windowMs} is too short; it must hold at least three beats at bpmMax`);
    }
    this.ring = new Float64Array(windowSamples);
    this.window = new Float64Array(windowSamples);
  }

  get bpm(): number | null {
    if (this.intervalsMs.length < 2) return null;
    const mean = this.intervalsMs.reduce((a, b) => a + b, 0) / this.intervalsMs.length;
    return 60_000 / mean;
  }

  push(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++) {
      this.ring[this.samplesSeen % this.ring.length] = samples[i];
      this.samplesSeen++;
    }
    this.scan();
    this.expireIfSilent();
  }

  reset(): void {
    this.samplesSeen = 0;
    this.lastBeatSample = null;
    this.intervalsMs = [];
    this.beatCount = 0;
  }

  /** Copies the ring oldest-first into `window` and turns confirmed peaks into beats. */
  private scan(): void {
    const length = Math.min(this.samplesSeen, this.ring.length);
    if (length < 3) return;
    const firstSample = this.samplesSeen - length;
    for (let i = 0; i < length; i++) this.window[i] = this.ring[(firstSample + i) % this.ring.length];
    const view = this.window.subarray(0, length);
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < length; i++) {
      if (view[i] < min) min = view[i];
      if (view[i] > max) max = view[i];
    }
    const prominence = this.options.prominence ?? this.options.prominenceFraction * (max - min);
    if (!(prominence > 0)) return; // a flat signal has no beats
    const { peaks } = findPeaks(view, { distance: this.distanceSamples, prominence });
    for (const p of peaks) {
      const absolute = firstSample + p;
      if (absolute > this.samplesSeen - this.distanceSamples) break; // not confirmed yet
      if (this.lastBeatSample !== null && absolute - this.lastBeatSample < this.distanceSamples) continue;
      this.beat(absolute);
    }
  }

  private beat(sample: number): void {
    this.beatCount++;
    if (this.lastBeatSample !== null) {
      const intervalMs = ((sample - this.lastBeatSample) * 1000) / this.sampleRateHz;
      if (intervalMs > BEAT_TIMEOUT_MS) this.intervalsMs = []; // a missed stretch: start averaging afresh
      else {
        this.intervalsMs.push(intervalMs);
        if (this.intervalsMs.length > this.options.intervalsAveraged) this.intervalsMs.shift();
      }
    }
    this.lastBeatSample = sample;
  }

  private expireIfSilent(): void {
    if (this.lastBeatSample === null) return;
    const silentMs = ((this.samplesSeen - this.lastBeatSample) * 1000) / this.sampleRateHz;
    if (silentMs > BEAT_TIMEOUT_MS + (this.distanceSamples * 1000) / this.sampleRateHz) this.intervalsMs = [];
  }
}
