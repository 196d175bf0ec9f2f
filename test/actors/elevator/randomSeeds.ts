/** Runs scenarios/elevator/random-faults.ts inline on seeds and lists every failed check. */
import { loadScenario, runScenario } from '../../../src/runtime/index.ts';

export async function failedChecksOnSeeds(seeds: number[]): Promise<string[]> {
  const scenario = await loadScenario('scenarios/elevator/random-faults.ts');
  const failures: string[] = [];
  for (const seed of seeds) {
    const result = await runScenario(scenario, { seed, host: 'inline' });
    for (const check of result.checks) if (!check.ok) failures.push(`seed ${seed}: ${check.name}: ${check.detail}`);
  }
  return failures;
}
