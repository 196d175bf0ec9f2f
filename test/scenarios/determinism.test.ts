/**
 * Every scenario under scenarios/, on three seeds: the trace hash is the same across two
 * inline runs and a worker run, every check holds, and the hash matches the one recorded
 * in hashes.json (so it is the same on every machine). After a deliberate behaviour change,
 * refresh the recorded hashes with `UPDATE_HASHES=1 npx vitest run test/scenarios`.
 */
import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { findScenarioFiles } from '../../src/cli/scenarioFiles.ts';
import { loadScenario, runScenario } from '../../src/runtime/index.ts';

const seeds = [1, 2, 3];
const hashesPath = new URL('./hashes.json', import.meta.url);
const recorded: Record<string, string> = existsSync(hashesPath) ? JSON.parse(readFileSync(hashesPath, 'utf8')) : {};
const updating = process.env.UPDATE_HASHES === '1';
const observed: Record<string, string> = {};

for (const path of findScenarioFiles('scenarios')) {
  describe(path, () => {
    for (const seed of seeds) {
      it(`seed ${seed}: same hash inline twice and in workers, every check holds`, async () => {
        const scenario = await loadScenario(path);
        const first = await runScenario(scenario, { seed, host: 'inline' });
        const second = await runScenario(scenario, { seed, host: 'inline' });
        const worker = await runScenario(scenario, { seed, host: 'worker' });
        expect(second.traceHash).toBe(first.traceHash);
        expect(worker.traceHash).toBe(first.traceHash);
        expect(first.checks.filter((check) => !check.ok)).toEqual([]);
        const key = `${scenario.name}#${seed}`;
        observed[key] = first.traceHash;
        if (!updating && recorded[key] !== undefined) expect(first.traceHash, `recorded hash for ${key}`).toBe(recorded[key]);
      }, 120_000);
    }
  });
}

afterAll(() => {
  if (!updating) return;
  const merged = Object.fromEntries(Object.entries({ ...recorded, ...observed }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(hashesPath, JSON.stringify(merged, null, 2) + '\n');
});
