/**
 * Finds scenario files: every `.ts` under the folder that default-exports a scenario.
 * Helper modules beside scenarios (shared actor lists) are recognised by their content:
 * a scenario file contains `export default defineScenario`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @example
 * findScenarioFiles('scenarios') // => ['scenarios/lamport/fast-clock.ts', …] (sorted)
 */
export function findScenarioFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && /export default defineScenario\b/.test(readFileSync(path, 'utf8'))) found.push(path);
    }
  };
  walk(dir);
  return found;
}
