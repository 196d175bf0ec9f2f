import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseShard, seedsOf, shardRange } from '../../../src/runtime/explore/index.ts';
import { isTroupeError } from '../../../src/runtime/index.ts';

describe('seed ranges and shards', () => {
  it('shards of any range cover every seed exactly once, in contiguous slices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (from, count, total) => {
        const seen: number[] = [];
        for (let index = 1; index <= total; index++) {
          const slice = shardRange({ from, count }, { index, total });
          expect(slice.count).toBeGreaterThanOrEqual(Math.floor(count / total));
          expect(slice.count).toBeLessThanOrEqual(Math.ceil(count / total));
          seen.push(...seedsOf(slice));
        }
        expect(seen).toEqual(seedsOf({ from, count }));
      }),
    );
  });

  it('parses i/n and rejects shards outside 1..n with a usage error naming the flag', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1-4']) {
      let caught: unknown;
      try {
        parseShard(bad);
      } catch (error) {
        caught = error;
      }
      expect(isTroupeError(caught, 'USAGE') && (caught as Error).message.includes('--shard')).toBe(true);
    }
  });
});
