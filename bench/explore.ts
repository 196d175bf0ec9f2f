/**
 * Exploration figures, as JSON lines (run: npx tsx bench/explore.ts [--seeds N]):
 * - seeds/minute with 1 and 2 pool threads (and on the main thread) per scenario, and the
 *   sim/wall ratio of the runs themselves;
 * - seeds needed to find the planted bugs, random delays vs PCT, and how many of the first
 *   N seeds find them;
 * - the size of a shrunk failing trace.
 * Figures only; nothing here asserts on timing.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../src/runtime/index.ts';
import { explore, type FaultsMode, type Strategy } from '../src/runtime/explore/index.ts';
import { shrinkTrace } from '../src/runtime/explore/shrink.ts';

const seedsArg = process.argv.indexOf('--seeds');
const seeds = seedsArg > 0 ? Number(process.argv[seedsArg + 1]) : 60;
const emit = (record: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(record)}\n`);

/** The first loadable scenario of a system, if the system has any yet. */
async function firstScenario(system: string): Promise<string[]> {
  const folder = `scenarios/${system}`;
  if (!existsSync(folder)) return [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts')).sort()) {
    try {
      await loadScenario(join(folder, file));
      return [join(folder, file)];
    } catch {
      // a helper file (actor lists), not a scenario
    }
  }
  return [];
}

// Throughput depends on what else the machine runs: say so next to the figures.
emit({ figure: 'environment', cpus: availableParallelism(), loadAverage1m: Math.round(loadavg()[0]! * 10) / 10, note: 'pool figures include starting the pool (tsx and the scenario load once per thread)' });

const throughputScenarios = ['scenarios/lamport/three-vms.ts', ...(await firstScenario('mirror')), ...(await firstScenario('elevator'))];

for (const scenarioPath of throughputScenarios) {
  for (const threads of [0, 1, 2]) {
    const report = await explore({ scenarioPath, range: { from: 1, count: seeds }, faults: 'scenario', strategy: 'random', threads });
    emit({ figure: 'seeds-per-minute', scenario: report.scenario, threads: threads === 0 ? 'main thread' : threads, seeds: report.seeds, wallMs: Math.round(report.wallMs), seedsPerMinute: Math.round(report.seedsPerMinute), simWallRatio: Math.round(report.simWallRatio) });
  }
}

async function seedsToFind(scenarioPath: string, faults: FaultsMode, strategy: Strategy, window: number) {
  const report = await explore({ scenarioPath, range: { from: 1, count: window }, faults, strategy, threads: 0 });
  const first = report.failures[0]?.seed;
  return { firstFailingSeed: first ?? null, seedsNeeded: first === undefined ? null : first, foundIn: report.failures.length, of: window };
}

for (const strategy of ['random', 'pct'] as const) {
  emit({ figure: 'seeds-to-find', bug: 'ordering (fixtures/ordering-bug)', faults: 'none', strategy, ...(await seedsToFind('test/fixtures/explore/ordering.ts', 'none', strategy, 200)) });
}
for (const strategy of ['random', 'pct'] as const) {
  emit({ figure: 'seeds-to-find', bug: 'unfenced lock (fixtures/unfenced-lock)', faults: 'random', strategy, ...(await seedsToFind('test/fixtures/explore/unfenced-lock.ts', 'random', strategy, 200)) });
}

const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-'));
const found = await explore({ scenarioPath: 'test/fixtures/explore/unfenced-lock.ts', range: { from: 1, count: 200 }, faults: 'random', strategy: 'random', threads: 0, traceDir: dir, stopAfterFailures: 5 });
for (const failure of found.failures) {
  const shrunk = await shrinkTrace(failure.trace!);
  emit({ figure: 'shrunk-trace', bug: 'unfenced lock', seed: failure.seed, runs: shrunk.runs, before: shrunk.before, after: shrunk.after, replayed: shrunk.replayed });
}
