import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explore, loadExploreTarget, runSeed, shardRange, seedsOf } from '../../../src/runtime/explore/index.ts';
import { shrinkTrace } from '../../../src/runtime/explore/shrink.ts';
import { replayTrace } from '../../../src/runtime/index.ts';

const lockPath = 'test/fixtures/explore/unfenced-lock.ts';
const orderingPath = 'test/fixtures/explore/ordering.ts';
/** Stated bounds for the planted lock bug (measured: first failing seed 3, shrunk to 2 faults). */
const lockSeedsMax = 30;
const lockShrunkFaultsMax = 2;

describe('explore finds, shrinks and replays a planted bug (unfenced lock)', () => {
  it(`finds the unfenced lock within ${lockSeedsMax} seeds of --faults random, on a pool of 2 threads`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-explore-'));
    const report = await explore({ scenarioPath: lockPath, range: { from: 1, count: lockSeedsMax }, faults: 'random', strategy: 'random', threads: 2, stopAfterFailures: 1, traceDir: dir });
    expect(report.failures.length).toBeGreaterThanOrEqual(1);
    const failure = report.failures[0]!;
    expect(failure.failed[0]!.name).toBe('writes only from the lock holder');
    expect(failure.command).toBe(`troupe explore ${lockPath} --seed-from ${failure.seed} --seeds 1 --threads 0 --faults random --strategy random`);

    // The written trace replays exactly, with the unchanged scenario file.
    const replay = await replayTrace(failure.trace!, { host: 'inline' });
    expect(replay.matches).toBe(true);

    const shrunk = await shrinkTrace(failure.trace!);
    expect(shrunk.check).toBe('writes only from the lock holder');
    expect(shrunk.after.faults).toBeLessThanOrEqual(lockShrunkFaultsMax);
    expect(shrunk.after.faults).toBeLessThanOrEqual(shrunk.before.faults);
    expect(shrunk.after.durationMs).toBeLessThan(shrunk.before.durationMs);
    expect(shrunk.replayed).toBe(true);
    const again = await replayTrace(shrunk.out, { host: 'inline' });
    expect(again.matches).toBe(true);
    expect(again.run.checks.find((check) => check.name === shrunk.check)?.ok).toBe(false);
  });

  it('passes every seed without faults: the bug needs a fault to show', async () => {
    const report = await explore({ scenarioPath: lockPath, range: { from: 1, count: 10 }, faults: 'none', strategy: 'random', threads: 0 });
    expect(report.seeds).toBe(10);
    expect(report.failures).toEqual([]);
  });

  it('gives each seed the same outcome on the pool, on this thread, and split into shards', async () => {
    const range = { from: 40, count: 12 };
    const pooled = await explore({ scenarioPath: lockPath, range, faults: 'random', strategy: 'random', threads: 2 });
    const shards = [];
    for (let index = 1; index <= 3; index++) {
      shards.push(await explore({ scenarioPath: lockPath, range: shardRange(range, { index, total: 3 }), faults: 'random', strategy: 'random', threads: 0 }));
    }
    expect(shards.reduce((sum, shard) => sum + shard.seeds, 0)).toBe(range.count);
    expect(shards.flatMap((shard) => shard.failures.map((failure) => failure.seed))).toEqual(pooled.failures.map((failure) => failure.seed));
    const { scenario, faultSpace } = await loadExploreTarget(lockPath);
    for (const seed of seedsOf(range).slice(0, 4)) {
      const a = await runSeed(scenario, seed, { faults: 'random', strategy: 'random' }, faultSpace);
      const b = await runSeed(scenario, seed, { faults: 'random', strategy: 'random' }, faultSpace);
      expect(a.traceHash).toBe(b.traceHash);
    }
  });
});

describe('PCT strategy', () => {
  it('finds the planted ordering bug in more of the first 40 seeds than random delays do', async () => {
    const counts: Record<string, number> = {};
    for (const strategy of ['random', 'pct'] as const) {
      const report = await explore({ scenarioPath: orderingPath, range: { from: 1, count: 40 }, faults: 'none', strategy, threads: 0 });
      counts[strategy] = report.failures.length;
    }
    // Measured: random 4/40 at most in this range, PCT over 25/40 (see bench/explore.ts).
    expect(counts.pct!).toBeGreaterThan(counts.random! * 2);
  });

  it('replays a PCT seed from its trace: bands in the header, change points as inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-pct-'));
    const report = await explore({ scenarioPath: orderingPath, range: { from: 1, count: 5 }, faults: 'none', strategy: 'pct', threads: 0, traceDir: dir, stopAfterFailures: 1 });
    const trace = report.failures[0]!.trace!;
    const replay = await replayTrace(trace, { host: 'inline' });
    expect(replay.matches).toBe(true);
    expect(replay.run.header.network.links.length).toBeGreaterThan(0);
  });
});
