/**
 * `troupe shrink <trace>`: removes inputs, shortens the run and simplifies the network
 * while the same check still fails, writes the smallest failing trace, and replays it.
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { intFlag, parseArgs } from '../args.ts';
import { TroupeError } from '../../runtime/errors.ts';
import { shrinkTrace } from '../../runtime/explore/shrink.ts';

const usage = 'troupe shrink <trace.jsonl> [--check NAME] [--out FILE] [--scenario FILE] [--runs-max N] [--json]';

const command: Command = {
  name: 'shrink',
  summary: 'shrink a failing trace to the fewest faults and the shortest run that still fail',
  usage,
  async run(args) {
    const { positionals, flags } = parseArgs(args, {
      check: { type: 'string' },
      out: { type: 'string' },
      scenario: { type: 'string' },
      runsMax: { type: 'string' },
      json: { type: 'boolean' },
    });
    const path = positionals[0];
    if (path === undefined || positionals.length > 1) throw new TroupeError('USAGE', 'shrink takes exactly one trace file');
    const json = flags.json === true;
    const result = await shrinkTrace(path, {
      ...(typeof flags.check === 'string' ? { check: flags.check } : {}),
      ...(typeof flags.out === 'string' ? { out: flags.out } : {}),
      ...(typeof flags.scenario === 'string' ? { scenarioPath: flags.scenario } : {}),
      runsMax: intFlag(flags, 'runsMax', 400, 1, 100_000),
      onRun: json ? undefined : ({ runs, kept, what }) => process.stderr.write(`run ${runs}: ${what}: ${kept ? 'still fails, kept' : 'passes, undone'}\n`),
    });
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const { before, after } = result;
      process.stdout.write(
        `shrunk '${result.check}' in ${result.runs} runs: faults ${before.faults} -> ${after.faults}, inputs ${before.inputs} -> ${after.inputs}, ` +
          `duration ${before.durationMs} -> ${after.durationMs} ms, records ${before.records} -> ${after.records}, links ${before.links} -> ${after.links}\n` +
          `  ${result.detail}\n  wrote ${result.out}; replay ${result.replayed ? 'fails the same way' : 'DOES NOT reproduce the failure'}\n`,
      );
    }
    return result.replayed ? exitCodes.ok : exitCodes.failed;
  },
};

export default command;
