/**
 * Seed ranges and shards. An exploration covers the seeds [seedFrom, seedFrom + seeds);
 * `--shard i/n` gives machine i of n its own contiguous slice, so any CI matrix or job
 * runner can share one sweep: the n slices cover the range exactly once, and a failing
 * seed found on any machine reproduces anywhere.
 */
import { TroupeError } from '../errors.ts';

/** The largest seed `runScenario` accepts. */
export const seedMax = 0x7fffffff;

/** A half-open range of seeds: [from, from + count). */
export interface SeedRange {
  from: number;
  count: number;
}

/** One machine's part of a sweep: 1-based `index` of `total`. */
export interface Shard {
  index: number;
  total: number;
}

/**
 * Parses `i/n` (1-based), naming the flag on a malformed value.
 *
 * @example
 * parseShard('2/4') // => { index: 2, total: 4 }
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (match === null || !(total >= 1) || !(index >= 1 && index <= total)) {
    throw new TroupeError('USAGE', `--shard takes i/n with 1 <= i <= n (e.g. 2/4), got '${text}'`);
  }
  return { index, total };
}

/**
 * The slice of `range` that shard `index` of `total` runs. Slices are contiguous, differ in
 * size by at most one, and together cover the range exactly once.
 *
 * @example
 * shardRange({ from: 1, count: 10 }, { index: 2, total: 3 }) // => { from: 4, count: 3 }
 */
export function shardRange(range: SeedRange, shard: Shard): SeedRange {
  validateRange(range);
  const start = Math.floor((range.count * (shard.index - 1)) / shard.total);
  const end = Math.floor((range.count * shard.index) / shard.total);
  return { from: range.from + start, count: end - start };
}

/**
 * Checks a seed range against the limits of a run's seed, naming the flag.
 *
 * @example
 * validateRange({ from: 1, count: 1000 })
 */
export function validateRange(range: SeedRange): void {
  if (!Number.isSafeInteger(range.from) || range.from < 0 || range.from > seedMax) {
    throw new TroupeError('USAGE', `--seed-from must be an integer in [0, ${seedMax}], got ${range.from}`);
  }
  if (!Number.isSafeInteger(range.count) || range.count < 0 || range.from + range.count - 1 > seedMax) {
    throw new TroupeError('USAGE', `--seeds must be an integer >= 0 with seed-from + seeds - 1 <= ${seedMax}, got ${range.count}`);
  }
}

/**
 * The seeds of a range, in order.
 *
 * @example
 * seedsOf({ from: 5, count: 3 }) // => [5, 6, 7]
 */
export function seedsOf(range: SeedRange): number[] {
  return Array.from({ length: range.count }, (_, i) => range.from + i);
}
