/**
 * `troupe list`: every scenario under `scenarios/` with its one-line description.
 */
import type { Command } from '../command.ts';
import { parseArgs } from '../args.ts';
import { findScenarioFiles } from '../scenarioFiles.ts';
import { loadScenario } from '../../runtime/scenario.ts';

const command: Command = {
  name: 'list',
  summary: 'list the scenarios with their descriptions',
  usage: 'troupe list [--dir scenarios] [--json]',
  async run(args) {
    const { flags } = parseArgs(args, { dir: { type: 'string' }, json: { type: 'boolean' } });
    const files = findScenarioFiles((flags.dir as string | undefined) ?? 'scenarios');
    const rows: { path: string; name: string; description: string }[] = [];
    for (const path of files) {
      const scenario = await loadScenario(path);
      rows.push({ path, name: scenario.name, description: scenario.description });
    }
    if (flags.json === true) process.stdout.write(JSON.stringify(rows) + '\n');
    else {
      const width = Math.max(0, ...rows.map((row) => row.path.length));
      for (const row of rows) process.stdout.write(`${row.path.padEnd(width)}  ${row.description}\n`);
    }
    return 0;
  },
};

export default command;
