/**
 * `troupe replay <trace.jsonl>`: re-runs a trace from its header and recorded inputs and
 * says whether the hash matches (exit 0) or where the runs first diverge (exit 1).
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { parseArgs } from '../args.ts';
import { replayTrace } from '../../runtime/run.ts';
import { TroupeError } from '../../runtime/errors.ts';

const command: Command = {
  name: 'replay',
  summary: 're-run a recorded trace and compare hashes',
  usage: 'troupe replay <trace.jsonl> [--inline] [--scenario FILE] [--json]',
  async run(args) {
    const { positionals, flags } = parseArgs(args, { inline: { type: 'boolean' }, json: { type: 'boolean' }, scenario: { type: 'string' } });
    if (positionals.length !== 1) throw new TroupeError('USAGE', `expected one trace file, got ${positionals.length}`);
    const result = await replayTrace(positionals[0]!, {
      host: flags.inline === true ? 'inline' : 'worker',
      ...(flags.scenario === undefined ? {} : { scenarioPath: flags.scenario as string }),
    });
    const failedChecks = result.run.checks.filter((check) => !check.ok).map((check) => check.name);
    if (flags.json === true) {
      const { matches, expectedHash, actualHash, divergence } = result;
      process.stdout.write(JSON.stringify({ matches, expectedHash, actualHash, ...(divergence === undefined ? {} : { divergence }), failedChecks }) + '\n');
    } else if (result.matches) {
      process.stdout.write(`✓ replay matches: ${result.actualHash}\n${failedChecks.length > 0 ? `  (the run fails the same checks: ${failedChecks.join(', ')})\n` : ''}`);
    } else {
      const d = result.divergence!;
      process.stdout.write(
        `✗ replay diverges at record ${d.seq}\n  recorded: ${JSON.stringify(d.expected)}\n  replayed: ${JSON.stringify(d.actual)}\n` +
        `  expected hash ${result.expectedHash}\n  actual hash   ${result.actualHash}\n`,
      );
    }
    return result.matches ? exitCodes.ok : exitCodes.failed;
  },
};

export default command;
