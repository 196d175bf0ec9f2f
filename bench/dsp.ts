/**
 * DSP figures for the data hub: one JSON line per figure on stdout. Never fails on time;
 * the numbers depend on the machine and are for comparison within one run.
 *
 * Run: npx tsx bench/dsp.ts
 *
 * Figures:
 * - sos-filter: samples/s through the hub chain (band-pass 1–60 + band-stop 59–61, 4
 *   sections) for 8 channels at 250 Hz in 25-sample chunks, and the same signal through a
 *   naive direct-form-I filter of the multiplied-out 8th-order polynomial on plain arrays,
 *   measured in the same run; with how far the naive output strays from the SOS output.
 * - psd-256: 256-point PSDs per second (fft.js real transform + Hann + scaling).
 * - band-powers: ms for one 8-channel band-power update over 10 s of data.
 * - cyton-parser: packets parsed per second from a synthetic board's byte stream.
 * - peak-bpm: pulse samples per second through PeakBpmEstimator fed in 25-sample chunks.
 */
import { performance } from 'node:perf_hooks';
import { SosFilter, SpectrumAnalyzer, bandPowers, butterworthBandPass, butterworthBandStop, cascadeSos } from '../src/dsp/index.ts';
import type { Sos } from '../src/dsp/index.ts';
import { CytonStreamParser, SyntheticCytonBoard } from '../src/devices/openbci/index.ts';
import { PeakBpmEstimator, SyntheticPulse } from '../src/devices/pulse/index.ts';

const SAMPLE_RATE_HZ = 250;
const CHANNELS = 8;
const CHUNK = 25;

function emit(figure: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'dsp', figure, ...fields }));
}

/** Runs `work` repeatedly for about `budgetMs` and returns runs per second. */
function rate(work: () => void, budgetMs = 400): number {
  work(); // warm up
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    work();
    runs++;
    elapsed = performance.now() - start;
  }
  return (runs * 1000) / elapsed;
}

/** The cascade as one numerator and denominator polynomial (what a naive implementation uses). */
function toPolynomial(sos: Sos): { b: number[]; a: number[] } {
  let b = [1], a = [1];
  const multiply = (p: number[], q: number[]) => {
    const out = new Array<number>(p.length + q.length - 1).fill(0);
    p.forEach((pi, i) => q.forEach((qj, j) => (out[i + j] += pi * qj)));
    return out;
  };
  for (let s = 0; s < sos.length / 6; s++) {
    b = multiply(b, Array.from(sos.subarray(s * 6, s * 6 + 3)));
    a = multiply(a, Array.from(sos.subarray(s * 6 + 3, s * 6 + 6)));
  }
  return { b, a };
}

/** Direct form I over the whole signal on plain arrays, the way it is often first written. */
function naiveDirectForm(b: number[], a: number[], x: number[]): number[] {
  const y: number[] = [];
  for (let n = 0; n < x.length; n++) {
    let acc = 0;
    for (let k = 0; k < b.length; k++) if (n - k >= 0) acc += b[k] * x[n - k];
    for (let k = 1; k < a.length; k++) if (n - k >= 0) acc -= a[k] * y[n - k];
    y.push(acc);
  }
  return y;
}

function eegLike(length: number, channel: number): Float64Array {
  return Float64Array.from({ length }, (_, n) => 300 * channel + 20 * Math.sin((2 * Math.PI * 10 * n) / SAMPLE_RATE_HZ) + 8 * Math.sin((2 * Math.PI * 60 * n) / SAMPLE_RATE_HZ) + ((n * 7919) % 13) - 6);
}

function benchFilters(): void {
  const chain = cascadeSos(butterworthBandPass(1, 60, SAMPLE_RATE_HZ), butterworthBandStop(59, 61, SAMPLE_RATE_HZ));
  const seconds = 10;
  const length = seconds * SAMPLE_RATE_HZ;
  const signals = Array.from({ length: CHANNELS }, (_, c) => eegLike(length, c));
  const out = signals.map(() => new Float64Array(length));
  const bank = new SosFilter(chain, CHANNELS);
  const sosRuns = rate(() => {
    for (let at = 0; at < length; at += CHUNK) {
      for (let c = 0; c < CHANNELS; c++) bank.process(signals[c].subarray(at, at + CHUNK), out[c].subarray(at, at + CHUNK), c);
    }
  });
  const { b, a } = toPolynomial(chain);
  const plain = signals.map((s) => Array.from(s));
  let naiveOut: number[] = [];
  const naiveRuns = rate(() => {
    for (let c = 0; c < CHANNELS; c++) naiveOut = naiveDirectForm(b, a, plain[c]);
  });
  const reference = new SosFilter(chain, 1).process(signals[CHANNELS - 1]);
  let strayMicrovolts = 0;
  for (let n = 0; n < length; n++) strayMicrovolts = Math.max(strayMicrovolts, Math.abs(naiveOut[n] - reference[n]));
  const samples = CHANNELS * length;
  const realTimeSamplesPerS = CHANNELS * SAMPLE_RATE_HZ;
  emit('sos-filter', { channels: CHANNELS, sampleRateHz: SAMPLE_RATE_HZ, sections: chain.length / 6, chunkSamples: CHUNK, samplesPerS: Math.round(sosRuns * samples), timesRealTime: Math.round((sosRuns * samples) / realTimeSamplesPerS) });
  emit('naive-direct-form', { order: a.length - 1, samplesPerS: Math.round(naiveRuns * samples), sosSpeedup: Number((sosRuns / naiveRuns).toFixed(2)), maxDeviationFromSosMicrovolts: strayMicrovolts });
}

function benchSpectra(): void {
  const analyzer = new SpectrumAnalyzer(256, SAMPLE_RATE_HZ);
  const x = eegLike(256, 1);
  const out = new Float64Array(analyzer.binCount);
  emit('psd-256', { psdPerS: Math.round(rate(() => analyzer.psd(x, 0, out))) });
  const tenSeconds = Array.from({ length: CHANNELS }, (_, c) => eegLike(10 * SAMPLE_RATE_HZ, c));
  const perS = rate(() => tenSeconds.forEach((x) => bandPowers(x, SAMPLE_RATE_HZ)));
  emit('band-powers', { channels: CHANNELS, windowS: 10, msPerUpdate: Number((1000 / perS).toFixed(3)) });
}

function benchParsing(): void {
  const board = new SyntheticCytonBoard({ seed: 1 });
  board.write('b');
  const bytes = board.nextPackets(10_000);
  const runs = rate(() => {
    const parser = new CytonStreamParser();
    for (let at = 0; at < bytes.length; at += 512) parser.push(bytes.subarray(at, at + 512));
  });
  emit('cyton-parser', { chunkBytes: 512, packetsPerS: Math.round(runs * 10_000) });
  const pulse = new SyntheticPulse({ seed: 1 }).read(60_000);
  const bpmRuns = rate(() => {
    const estimator = new PeakBpmEstimator({ sampleRateHz: SAMPLE_RATE_HZ });
    for (let at = 0; at < pulse.length; at += CHUNK) estimator.push(pulse.subarray(at, at + CHUNK));
  });
  emit('peak-bpm', { chunkSamples: CHUNK, samplesPerS: Math.round(bpmRuns * pulse.length) });
}

benchFilters();
benchSpectra();
benchParsing();
