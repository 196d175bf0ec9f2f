/**
 * Hub-side signal processing of one chunk, as pure functions whose carried state goes in
 * and comes back out, so any worker of the pool can take any chunk (processingPool.ts):
 *
 * - EEG: parse Cyton packets, band-pass 1–60 Hz and band-stop 59–61 Hz (Butterworth order
 *   2, second-order sections, filter state carried between chunks: no edge artefacts),
 *   keep a 2 s tail per channel; with `spectra`, the tail's PSD, median band powers and a
 *   spectrogram column (its PSD in dB) for every channel.
 * - Pulse: the last 6 s of samples and the heart rate by peak detection (distance,
 *   prominence, moving average).
 */
import { CytonStreamParser, CYTON_CHANNELS } from '../devices/openbci/index.ts';
import { SosFilter, butterworthBandPass, butterworthBandStop, cascadeSos, SpectrumAnalyzer, bandPowers, type BandPowers } from '../dsp/index.ts';
import { PeakBpmEstimator } from '../devices/pulse/index.ts';

export const EEG_RATE_HZ = 250;
/** Samples kept per channel for spectra: 2 s at 250 Hz. */
export const EEG_TAIL_SAMPLES = 512;
export const PULSE_TAIL_SAMPLES = 6 * 250;

const eegSos = cascadeSos(butterworthBandPass(1, 60, EEG_RATE_HZ, 2), butterworthBandStop(59, 61, EEG_RATE_HZ, 2));
const analyzer = new SpectrumAnalyzer(256, EEG_RATE_HZ);

export interface EegTask {
  kind: 'eeg';
  packets: ArrayBuffer;
  filterState: Float64Array | null;
  /** Channel-major, CYTON_CHANNELS × EEG_TAIL_SAMPLES; the newest sample last. */
  tail: Float64Array | null;
  spectra: boolean;
}

export interface EegResult {
  kind: 'eeg';
  samples: number;
  /** Channel-major, CYTON_CHANNELS × samples, µV after filtering. */
  filtered: Float32Array;
  /** Raw µV (before filtering), channel-major, for the CSV export. */
  raw: Float32Array;
  filterState: Float64Array;
  tail: Float64Array;
  sampleNumbers: Uint8Array;
  spectra?: { frequenciesHz: Float64Array; power: Float64Array[]; bands: BandPowers[] };
}

/**
 * Processes one EEG chunk.
 *
 * @example
 * let state = { filterState: null, tail: null };
 * const result = processEeg({ kind: 'eeg', packets, ...state, spectra: true });
 */
export function processEeg(task: EegTask): EegResult {
  const parsed = new CytonStreamParser().push(new Uint8Array(task.packets));
  const n = parsed.length;
  const filter = new SosFilter(eegSos, CYTON_CHANNELS);
  if (task.filterState !== null) filter.restoreState(task.filterState);
  const filtered = new Float32Array(CYTON_CHANNELS * n);
  const raw = new Float32Array(CYTON_CHANNELS * n);
  const tail = task.tail ?? new Float64Array(CYTON_CHANNELS * EEG_TAIL_SAMPLES);
  const input = new Float64Array(n);
  const output = new Float64Array(n);
  for (let c = 0; c < CYTON_CHANNELS; c++) {
    for (let i = 0; i < n; i++) input[i] = parsed[i]!.channelsMicrovolts[c]!;
    filter.process(input, output, c);
    raw.set(input, c * n);
    filtered.set(output, c * n);
    const row = tail.subarray(c * EEG_TAIL_SAMPLES, (c + 1) * EEG_TAIL_SAMPLES);
    const keep = Math.max(0, EEG_TAIL_SAMPLES - n);
    row.copyWithin(0, EEG_TAIL_SAMPLES - keep);
    row.set(output.subarray(Math.max(0, n - EEG_TAIL_SAMPLES)), keep);
  }
  const result: EegResult = { kind: 'eeg', samples: n, filtered, raw, filterState: filter.saveState(), tail, sampleNumbers: Uint8Array.from(parsed, (s) => s.sampleNumber) };
  if (task.spectra) {
    const power: Float64Array[] = [];
    const bands: BandPowers[] = [];
    for (let c = 0; c < CYTON_CHANNELS; c++) {
      const row = tail.subarray(c * EEG_TAIL_SAMPLES, (c + 1) * EEG_TAIL_SAMPLES);
      power.push(analyzer.psd(row, EEG_TAIL_SAMPLES - 256));
      bands.push(bandPowers(Float64Array.from(row), EEG_RATE_HZ, { segmentSize: 256 }));
    }
    result.spectra = { frequenciesHz: analyzer.frequenciesHz(), power, bands };
  }
  return result;
}

export interface PulseTask {
  kind: 'pulse';
  samples: ArrayBuffer;
  tail: Float64Array | null;
}

export interface PulseResult {
  kind: 'pulse';
  values: Float32Array;
  tail: Float64Array;
  bpm: number | null;
}

/**
 * Processes one pulse chunk: appends to the 6 s tail and estimates BPM on it.
 *
 * @example
 * const { bpm, tail } = processPulse({ kind: 'pulse', samples, tail: null });
 */
export function processPulse(task: PulseTask): PulseResult {
  const values = Float32Array.from(new Uint16Array(task.samples));
  const previous = task.tail ?? new Float64Array(0);
  const joined = new Float64Array(Math.min(PULSE_TAIL_SAMPLES, previous.length + values.length));
  const fromPrevious = joined.length - values.length;
  joined.set(previous.subarray(previous.length - Math.max(0, fromPrevious)), 0);
  joined.set(values.subarray(Math.max(0, values.length - joined.length)), Math.max(0, fromPrevious));
  const estimator = new PeakBpmEstimator({ sampleRateHz: 250 });
  estimator.push(joined);
  return { kind: 'pulse', values, tail: joined, bpm: estimator.bpm };
}

export type ProcessingTask = EegTask | PulseTask;
export type ProcessingResult = EegResult | PulseResult;

/** The pool's task entry (also callable inline). */
export default function runTask(task: ProcessingTask): ProcessingResult {
  return task.kind === 'eeg' ? processEeg(task) : processPulse(task);
}
