import { describe, expect, it } from 'vitest';
import { findPeaks, peakProminence } from '../../../src/devices/pulse/index.ts';

// The same signal scipy was given: three sines, rounded, clipped at 110 (flat tops).
const SIGNAL = Float64Array.from({ length: 300 }, (_, n) =>
  Math.min(110, Math.floor(100 * Math.sin((2 * Math.PI * n) / 37) + 40 * Math.sin((2 * Math.PI * n) / 11) + 15 * Math.sin((2 * Math.PI * n) / 5.3) + 0.5)),
);

describe('findPeaks (scipy.signal.find_peaks semantics)', () => {
  // Expected indices are scipy 1.17's output on SIGNAL.
  it('finds the same local maxima as scipy, one per flat top', () => {
    expect(findPeaks(SIGNAL).peaks).toEqual([3, 6, 12, 23, 38, 47, 55, 70, 81, 86, 91, 102, 113, 118, 123, 134, 146, 150, 156, 166, 181, 191, 198, 209, 213, 224, 234, 245, 256, 267, 277, 288, 293]);
  });

  it('applies distance like scipy (highest peaks kept first)', () => {
    expect(findPeaks(SIGNAL, { distance: 20 }).peaks).toEqual([12, 47, 81, 102, 123, 156, 191, 213, 234, 267, 288]);
    expect(findPeaks(SIGNAL, { height: 50, distance: 8 }).peaks).toEqual([3, 12, 47, 81, 91, 113, 123, 156, 191, 224, 234, 267, 277]);
  });

  it('applies prominence like scipy, alone and after distance', () => {
    expect(findPeaks(SIGNAL, { prominence: 30 }).peaks).toEqual([6, 12, 23, 38, 47, 70, 81, 102, 113, 123, 134, 156, 166, 181, 191, 198, 213, 224, 234, 267, 277]);
    expect(findPeaks(SIGNAL, { distance: 12, prominence: 20 }).peaks).toEqual([12, 47, 81, 102, 123, 156, 191, 213, 234, 267, 288]);
  });

  it('computes prominences and bases like scipy', () => {
    const all = findPeaks(SIGNAL, { prominence: 0 });
    expect(all.prominences.slice(0, 12)).toEqual([4, 36, 110, 41, 33, 255, 16, 44, 255, 8, 21, 58]);
    expect(all.leftBases.slice(0, 12)).toEqual([0, 0, 0, 20, 30, 30, 52, 63, 63, 84, 84, 99]);
    expect(all.rightBases.slice(0, 12)).toEqual([4, 9, 30, 30, 41, 63, 63, 73, 174, 88, 105, 105]);
    expect(peakProminence([0, 3, 1, 5, 0], 1)).toEqual({ prominence: 2, leftBase: 0, rightBase: 2 });
  });

  it('reports a plateau once, at its middle, and never a sample at the edge', () => {
    expect(findPeaks([0, 1, 5, 5, 5, 5, 1, 0]).peaks).toEqual([3]);
    expect(findPeaks([0, 5, 5, 5, 1]).peaks).toEqual([2]);
    expect(findPeaks([9, 1, 2, 1, 9]).peaks).toEqual([2]);
    expect(findPeaks([1, 2, 2])).toMatchObject({ peaks: [] }); // a plateau running into the edge is not a peak
  });

  it('rejects a distance below one sample', () => {
    expect(() => findPeaks(SIGNAL, { distance: 0 })).toThrow(/distance/);
  });
});
