import { describe, expect, it } from 'vitest';
import { PeakBpmEstimator, PulseSensorBeatFinder, SyntheticPulse } from '../../../src/devices/pulse/index.ts';
import type { BpmEstimator } from '../../../src/devices/pulse/index.ts';

/** A first attempt many people write: every sample at least as high as both neighbours, above a height. */
function naiveBeatCount(x: Float64Array, height: number): number {
  let count = 0;
  for (let i = 1; i + 1 < x.length; i++) {
    const risingInto = x[i] > x[i - 1] && x[i] >= x[i + 1];
    const fallingFrom = x[i] >= x[i - 1] && x[i] > x[i + 1];
    if (x[i] > height && (risingInto || fallingFrom)) count++;
  }
  return count;
}

function feedInChunks(estimator: BpmEstimator, signal: Float64Array, chunk: number): void {
  for (let at = 0; at < signal.length; at += chunk) estimator.push(signal.subarray(at, at + chunk));
}

const estimators: Array<[string, (rate: number) => BpmEstimator]> = [
  ['PeakBpmEstimator', (rate) => new PeakBpmEstimator({ sampleRateHz: rate })],
  ['PulseSensorBeatFinder', (rate) => new PulseSensorBeatFinder({ sampleRateHz: rate })],
];

describe('synthetic pulse', () => {
  it('stays in 0..1023, saturates into a plateau at each peak, and is deterministic per seed', () => {
    const a = new SyntheticPulse({ seed: 1 }).read(10_000);
    expect(a.length).toBe(2500);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    let atTop = 0;
    for (const v of a) if (v === 1023) atTop++;
    expect(atTop).toBeGreaterThan(12 * 10); // ≥ 10 saturated samples (40 ms) per beat
    expect(Array.from(new SyntheticPulse({ seed: 1 }).read(10_000))).toEqual(Array.from(a));
  });
});

describe.each(estimators)('%s', (_name, make) => {
  it('reads a 72 BPM pulse with plateaus as 72 ± 2, where a naive peak count reads double', () => {
    const signal = new SyntheticPulse({ seed: 42, bpm: 72 }).read(30_000);
    const naiveBpm = (naiveBeatCount(signal, 900) / 30) * 60;
    expect(naiveBpm).toBeGreaterThan(1.8 * 72); // each plateau counted where it starts and where it ends
    const estimator = make(250);
    feedInChunks(estimator, signal, 25);
    expect(estimator.bpm).not.toBeNull();
    expect(Math.abs(estimator.bpm! - 72)).toBeLessThanOrEqual(2);
    expect(estimator.beatCount).toBeGreaterThanOrEqual(34); // ~36 beats in 30 s, none doubled
    expect(estimator.beatCount).toBeLessThanOrEqual(37);
  });

  it.each([50, 110, 150])('follows %i BPM with drift and noise', (bpm) => {
    const signal = new SyntheticPulse({ seed: bpm, bpm, noiseAmplitude: 8, driftAmplitude: 60 }).read(30_000);
    const estimator = make(250);
    feedInChunks(estimator, signal, 50);
    expect(Math.abs(estimator.bpm! - bpm)).toBeLessThanOrEqual(bpm * 0.03);
  });

  it('gives the same answer whatever the chunk size', () => {
    const signal = new SyntheticPulse({ seed: 3 }).read(20_000);
    const a = make(250), b = make(250);
    feedInChunks(a, signal, 1);
    feedInChunks(b, signal, 997);
    expect(a.bpm).toBeCloseTo(b.bpm!, 9);
  });

  it('forgets the rate after 2.5 s without a beat (finger removed)', () => {
    const estimator = make(250);
    estimator.push(new SyntheticPulse({ seed: 5 }).read(10_000));
    expect(estimator.bpm).not.toBeNull();
    estimator.push(new Float64Array(250 * 4).fill(480));
    expect(estimator.bpm).toBeNull();
  });

  it('works from a 30 fps camera-like signal (mean green value, small swing)', () => {
    const pulse = new SyntheticPulse({ seed: 8, sampleRateHz: 30, bpm: 66, baseline: 0, amplitude: 1000, noiseAmplitude: 10, driftAmplitude: 40 });
    const green = Float64Array.from(pulse.read(40_000), (v) => 120 + v / 500); // ~2 levels of green
    const estimator = _name === 'PulseSensorBeatFinder' ? new PulseSensorBeatFinder({ sampleRateHz: 30, initialThreshold: 121 }) : make(30);
    feedInChunks(estimator, green, 3);
    expect(Math.abs(estimator.bpm! - 66)).toBeLessThanOrEqual(3);
  });
});
