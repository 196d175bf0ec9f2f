/**
 * Heart rate from a pulse wave: a seeded synthetic pulse-sensor signal, scipy-style peak
 * finding, and two estimators behind one `BpmEstimator` interface (peaks + moving
 * average; the PulseSensor reference beat finder).
 */
export { SyntheticPulse, ppgShape, PULSE_SAMPLES_PER_READ_MAX } from './syntheticPulse.ts';
export type { SyntheticPulseOptions } from './syntheticPulse.ts';
export { findPeaks, peakProminence } from './findPeaks.ts';
export type { FindPeaksOptions, PeakResult } from './findPeaks.ts';
export { BPM_MIN, BPM_MAX, BEAT_TIMEOUT_MS, BPM_INTERVALS_AVERAGED } from './bpmEstimator.ts';
export type { BpmEstimator } from './bpmEstimator.ts';
export { PeakBpmEstimator } from './peakBpmEstimator.ts';
export type { PeakBpmEstimatorOptions } from './peakBpmEstimator.ts';
export { PulseSensorBeatFinder } from './pulseSensorBeatFinder.ts';
export type { PulseSensorBeatFinderOptions } from './pulseSensorBeatFinder.ts';
