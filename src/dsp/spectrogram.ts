/**
 * Spectrograms: one PSD column per hop of a sliding window.
 *
 * `StreamingSpectrogram` takes samples in chunks of any size (the hub's live EEG) and
 * calls back with a column each time a full window ends on a hop boundary; the columns
 * are the same as the one-shot `spectrogram()` over the concatenated signal. It keeps only
 * one window of history, so memory does not grow with the stream.
 */
import { TroupeError } from '../runtime/errors.ts';
import { SpectrumAnalyzer } from './spectrum.ts';
import type { WindowKind } from './spectrum.ts';

export interface SpectrogramOptions {
  /** Samples per column's window, a power of two (default 256). */
  windowSize?: number;
  /** Samples between column starts (default windowSize / 4). */
  hopSize?: number;
  window?: WindowKind;
}

/** A column: its start sample, its centre time from the stream start, and the PSD (reused between calls: copy to keep). */
export interface SpectrogramColumn {
  startSample: number;
  centreTimeS: number;
  power: Float64Array;
}

/** Columns a one-shot spectrogram returns at most; beyond it the call fails (use the streaming form). */
export const SPECTROGRAM_COLUMNS_MAX = 65_536;

/**
 * A spectrogram fed in chunks.
 *
 * @example
 * const sg = new StreamingSpectrogram(250, { windowSize: 256, hopSize: 64 });
 * sg.push(chunk, (column) => heatmap.addColumn(Float64Array.from(column.power)));
 */
export class StreamingSpectrogram {
  readonly windowSize: number;
  readonly hopSize: number;
  readonly sampleRateHz: number;
  readonly analyzer: SpectrumAnalyzer;
  /** The last `windowSize` samples as a ring; `writeIndex` is the oldest once full. */
  private readonly ring: Float64Array;
  /** The ring unrolled oldest-first for the FFT, only when a column is due. */
  private readonly frame: Float64Array;
  private readonly column: Float64Array;
  private writeIndex = 0;
  private samplesSeen = 0;
  private untilNextColumn: number;

  constructor(sampleRateHz: number, options: SpectrogramOptions = {}) {
    this.windowSize = options.windowSize ?? 256;
    this.hopSize = options.hopSize ?? Math.max(1, this.windowSize / 4);
    this.analyzer = new SpectrumAnalyzer(this.windowSize, sampleRateHz, options.window ?? 'hann');
    if (!Number.isInteger(this.hopSize) || this.hopSize < 1) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `spectrogram hopSize is ${this.hopSize}; it must be a positive integer`);
    }
    this.sampleRateHz = sampleRateHz;
    this.ring = new Float64Array(this.windowSize);
    this.frame = new Float64Array(this.windowSize);
    this.column = new Float64Array(this.analyzer.binCount);
    this.untilNextColumn = this.windowSize;
  }

  /** Bin frequencies of every column. */
  frequenciesHz(): Float64Array {
    return this.analyzer.frequenciesHz();
  }

  /** Feeds samples; `onColumn` runs for every column completed by them, in order. */
  push(samples: Float64Array, onColumn: (column: SpectrogramColumn) => void): void {
    const size = this.windowSize;
    for (let i = 0; i < samples.length; i++) {
      this.ring[this.writeIndex] = samples[i];
      this.writeIndex = this.writeIndex + 1 === size ? 0 : this.writeIndex + 1;
      this.samplesSeen++;
      if (--this.untilNextColumn === 0) {
        this.untilNextColumn = this.hopSize;
        // Oldest sample is at writeIndex: unroll [writeIndex, size) then [0, writeIndex).
        this.frame.set(this.ring.subarray(this.writeIndex), 0);
        this.frame.set(this.ring.subarray(0, this.writeIndex), size - this.writeIndex);
        this.analyzer.psd(this.frame, 0, this.column);
        const startSample = this.samplesSeen - size;
        onColumn({ startSample, centreTimeS: (startSample + size / 2) / this.sampleRateHz, power: this.column });
      }
    }
  }
}

/**
 * The spectrogram of a whole signal: `power` is row-major, one row of `binCount` per column.
 *
 * @example
 * const { power, columnCount, binCount, timesS, frequenciesHz } = spectrogram(x, 250, { windowSize: 128, hopSize: 32 });
 */
export function spectrogram(
  signal: Float64Array,
  sampleRateHz: number,
  options: SpectrogramOptions = {},
): { power: Float64Array; columnCount: number; binCount: number; timesS: Float64Array; frequenciesHz: Float64Array } {
  const windowSize = options.windowSize ?? 256;
  const hopSize = options.hopSize ?? Math.max(1, windowSize / 4);
  const analyzer = new SpectrumAnalyzer(windowSize, sampleRateHz, options.window ?? 'hann');
  const columnCount = signal.length < windowSize ? 0 : Math.floor((signal.length - windowSize) / hopSize) + 1;
  if (columnCount > SPECTROGRAM_COLUMNS_MAX) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `spectrogram of ${columnCount} columns exceeds ${SPECTROGRAM_COLUMNS_MAX}; raise hopSize or use StreamingSpectrogram`);
  }
  const binCount = analyzer.binCount;
  const power = new Float64Array(columnCount * binCount);
  const timesS = new Float64Array(columnCount);
  for (let c = 0; c < columnCount; c++) {
    analyzer.psd(signal, c * hopSize, power.subarray(c * binCount, (c + 1) * binCount));
    timesS[c] = (c * hopSize + windowSize / 2) / sampleRateHz;
  }
  return { power, columnCount, binCount, timesS, frequenciesHz: analyzer.frequenciesHz() };
}
