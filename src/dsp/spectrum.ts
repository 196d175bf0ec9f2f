/**
 * One-sided power spectra through the `fft.js` real FFT (radix-4).
 *
 * A `SpectrumAnalyzer` owns one FFT plan, one window and its scratch arrays, so the hub
 * can compute a spectrum per channel per update without allocating. Scaling is a power
 * spectral density in signal-units²/Hz (µV²/Hz for EEG), the same as scipy's
 * `periodogram(x, fs, window, detrend='constant', scaling='density')`: the mean is
 * removed, the window applied, |X|² divided by fs·Σw², and every bin except DC and
 * Nyquist doubled to fold in the negative frequencies.
 */
import FFT from 'fft.js';
import { TroupeError, assert } from '../runtime/errors.ts';

/** Window shapes offered: Hann (default, low leakage) or rectangular (no window). */
export type WindowKind = 'hann' | 'rectangular';

/** FFT sizes allowed: powers of two from 4 (fft.js's real transform needs ≥ 4) to 2^20. */
export const FFT_SIZE_MIN = 4;
export const FFT_SIZE_MAX = 1 << 20;

/**
 * The window's samples; Hann is the periodic form (scipy's `get_window('hann', n)`), right for spectra.
 *
 * @example
 * const w = makeWindow('hann', 256);
 */
export function makeWindow(kind: WindowKind, size: number): Float64Array {
  const w = new Float64Array(size);
  if (kind === 'rectangular') return w.fill(1);
  for (let i = 0; i < size; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return w;
}

/**
 * True when `n` is a power of two in the FFT size range.
 *
 * @example
 * isFftSize(512); // true
 */
export function isFftSize(n: number): boolean {
  return Number.isInteger(n) && n >= FFT_SIZE_MIN && n <= FFT_SIZE_MAX && (n & (n - 1)) === 0;
}

/**
 * Power spectral density of fixed-size frames, reusing its FFT plan and buffers.
 *
 * @example
 * const analyzer = new SpectrumAnalyzer(256, 250);
 * const psd = analyzer.psd(samples);          // µV²/Hz, bins 0..128
 * const f = analyzer.frequencyHz(psd.indexOf(Math.max(...psd)));
 */
export class SpectrumAnalyzer {
  readonly size: number;
  readonly sampleRateHz: number;
  /** Bins in the one-sided spectrum: size/2 + 1 (DC to Nyquist). */
  readonly binCount: number;
  readonly binWidthHz: number;
  private readonly fft: FFT;
  private readonly window: Float64Array;
  private readonly scale: number;
  private readonly frame: Float64Array;
  private readonly complex: Float64Array;

  constructor(size: number, sampleRateHz: number, window: WindowKind = 'hann') {
    if (!isFftSize(size)) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `FFT size is ${size}; it must be a power of two in ${FFT_SIZE_MIN}..${FFT_SIZE_MAX}`);
    }
    if (!Number.isFinite(sampleRateHz) || sampleRateHz <= 0) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `sampleRateHz is ${sampleRateHz}; it must be a positive number`);
    }
    this.size = size;
    this.sampleRateHz = sampleRateHz;
    this.binCount = size / 2 + 1;
    this.binWidthHz = sampleRateHz / size;
    this.fft = new FFT(size);
    this.window = makeWindow(window, size);
    let sumSquares = 0;
    for (let i = 0; i < size; i++) sumSquares += this.window[i] * this.window[i];
    this.scale = 1 / (sampleRateHz * sumSquares);
    this.frame = new Float64Array(size);
    this.complex = new Float64Array(2 * size);
  }

  /** The centre frequency of bin `k`. */
  frequencyHz(bin: number): number {
    return bin * this.binWidthHz;
  }

  /** The bin frequencies, DC to Nyquist. */
  frequenciesHz(): Float64Array {
    const f = new Float64Array(this.binCount);
    for (let k = 0; k < this.binCount; k++) f[k] = k * this.binWidthHz;
    return f;
  }

  /**
   * The one-sided PSD of `signal[offset .. offset + size)`, written into `out`
   * (length ≥ binCount; a new array if omitted).
   */
  psd(signal: Float64Array, offset = 0, out: Float64Array = new Float64Array(this.binCount)): Float64Array {
    assert(offset >= 0 && offset + this.size <= signal.length, `SpectrumAnalyzer.psd: frame [${offset}, ${offset + this.size}) outside a signal of ${signal.length}`);
    assert(out.length >= this.binCount, 'SpectrumAnalyzer.psd: out shorter than binCount');
    const n = this.size;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += signal[offset + i];
    mean /= n;
    for (let i = 0; i < n; i++) this.frame[i] = (signal[offset + i] - mean) * this.window[i];
    this.fft.realTransform(this.complex, this.frame);
    for (let k = 0; k < this.binCount; k++) {
      const re = this.complex[2 * k], im = this.complex[2 * k + 1];
      const oneSided = k === 0 || k === n / 2 ? 1 : 2;
      out[k] = (re * re + im * im) * this.scale * oneSided;
    }
    return out;
  }
}

/**
 * The PSD of a whole signal (its length must be an FFT size), with bin frequencies.
 *
 * @example
 * const { frequenciesHz, power } = powerSpectrum(oneSecondAt256Hz, 256);
 */
export function powerSpectrum(signal: Float64Array, sampleRateHz: number, window: WindowKind = 'hann'): { frequenciesHz: Float64Array; power: Float64Array } {
  const analyzer = new SpectrumAnalyzer(signal.length, sampleRateHz, window);
  return { frequenciesHz: analyzer.frequenciesHz(), power: analyzer.psd(signal) };
}

/**
 * The frequency of the strongest bin between `minHz` and `maxHz`, refined by fitting a
 * parabola through the peak bin and its neighbours (log power), so a 10 Hz tone reads
 * 10 Hz even when 10 Hz falls between bins.
 *
 * @example
 * peakFrequencyHz(frequenciesHz, power, 1, 40); // ≈ 10 for an alpha rhythm
 */
export function peakFrequencyHz(frequenciesHz: Float64Array, power: Float64Array, minHz = 0, maxHz = Infinity): number {
  let best = -1;
  for (let k = 0; k < power.length; k++) {
    if (frequenciesHz[k] < minHz || frequenciesHz[k] > maxHz) continue;
    if (best < 0 || power[k] > power[best]) best = k;
  }
  if (best < 0) throw new TroupeError('SIGNAL_OPTION_INVALID', `peakFrequencyHz: no bin between ${minHz} and ${maxHz} Hz`);
  if (best === 0 || best === power.length - 1) return frequenciesHz[best];
  const tiny = 1e-300;
  const a = Math.log(power[best - 1] + tiny), b = Math.log(power[best] + tiny), c = Math.log(power[best + 1] + tiny);
  const denominator = a - 2 * b + c;
  const shift = denominator === 0 ? 0 : (0.5 * (a - c)) / denominator;
  return frequenciesHz[best] + shift * (frequenciesHz[1] - frequenciesHz[0]);
}
