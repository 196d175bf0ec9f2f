import { describe, expect, it } from 'vitest';
import { butterworthBandPass, butterworthBandStop, cascadeSos, sosFilter, sosFrequencyResponse, SosFilter } from '../../src/dsp/index.ts';

// Reference designs from scipy 1.17: signal.butter(order, [low, high], btype, fs=fs, output='sos').
// scipy orders and scales its sections differently, so the designs are compared by their
// impulse responses (the whole transfer function), not row by row.
const SCIPY_BANDPASS_1_60_AT_250 = Float64Array.from([
  0.2675907487486234, 0.5351814974972467, 0.2675907487486234, 1, -0.08956054453684133, 0.17972331073918318,
  1, -2, 1, 1, -1.9644695181191598, 0.9651067061077038,
]);
const SCIPY_BANDSTOP_59_61_AT_250 = Float64Array.from([
  0.9650809863447344, -0.12123416008788233, 0.9650809863447342, 1, -0.08852579099592463, 0.9650427988239664,
  1, -0.12562071142553477, 0.9999999999999998, 1, -0.15825247013386085, 0.9651195607717253,
]);
const SCIPY_BANDPASS_ORDER3_8_13_AT_250 = Float64Array.from([
  0.00021960621122536208, 0.00043921242245072416, 0.00021960621122536208, 1, -1.8200715357747899, 0.8816185923631891,
  1, 0, -1, 1, -1.83118244003817, 0.9271930125199479, 1, -2, 1, 1, -1.9095395147813572, 0.9513205911554079,
]);
const SCIPY_BANDSTOP_ORDER1_45_55_AT_500 = Float64Array.from([
  0.9408092961815947, -1.5252711924368987, 0.9408092961815943, 1, -1.5252711924368991, 0.8816185923631896,
]);

function impulseResponse(sos: Float64Array, length = 400): Float64Array {
  const impulse = new Float64Array(length);
  impulse[0] = 1;
  return sosFilter(sos, impulse);
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function sine(frequencyHz: number, sampleRateHz: number, length: number, amplitude = 1): Float64Array {
  const x = new Float64Array(length);
  for (let n = 0; n < length; n++) x[n] = amplitude * Math.sin((2 * Math.PI * frequencyHz * n) / sampleRateHz);
  return x;
}

function rms(x: Float64Array, from: number): number {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / (x.length - from));
}

describe('Butterworth design by bilinear transform', () => {
  it('band-pass 1–60 Hz at 250 Hz has the same impulse response as scipy', () => {
    expect(maxAbsDifference(impulseResponse(butterworthBandPass(1, 60, 250)), impulseResponse(SCIPY_BANDPASS_1_60_AT_250))).toBeLessThan(1e-12);
  });

  it('band-stop 59–61 Hz at 250 Hz has the same impulse response as scipy', () => {
    expect(maxAbsDifference(impulseResponse(butterworthBandStop(59, 61, 250)), impulseResponse(SCIPY_BANDSTOP_59_61_AT_250))).toBeLessThan(1e-12);
  });

  it('other orders and rates match scipy too (odd order, a single section)', () => {
    expect(maxAbsDifference(impulseResponse(butterworthBandPass(8, 13, 250, 3)), impulseResponse(SCIPY_BANDPASS_ORDER3_8_13_AT_250))).toBeLessThan(1e-12);
    expect(maxAbsDifference(impulseResponse(butterworthBandStop(45, 55, 500, 1)), impulseResponse(SCIPY_BANDSTOP_ORDER1_45_55_AT_500))).toBeLessThan(1e-12);
  });

  it('a 10 Hz sine survives the 1–60 Hz band-pass within ±1 dB once settled', () => {
    const input = sine(10, 250, 2500);
    const output = sosFilter(butterworthBandPass(1, 60, 250), input);
    const gainDb = 20 * Math.log10(rms(output, 500) / rms(input, 500));
    expect(Math.abs(gainDb)).toBeLessThan(1);
    expect(Math.abs(20 * Math.log10(sosFrequencyResponse(butterworthBandPass(1, 60, 250), 10, 250).magnitude))).toBeLessThan(1);
  });

  it('the band-pass is −3 dB at its edges and rejects DC', () => {
    const sos = butterworthBandPass(1, 60, 250);
    expect(20 * Math.log10(sosFrequencyResponse(sos, 1, 250).magnitude)).toBeCloseTo(-3.01, 1);
    expect(20 * Math.log10(sosFrequencyResponse(sos, 60, 250).magnitude)).toBeCloseTo(-3.01, 1);
    expect(sosFrequencyResponse(sos, 0, 250).magnitude).toBeLessThan(1e-12);
  });

  it('60 Hz mains is attenuated by at least 20 dB by the 59–61 Hz band-stop, while 10 Hz passes', () => {
    const stop = butterworthBandStop(59, 61, 250);
    const mains = sine(60, 250, 5000);
    const attenuationDb = 20 * Math.log10(rms(sosFilter(stop, mains), 2500) / rms(mains, 2500));
    expect(attenuationDb).toBeLessThan(-20);
    const alpha = sine(10, 250, 5000);
    expect(Math.abs(20 * Math.log10(rms(sosFilter(stop, alpha), 2500) / rms(alpha, 2500)))).toBeLessThan(0.1);
  });

  it('a cascade of band-pass and band-stop is one filter with both effects', () => {
    const chain = cascadeSos(butterworthBandPass(1, 60, 250), butterworthBandStop(59, 61, 250));
    expect(new SosFilter(chain, 1).sectionCount).toBe(4);
    expect(sosFrequencyResponse(chain, 60, 250).magnitude).toBeLessThan(0.1);
    expect(sosFrequencyResponse(chain, 10, 250).magnitude).toBeGreaterThan(0.89);
  });

  it('rejects band edges outside 0 < low < high < Nyquist, naming the band', () => {
    expect(() => butterworthBandPass(1, 130, 250)).toThrow(/1–130 Hz at 250 Hz/);
    expect(() => butterworthBandStop(61, 59, 250)).toThrow(/SIGNAL_OPTION_INVALID|edges must satisfy/);
    expect(() => butterworthBandPass(1, 60, 250, 0)).toThrow(/order/);
  });
});
