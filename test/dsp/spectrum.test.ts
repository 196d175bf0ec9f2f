import { describe, expect, it } from 'vitest';
import { SpectrumAnalyzer, StreamingSpectrogram, bandPowers, peakFrequencyHz, powerSpectrum, relativeBandPowers, spectrogram, SosFilter, butterworthBandPass, butterworthBandStop, cascadeSos } from '../../src/dsp/index.ts';
import { CytonStreamParser, SyntheticCytonBoard } from '../../src/devices/openbci/index.ts';

function tone(frequencyHz: number, sampleRateHz: number, length: number, amplitude = 1): Float64Array {
  return Float64Array.from({ length }, (_, n) => amplitude * Math.sin((2 * Math.PI * frequencyHz * n) / sampleRateHz));
}

/** Channel `channel` (0-based) of the synthetic board, in µV, for `seconds` of streaming. */
function boardChannel(seed: number, seconds: number, channel: number): Float64Array {
  const board = new SyntheticCytonBoard({ seed });
  board.write('b');
  const samples = new CytonStreamParser().push(board.read(seconds * 1000));
  return Float64Array.from(samples, (s) => s.channelsMicrovolts[channel]);
}

describe('SpectrumAnalyzer (fft.js)', () => {
  it('finds a 10 Hz peak in a 10 Hz sine, to a tenth of a hertz', () => {
    const { frequenciesHz, power } = powerSpectrum(tone(10, 250, 1024), 250);
    expect(peakFrequencyHz(frequenciesHz, power)).toBeCloseTo(10, 1);
  });

  it('scales as a density: integrating the PSD of a sine of amplitude A gives A²/2 (Parseval)', () => {
    const analyzer = new SpectrumAnalyzer(1024, 256);
    const psd = analyzer.psd(tone(32, 256, 1024, 3)); // on a bin, no leakage beyond the Hann main lobe
    const total = psd.reduce((a, b) => a + b, 0) * analyzer.binWidthHz;
    expect(total).toBeCloseTo(4.5, 6);
  });

  it('removes the mean, so a DC offset does not show', () => {
    const analyzer = new SpectrumAnalyzer(256, 250);
    const plain = Float64Array.from(analyzer.psd(tone(20, 250, 256)));
    const offset = analyzer.psd(tone(20, 250, 256).map((v) => v + 5000));
    for (let k = 0; k < analyzer.binCount; k++) expect(offset[k]).toBeCloseTo(plain[k], 9);
  });

  it('writes into a caller-provided array without allocating a new one', () => {
    const analyzer = new SpectrumAnalyzer(256, 250);
    const out = new Float64Array(analyzer.binCount);
    expect(analyzer.psd(tone(10, 250, 512), 128, out)).toBe(out);
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new SpectrumAnalyzer(250, 250)).toThrow(/power of two/);
  });
});

describe('bandPowers (median of Welch segments)', () => {
  it('alpha dominates for the synthetic board’s alpha rhythm on an occipital channel', () => {
    const o1 = boardChannel(11, 20, 6);
    const filtered = new SosFilter(cascadeSos(butterworthBandPass(1, 60, 250), butterworthBandStop(59, 61, 250))).process(o1);
    const powers = bandPowers(filtered.subarray(500), 250);
    for (const other of ['delta', 'theta', 'beta', 'gamma'] as const) expect(powers.alpha).toBeGreaterThan(3 * powers[other]);
    expect(relativeBandPowers(powers).alpha).toBeGreaterThan(0.5);
    const { frequenciesHz, power } = powerSpectrum(filtered.subarray(filtered.length - 2048), 250);
    expect(Math.abs(peakFrequencyHz(frequenciesHz, power, 1, 40) - 10)).toBeLessThan(0.6);
  });

  it('puts a pure tone in its band: 6 Hz is theta, 20 Hz is beta, 40 Hz is gamma', () => {
    const top = (x: Float64Array) => Object.entries(bandPowers(x, 250)).sort((a, b) => b[1] - a[1])[0][0];
    expect(top(tone(6, 250, 2500))).toBe('theta');
    expect(top(tone(20, 250, 2500))).toBe('beta');
    expect(top(tone(40, 250, 2500))).toBe('gamma');
  });

  it('uses the median, so a few blink-spoiled segments do not move delta much; the mean would', () => {
    const clean = tone(10, 250, 5000, 10);
    const blinky = Float64Array.from(clean);
    for (const start of [1000, 3000]) for (let i = 0; i < 75; i++) blinky[start + i] += 300 * Math.sin((Math.PI * i) / 75);
    const cleanDelta = bandPowers(clean, 250).delta;
    const blinkDelta = bandPowers(blinky, 250).delta;
    expect(blinkDelta).toBeLessThan(cleanDelta * 3); // the median ignores the few spoiled segments
    const meanDelta = meanBandPower(blinky);
    expect(meanDelta).toBeGreaterThan(blinkDelta * 10);
  });
});

/** The same Welch split but averaged by the mean, to show what the median protects against. */
function meanBandPower(x: Float64Array): number {
  const analyzer = new SpectrumAnalyzer(256, 250);
  let total = 0, segments = 0;
  for (let at = 0; at + 256 <= x.length; at += 128) {
    const psd = analyzer.psd(x, at);
    for (let k = 0; k < analyzer.binCount; k++) if (analyzer.frequencyHz(k) >= 0.5 && analyzer.frequencyHz(k) < 4) total += psd[k] * analyzer.binWidthHz;
    segments++;
  }
  return total / segments;
}

describe('spectrogram', () => {
  it('places a chirp’s energy at a rising frequency over time', () => {
    const x = Float64Array.from({ length: 2500 }, (_, n) => Math.sin(2 * Math.PI * (5 * (n / 250) + 2 * (n / 250) ** 2))); // 5 Hz → 45 Hz in 10 s
    const sg = spectrogram(x, 250, { windowSize: 256, hopSize: 125 });
    const peakAt = (column: number) => {
      const row = sg.power.subarray(column * sg.binCount, (column + 1) * sg.binCount);
      return sg.frequenciesHz[row.indexOf(Math.max(...row))];
    };
    expect(sg.columnCount).toBe(Math.floor((2500 - 256) / 125) + 1);
    expect(peakAt(0)).toBeLessThan(peakAt(sg.columnCount - 1));
    expect(Math.abs(peakAt(0) - (5 + 4 * sg.timesS[0]))).toBeLessThan(2); // instantaneous frequency 5 + 4t
  });

  it('streaming in odd-sized chunks gives the same columns as the one-shot spectrogram', () => {
    const x = boardChannel(12, 6, 0);
    const oneShot = spectrogram(x, 250, { windowSize: 128, hopSize: 50 });
    const streaming = new StreamingSpectrogram(250, { windowSize: 128, hopSize: 50 });
    const columns: Float64Array[] = [];
    const starts: number[] = [];
    for (let at = 0; at < x.length; at += 37) {
      streaming.push(x.subarray(at, at + 37), (c) => {
        columns.push(Float64Array.from(c.power));
        starts.push(c.startSample);
      });
    }
    expect(columns.length).toBe(oneShot.columnCount);
    expect(starts.slice(0, 3)).toEqual([0, 50, 100]);
    columns.forEach((column, c) => {
      const expected = oneShot.power.subarray(c * oneShot.binCount, (c + 1) * oneShot.binCount);
      for (let k = 0; k < oneShot.binCount; k++) expect(Math.abs(column[k] - expected[k])).toBeLessThan(1e-9 * (1 + expected[k]));
    });
  });
});
