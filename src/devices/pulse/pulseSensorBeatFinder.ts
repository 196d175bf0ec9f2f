/**
 * The PulseSensor reference beat finder (World Famous Electronics' Arduino interrupt
 * routine), sample by sample:
 *
 * - A beat is the signal rising above the threshold while no pulse is in progress, more
 *   than 250 ms and more than 3/5 of the last inter-beat interval (IBI) after the last
 *   beat. The pulse stays "in progress" until the signal falls back below the threshold,
 *   so a plateau at the top is one beat, however flat or noisy (hysteresis).
 * - The threshold follows the signal: while above it the peak P tracks the highest value,
 *   while below it (and past 3/5 of the IBI, to skip the dicrotic notch) the trough T
 *   tracks the lowest; when a pulse ends the threshold becomes the midpoint (P + T) / 2.
 * - BPM = 60000 / mean of the last 10 IBIs. The first beat only starts the clock; at the
 *   second, the 10-interval history is seeded with the first real IBI.
 * - No beat for 2500 ms: everything resets (threshold, P, T, history), BPM becomes null.
 *
 * Time is the sample index times the sample period; no clock is read.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { BEAT_TIMEOUT_MS, BPM_INTERVALS_AVERAGED } from './bpmEstimator.ts';
import type { BpmEstimator } from './bpmEstimator.ts';

export interface PulseSensorBeatFinderOptions {
  sampleRateHz: number;
  /** Threshold, peak and trough after a reset (default 512, the middle of a 10-bit ADC). */
  initialThreshold?: number;
}

/** Shortest time between beats, whatever the last interval (PulseSensor's rule). */
const MIN_BEAT_GAP_MS = 250;
const IBI_INITIAL_MS = 600;

/**
 * A `BpmEstimator` following the PulseSensor Playground algorithm.
 *
 * @example
 * const finder = new PulseSensorBeatFinder({ sampleRateHz: 250 });
 * finder.push(cytonAnalogA5Values);
 * finder.bpm; // e.g. 72
 */
export class PulseSensorBeatFinder implements BpmEstimator {
  readonly sampleRateHz: number;
  beatCount = 0;
  private readonly samplePeriodMs: number;
  private readonly initialThreshold: number;
  private sampleIndex = 0;
  private lastBeatMs = 0;
  private ibiMs = IBI_INITIAL_MS;
  private threshold = 0;
  private peak = 0;
  private trough = 0;
  private inPulse = false;
  private firstBeat = true;
  private secondBeat = false;
  private readonly rate = new Float64Array(BPM_INTERVALS_AVERAGED);
  private currentBpm: number | null = null;

  constructor(options: PulseSensorBeatFinderOptions) {
    if (!(options.sampleRateHz > 0)) throw new TroupeError('SIGNAL_OPTION_INVALID', `PulseSensorBeatFinder sampleRateHz is ${options.sampleRateHz}; it must be positive`);
    this.sampleRateHz = options.sampleRateHz;
    this.samplePeriodMs = 1000 / options.sampleRateHz;
    this.initialThreshold = options.initialThreshold ?? 512;
    this.resetDetector();
  }

  get bpm(): number | null {
    return this.currentBpm;
  }

  /** The current threshold (for plotting next to the signal). */
  get currentThreshold(): number {
    return this.threshold;
  }

  push(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++) this.step(samples[i]);
  }

  reset(): void {
    this.sampleIndex = 0;
    this.lastBeatMs = 0;
    this.beatCount = 0;
    this.resetDetector();
  }

  private step(signal: number): void {
    this.sampleIndex++;
    const nowMs = this.sampleIndex * this.samplePeriodMs;
    const sinceBeatMs = nowMs - this.lastBeatMs;
    const pastNotch = sinceBeatMs > (this.ibiMs / 5) * 3;
    if (signal < this.threshold && pastNotch && signal < this.trough) this.trough = signal;
    if (signal > this.threshold && signal > this.peak) this.peak = signal;
    if (sinceBeatMs > MIN_BEAT_GAP_MS && signal > this.threshold && !this.inPulse && pastNotch) {
      this.inPulse = true;
      this.ibiMs = sinceBeatMs;
      this.lastBeatMs = nowMs;
      this.beatCount++;
      this.onBeat();
    }
    if (signal < this.threshold && this.inPulse) {
      this.inPulse = false;
      this.threshold = (this.peak + this.trough) / 2; // amp / 2 + trough
      this.peak = this.threshold;
      this.trough = this.threshold;
    }
    if (sinceBeatMs > BEAT_TIMEOUT_MS) {
      this.resetDetector();
      this.lastBeatMs = nowMs;
    }
  }

  private onBeat(): void {
    if (this.secondBeat) {
      this.secondBeat = false;
      this.rate.fill(this.ibiMs);
    }
    if (this.firstBeat) {
      // The first IBI is measured from an arbitrary start: ignore it.
      this.firstBeat = false;
      this.secondBeat = true;
      return;
    }
    this.rate.copyWithin(0, 1);
    this.rate[this.rate.length - 1] = this.ibiMs;
    let total = 0;
    for (const ibi of this.rate) total += ibi;
    this.currentBpm = 60_000 / (total / this.rate.length);
  }

  private resetDetector(): void {
    this.threshold = this.initialThreshold;
    this.peak = this.initialThreshold;
    this.trough = this.initialThreshold;
    this.ibiMs = IBI_INITIAL_MS;
    this.inPulse = false;
    this.firstBeat = true;
    this.secondBeat = false;
    this.currentBpm = null;
  }
}
