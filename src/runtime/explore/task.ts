/**
 * The piscina task: one seed, one whole inline run, inside a pool worker. The scenario
 * file is loaded once per worker and cached. Everything returned is plain data.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenario, type Scenario } from '../scenario.ts';
import { runSeed, type SeedOptions, type SeedOutcome } from './runSeed.ts';
import type { FaultSpace } from './nemesis.ts';

/** What the pool sends a worker. */
export interface SeedTask {
  scenarioPath: string;
  seed: number;
  options: SeedOptions;
}

/** A scenario and the fault space its file declares (`export const faultSpace`). */
export interface ExploreTarget {
  scenario: Scenario;
  faultSpace: FaultSpace | undefined;
}

const targets = new Map<string, Promise<ExploreTarget>>();

/**
 * Loads a scenario file and its optional `faultSpace` export, once per thread.
 *
 * @example
 * const { scenario, faultSpace } = await loadExploreTarget('test/fixtures/explore/unfenced-lock.ts');
 */
export function loadExploreTarget(path: string): Promise<ExploreTarget> {
  const absolute = resolve(path);
  let target = targets.get(absolute);
  if (target === undefined) {
    target = (async () => {
      const scenario = await loadScenario(absolute);
      const module = (await import(pathToFileURL(absolute).href)) as { faultSpace?: FaultSpace };
      return { scenario, faultSpace: module.faultSpace };
    })();
    targets.set(absolute, target);
    // A failed load is not cached: the error reaches the caller, and a later call tries again.
    target.catch(() => targets.delete(absolute));
  }
  return target;
}

/**
 * Runs one seed of an exploration.
 *
 * @example
 * await runSeedTask({ scenarioPath, seed: 7, options: { faults: 'random', strategy: 'random' } });
 */
export default async function runSeedTask(task: SeedTask): Promise<SeedOutcome> {
  const { scenario, faultSpace } = await loadExploreTarget(task.scenarioPath);
  return runSeed(scenario, task.seed, task.options, faultSpace);
}
