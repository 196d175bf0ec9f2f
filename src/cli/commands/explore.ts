/**
 * `troupe explore <scenario>`: many seeds in parallel, every failing seed reported with the
 * check that failed and the command that reproduces it. Exit 1 if any seed failed.
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { intFlag, paramFlags, parseArgs } from '../args.ts';
import { TroupeError } from '../../runtime/errors.ts';
import { explore, parseShard, progressPrinter, shardRange, type ExploreReport, type FaultsMode, type Strategy } from '../../runtime/explore/index.ts';

const usage = 'troupe explore <scenario.ts> [--seeds N] [--seed-from S] [--threads K] [--faults none|scenario|random] [--strategy random|pct] [--pct-depth D] [--shard i/n] [--param key=value]… [--duration-ms MS] [--trace-dir DIR] [--stop-after-failures N] [--json]';

const flagSpec = {
  seeds: { type: 'string' },
  seedFrom: { type: 'string' },
  threads: { type: 'string' },
  faults: { type: 'string' },
  strategy: { type: 'string' },
  pctDepth: { type: 'string' },
  shard: { type: 'string' },
  param: { type: 'list' },
  durationMs: { type: 'string' },
  traceDir: { type: 'string' },
  stopAfterFailures: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const command: Command = {
  name: 'explore',
  summary: 'run many seeds in parallel (random faults, PCT) and report the failing ones',
  usage,
  async run(args) {
    const { positionals, flags } = parseArgs(args, flagSpec);
    const scenarioPath = positionals[0];
    if (scenarioPath === undefined || positionals.length > 1) throw new TroupeError('USAGE', 'explore takes exactly one scenario file');
    const whole = { from: intFlag(flags, 'seedFrom', 1), count: intFlag(flags, 'seeds', 100) };
    const range = typeof flags.shard === 'string' ? shardRange(whole, parseShard(flags.shard)) : whole;
    const json = flags.json === true;
    const progress = progressPrinter(process.stderr);
    const durationMs = flags.durationMs === undefined ? undefined : intFlag(flags, 'durationMs', 0, 1);
    const pctDepth = flags.pctDepth === undefined ? undefined : intFlag(flags, 'pctDepth', 3, 1, 20);
    const threads = flags.threads === undefined ? undefined : intFlag(flags, 'threads', 1, 0, 256);
    const stopAfterFailures = flags.stopAfterFailures === undefined ? undefined : intFlag(flags, 'stopAfterFailures', 1, 1);
    const params = paramFlags(flags.param as string[] | undefined);
    if (!json) process.stdout.write(`explore ${scenarioPath}: seeds ${range.from}..${range.from + range.count - 1}, faults ${String(flags.faults ?? 'scenario')}, strategy ${String(flags.strategy ?? 'random')}\n`);
    const report = await explore({
      scenarioPath,
      range,
      faults: (flags.faults ?? 'scenario') as FaultsMode,
      strategy: (flags.strategy ?? 'random') as Strategy,
      ...(Object.keys(params).length === 0 ? {} : { params }),
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(pctDepth === undefined ? {} : { pctDepth }),
      ...(threads === undefined ? {} : { threads }),
      ...(stopAfterFailures === undefined ? {} : { stopAfterFailures }),
      ...(typeof flags.traceDir === 'string' ? { traceDir: flags.traceDir } : {}),
      onProgress: progress.update,
    });
    progress.finish();
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatReport(report));
    return report.failures.length > 0 ? exitCodes.failed : exitCodes.ok;
  },
};

/**
 * The human report: one block per failing seed, then a summary line.
 *
 * @example
 * formatReport(report) // => 'FAIL seed 3: writes only from the lock holder: …\n  reproduce: troupe explore …\n…'
 */
export function formatReport(report: ExploreReport): string {
  const lines: string[] = [];
  for (const failure of report.failures) {
    for (const check of failure.failed) lines.push(`FAIL seed ${failure.seed}: ${check.name}: ${check.detail}`);
    lines.push(`  reproduce: ${failure.command}`);
    if (failure.trace !== undefined) lines.push(`  trace: ${failure.trace}  (troupe replay ${failure.trace}; troupe shrink ${failure.trace})`);
  }
  const failed = report.failures.length;
  lines.push(`${report.scenario}: ${report.seeds} seeds, ${failed} failed, ${report.seedsPerMinute.toFixed(0)} seeds/min on ${report.threads} thread(s), sim/wall ${report.simWallRatio.toFixed(0)}x`);
  return `${lines.join('\n')}\n`;
}

export default command;
