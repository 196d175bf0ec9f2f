/**
 * The one interface every heart-rate estimator offers, so a source (the pulse sensor on
 * the Cyton's analog pin, the synthetic pulse, the mean green value of the face region in
 * webcam frames) can feed any of them.
 */

/**
 * A heart-rate estimator fed with evenly spaced samples of a pulse wave.
 *
 * @example
 * const estimator: BpmEstimator = new PulseSensorBeatFinder({ sampleRateHz: 250 });
 * estimator.push(samples);
 * if (estimator.bpm !== null) sendToLeader(Math.round(estimator.bpm));
 */
export interface BpmEstimator {
  /** Samples per second the estimator expects (a camera's frame rate, the Cyton's 250 Hz…). */
  readonly sampleRateHz: number;
  /** Feeds the next samples, in order. */
  push(samples: ArrayLike<number>): void;
  /** The current heart rate, or null until enough beats were seen (or after the signal was lost). */
  readonly bpm: number | null;
  /** Beats found since creation (or the last reset). */
  readonly beatCount: number;
  /** Forgets everything, as when the person steps away. */
  reset(): void;
}

/** Defaults shared by the estimators. */
export const BPM_MIN = 30;
export const BPM_MAX = 220;
/** No beat for this long means the signal was lost: the estimate resets (PulseSensor's rule). */
export const BEAT_TIMEOUT_MS = 2500;
/** Intervals averaged for the reported BPM (PulseSensor's rule: the last 10). */
export const BPM_INTERVALS_AVERAGED = 10;
