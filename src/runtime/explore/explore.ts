/**
 * `explore`: many seeds of one scenario, each a whole inline run, on a piscina pool of
 * worker threads (or on this thread with `threads: 0`). It reports every failing seed with
 * the checks that failed and the command line that reproduces it, and can write each
 * failing seed's trace for `troupe replay` and `troupe shrink`.
 */
import { availableParallelism } from 'node:os';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import { TroupeError } from '../errors.ts';
import { runSeed, writeSeedTrace, faultsModes, strategies, type SeedOptions, type SeedOutcome } from './runSeed.ts';
import { loadExploreTarget, type SeedTask } from './task.ts';
import { seedsOf, validateRange, type SeedRange } from './seeds.ts';
import type { ExploreProgress } from './progress.ts';

export interface ExploreOptions extends SeedOptions {
  scenarioPath: string;
  /** The seeds to run (already narrowed to this shard, if any). */
  range: SeedRange;
  /** Pool threads; 0 runs every seed on this thread. Default: available cores - 1, at least 1. */
  threads?: number;
  /** Stop handing out seeds once this many have failed. Default: run them all. */
  stopAfterFailures?: number;
  /** Write the trace of each failing seed here, as `seed-<n>.jsonl`. */
  traceDir?: string;
  onProgress?: (progress: ExploreProgress) => void;
}

/** One failing seed. */
export interface ExploreFailure {
  seed: number;
  failed: SeedOutcome['failed'];
  /** Faults explore added to this seed. */
  faults: number;
  /** The one line that runs this seed again the same way. */
  command: string;
  /** The written trace, when `traceDir` was given. */
  trace?: string;
}

export interface ExploreReport {
  scenario: string;
  range: SeedRange;
  options: SeedOptions;
  threads: number;
  /** Seeds that ran (fewer than the range when stopped early). */
  seeds: number;
  failures: ExploreFailure[];
  wallMs: number;
  seedsPerMinute: number;
  /** Total virtual time / total wall time of the runs themselves. */
  simWallRatio: number;
}

/** Seeds in flight on the pool at most, per thread; the rest wait here, not in piscina's queue. */
const inFlightPerThread = 4;
/** Failures kept in the report at most; past it they are counted in the progress only. */
export const failuresKeptMax = 10_000;

/**
 * Explores a seed range.
 *
 * @example
 * const report = await explore({ scenarioPath: 'scenarios/lamport/three-vms.ts', range: { from: 1, count: 100 }, faults: 'random', strategy: 'random', threads: 2 });
 * report.failures.map((failure) => failure.command);
 */
export async function explore(options: ExploreOptions): Promise<ExploreReport> {
  validateExploreOptions(options);
  const { scenario, faultSpace } = await loadExploreTarget(options.scenarioPath);
  const seedOptions = pickSeedOptions(options);
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  const started = performance.now(); // determinism-ok: progress and seeds/min figures only
  const outcomes: SeedOutcome[] = [];
  let failures = 0;
  const report = (outcome: SeedOutcome) => {
    outcomes.push(outcome);
    if (!outcome.ok) failures++;
    options.onProgress?.({ done: outcomes.length, total: options.range.count, failures, elapsedMs: performance.now() - started }); // determinism-ok: progress only
  };
  const seeds = seedsOf(options.range);
  const stop = () => failures >= (options.stopAfterFailures ?? Infinity);
  if (threads === 0) {
    for (const seed of seeds) {
      if (stop()) break;
      report(await runSeed(scenario, seed, seedOptions, faultSpace));
    }
  } else {
    await runOnPool(options.scenarioPath, seeds, seedOptions, threads, report, stop);
  }
  const wallMs = performance.now() - started; // determinism-ok: reported, never part of a run
  outcomes.sort((a, b) => a.seed - b.seed);
  const failed = outcomes.filter((outcome) => !outcome.ok).slice(0, failuresKeptMax);
  const failuresOut: ExploreFailure[] = [];
  for (const outcome of failed) {
    const failure: ExploreFailure = { seed: outcome.seed, failed: outcome.failed, faults: outcome.added.length, command: reproduceCommand(options.scenarioPath, outcome.seed, seedOptions) };
    if (options.traceDir !== undefined) {
      failure.trace = join(options.traceDir, `seed-${outcome.seed}.jsonl`);
      await writeSeedTrace(scenario, outcome, seedOptions, failure.trace);
    }
    failuresOut.push(failure);
  }
  const runWallMs = outcomes.reduce((sum, outcome) => sum + outcome.wallMs, 0);
  const virtualMs = outcomes.reduce((sum, outcome) => sum + outcome.virtualMs, 0);
  return {
    scenario: scenario.name,
    range: options.range,
    options: seedOptions,
    threads,
    seeds: outcomes.length,
    failures: failuresOut,
    wallMs,
    seedsPerMinute: wallMs > 0 ? (outcomes.length * 60_000) / wallMs : 0,
    simWallRatio: runWallMs > 0 ? virtualMs / runWallMs : 0,
  };
}

