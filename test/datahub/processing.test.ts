import { describe, expect, it } from 'vitest';
import { encodeCytonPacket, microvoltsToCounts } from '../../src/devices/openbci/index.ts';
import { processEeg, processPulse } from '../../src/datahub/processing.ts';
import { ProcessingPool } from '../../src/datahub/processingPool.ts';
import { pulseSamples } from '../../src/actors/datahub/index.ts';

/** Cyton packets whose channel 1 carries `signal(t)` µV. */
function packets(first: number, count: number, signal: (tS: number) => number): ArrayBuffer {
  const out = new Uint8Array(count * 33);
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const counts = Array.from({ length: 8 }, () => microvoltsToCounts(signal(n / 250), 24));
    encodeCytonPacket({ sampleNumber: n & 0xff, channelCounts: counts }, out, i * 33);
  }
  return out.buffer;
}

function rmsOfChunks(signal: (tS: number) => number): number {
  let filterState: Float64Array | null = null;
  let tail: Float64Array | null = null;
  let sum = 0;
  let n = 0;
  for (let chunk = 0; chunk < 40; chunk++) {
    const result = processEeg({ kind: 'eeg', packets: packets(chunk * 25, 25, signal), filterState, tail, spectra: false });
    filterState = result.filterState;
    tail = result.tail;
    if (chunk >= 20) for (let i = 0; i < 25; i++) { sum += result.filtered[i]! ** 2; n++; }
  }
  return Math.sqrt(sum / n);
}

describe('hub processing', () => {
  it('keeps a 10 Hz sine through chunked filtering and attenuates 60 Hz by at least 20 dB', () => {
    const amplitude = 50;
    const at10 = rmsOfChunks((t) => amplitude * Math.sin(2 * Math.PI * 10 * t));
    const at60 = rmsOfChunks((t) => amplitude * Math.sin(2 * Math.PI * 60 * t));
    expect(at10).toBeGreaterThan(0.9 * amplitude / Math.SQRT2);
    expect(20 * Math.log10(at10 / at60)).toBeGreaterThan(20);
  });

  it('reads 72 ± 2 BPM from the synthetic pulse, chunk by chunk', () => {
    let tail: Float64Array | null = null;
    let bpm: number | null = null;
    for (let chunk = 0; chunk < 40; chunk++) ({ tail, bpm } = processPulse({ kind: 'pulse', samples: pulseSamples(5, chunk * 25, 25), tail }));
    expect(bpm).not.toBeNull();
    expect(Math.abs(bpm! - 72)).toBeLessThanOrEqual(2);
  });

  it('gives the same answer in the piscina pool as inline', async () => {
    const pool = new ProcessingPool({ threads: 1 });
    try {
      const task = { kind: 'eeg' as const, packets: packets(0, 50, (t) => 20 * Math.sin(2 * Math.PI * 10 * t)), filterState: null, tail: null, spectra: true };
      const pooled = await pool.run(task);
      const inline = processEeg(task);
      expect(Array.from((pooled as typeof inline).filtered)).toEqual(Array.from(inline.filtered));
    } finally {
      await pool.close();
    }
  }, 15_000);
});
