import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SosFilter, butterworthBandPass, butterworthBandStop, cascadeSos, sosFilter } from '../../src/dsp/index.ts';
import { SeededRandom } from '../../src/runtime/rng.ts';

const HUB_CHAIN = cascadeSos(butterworthBandPass(1, 60, 250), butterworthBandStop(59, 61, 250));

function noisyEeg(length: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const x = new Float64Array(length);
  for (let n = 0; n < length; n++) {
    x[n] = 20 * Math.sin((2 * Math.PI * 10 * n) / 250) + 8 * Math.sin((2 * Math.PI * 60 * n) / 250) + random.between(-5, 5) + 300;
  }
  return x;
}

describe('SosFilter', () => {
  it('matches scipy.signal.sosfilt on a short hand-made sequence', () => {
    // scipy: sosfilt(butter(2, [1, 60], 'bandpass', fs=250, output='sos'), x)
    const x = Float64Array.from([1, -2, 3.5, 0, 0.25, 7, -1, 2]);
    const expected = [0.2675907487486234, 0.014457944921054455, 0.07765761725846661, 1.3283836538534783, 1.0472654015185465, 1.766202927961113, 3.3501697704065463, 1.5673727980297003];
    const y = sosFilter(butterworthBandPass(1, 60, 250), x);
    y.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 12));
  });

  it('filtering in chunks equals filtering in one go to 1e-9, for any chunk split', () => {
    const signal = noisyEeg(1500, 3);
    const oneShot = sosFilter(HUB_CHAIN, signal);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }), (chunkSizes) => {
        const filter = new SosFilter(HUB_CHAIN, 1);
        const chunked = new Float64Array(signal.length);
        let at = 0, i = 0;
        while (at < signal.length) {
          const end = Math.min(signal.length, at + chunkSizes[i++ % chunkSizes.length]);
          filter.process(signal.subarray(at, end), chunked.subarray(at, end));
          at = end;
        }
        for (let n = 0; n < signal.length; n++) expect(Math.abs(chunked[n] - oneShot[n])).toBeLessThan(1e-9);
      }),
      { numRuns: 50, seed: 11 },
    );
  });

  it('keeps separate state per channel, so interleaved chunks of 8 channels do not mix', () => {
    const channels = Array.from({ length: 8 }, (_, c) => noisyEeg(600, 100 + c));
    const bank = new SosFilter(HUB_CHAIN, 8);
    const outputs = channels.map(() => new Float64Array(600));
    for (let at = 0; at < 600; at += 25) {
      channels.forEach((x, c) => bank.process(x.subarray(at, at + 25), outputs[c].subarray(at, at + 25), c));
    }
    channels.forEach((x, c) => {
      const alone = sosFilter(HUB_CHAIN, x);
      for (let n = 0; n < 600; n++) expect(Math.abs(outputs[c][n] - alone[n])).toBeLessThan(1e-9);
    });
  });

  it('filters in place, and a saved state restores the same continuation', () => {
    const signal = noisyEeg(500, 9);
    const filter = new SosFilter(HUB_CHAIN);
    filter.process(signal.slice(0, 250));
    const saved = filter.saveState();
    const first = filter.process(signal.slice(250));
    filter.reset();
    filter.restoreState(saved);
    const inPlace = signal.slice(250);
    filter.process(inPlace, inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(first));
  });

  it('rejects malformed coefficient arrays and channel counts', () => {
    expect(() => new SosFilter(new Float64Array(5))).toThrow(/rows of 6/);
    expect(() => new SosFilter(Float64Array.from([1, 0, 0, 2, 0, 0]))).toThrow(/a0 = 2/);
    expect(() => new SosFilter(HUB_CHAIN, 0)).toThrow(/channelCount/);
  });
});