async function runOnPool(
  scenarioPath: string,
  seeds: number[],
  options: SeedOptions,
  threads: number,
  report: (outcome: SeedOutcome) => void,
  stop: () => boolean,
): Promise<void> {
  const pool = new Piscina({ filename: taskFile(), minThreads: threads, maxThreads: threads, idleTimeout: 1_000 });
  try {
    const inFlightMax = threads * inFlightPerThread;
    const running = new Set<Promise<void>>();
    // The first task error ends the sweep; later ones are the same error on other seeds.
    let failure: { error: unknown } | undefined;
    for (const seed of seeds) {
      if (stop() || failure !== undefined) break;
      const task: SeedTask = { scenarioPath, seed, options };
      const done: Promise<void> = (pool.run(task) as Promise<SeedOutcome>)
        .then(report, (error: unknown) => void (failure ??= { error }))
        .finally(() => running.delete(done));
      running.add(done);
      if (running.size >= inFlightMax) await Promise.race(running);
    }
    await Promise.all(running);
    if (failure !== undefined) throw failure.error;
  } finally {
    await pool.destroy();
  }
}

/** The worker file: the tsx bootstrap when running from sources, the built task otherwise. */
function taskFile(): string {
  const self = fileURLToPath(import.meta.url);
  return extname(self) === '.ts' ? fileURLToPath(new URL('./taskBootstrap.mjs', import.meta.url)) : fileURLToPath(new URL('./task.js', import.meta.url));
}

function pickSeedOptions(options: ExploreOptions): SeedOptions {
  return {
    faults: options.faults,
    strategy: options.strategy,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    ...(options.pctDepth === undefined ? {} : { pctDepth: options.pctDepth }),
  };
}

/**
 * Validates explore options up front, naming the option.
 *
 * @example
 * validateExploreOptions({ scenarioPath, range: { from: 1, count: 10 }, faults: 'random', strategy: 'pct' })
 */
export function validateExploreOptions(options: ExploreOptions): void {
  validateRange(options.range);
  if (!faultsModes.includes(options.faults)) throw new TroupeError('USAGE', `--faults must be one of ${faultsModes.join(', ')}, got '${String(options.faults)}'`);
  if (!strategies.includes(options.strategy)) throw new TroupeError('USAGE', `--strategy must be one of ${strategies.join(', ')}, got '${String(options.strategy)}'`);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 0 && options.threads <= 256)) {
    throw new TroupeError('USAGE', `--threads must be an integer in [0, 256], got ${options.threads}`);
  }
  if (options.pctDepth !== undefined && !(Number.isInteger(options.pctDepth) && options.pctDepth >= 1 && options.pctDepth <= 20)) {
    throw new TroupeError('USAGE', `--pct-depth must be an integer in [1, 20], got ${options.pctDepth}`);
  }
}

/**
 * The command line that runs one seed again exactly as explore ran it.
 *
 * @example
 * reproduceCommand('scenarios/x.ts', 17, { faults: 'random', strategy: 'random' })
 * // => 'troupe explore scenarios/x.ts --seed-from 17 --seeds 1 --threads 0 --faults random --strategy random'
 */
export function reproduceCommand(scenarioPath: string, seed: number, options: SeedOptions): string {
  const path = relative(process.cwd(), scenarioPath) || scenarioPath;
  const parts = ['troupe explore', quote(path), `--seed-from ${seed}`, '--seeds 1', '--threads 0', `--faults ${options.faults}`, `--strategy ${options.strategy}`];
  if (options.pctDepth !== undefined) parts.push(`--pct-depth ${options.pctDepth}`);
  if (options.durationMs !== undefined) parts.push(`--duration-ms ${options.durationMs}`);
  for (const [key, value] of Object.entries(options.params ?? {})) parts.push(`--param ${quote(`${key}=${String(value)}`)}`);
  return parts.join(' ');
}

function quote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
