/**
 * `troupe run <scenario>`: runs a scenario once, checks it, prints a summary or one JSON
 * object, optionally writes the trace and per-actor logs.
 */
import { relative } from 'node:path';
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { intFlag, numberFlag, paramFlags, parseArgs } from '../args.ts';
import { runScenario, type RunResult } from '../../runtime/run.ts';
import { writeTrace } from '../../runtime/trace.ts';
import { writeFactLogs } from '../factLogs.ts';
import { TroupeError } from '../../runtime/errors.ts';
import type { PacingMode } from '../../runtime/pacing.ts';

const flags = {
  seed: { type: 'string' },
  inline: { type: 'boolean' },
  pacing: { type: 'string' },
  speed: { type: 'string' },
  durationMs: { type: 'string' },
  trace: { type: 'string' },
  json: { type: 'boolean' },
  param: { type: 'list' },
  logs: { type: 'string' },
} as const;

const usage = 'troupe run <scenario.ts> [--seed N] [--inline] [--pacing sim|paced|realtime] [--speed X] [--duration-ms N] [--trace FILE] [--logs DIR] [--param key=value]… [--json]';

/** The one-line command that reproduces a run. */
export function reproduceCommand(scenarioPath: string, result: Pick<RunResult, 'seed' | 'host'>, extra = ''): string {
  return `troupe run ${relative(process.cwd(), scenarioPath) || scenarioPath} --seed ${result.seed}${result.host === 'inline' ? ' --inline' : ''}${extra}`;
}

/** The human summary of a run: the seed first, then the checks, then how to reproduce it. */
export function formatSummary(scenarioPath: string, result: RunResult, tracePath: string | undefined): string {
  const lines = [
    `seed ${result.seed}  ${result.scenario}  (${result.host}, ${result.pacing})`,
    `${result.steps} steps, ${result.events} trace records, ${result.virtualMs} virtual ms in ${Math.round(result.wallMs)} wall ms`,
    `trace hash ${result.traceHash}`,
    '',
    ...result.checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`),
  ];
  if (result.checks.length === 0) lines.push('(this scenario declares no checks)');
  if (tracePath !== undefined) lines.push('', `trace written to ${tracePath}`);
  lines.push('', `reproduce: ${reproduceCommand(scenarioPath, result)}`);
  return lines.join('\n') + '\n';
}

const command: Command = {
  name: 'run',
  summary: 'run a scenario once and check its trace',
  usage,
  async run(args) {
    const { positionals, flags: parsed } = parseArgs(args, flags);
    if (positionals.length !== 1) throw new TroupeError('USAGE', `expected one scenario file, got ${positionals.length}`);
    const scenarioPath = positionals[0]!;
    const result = await runScenario(scenarioPath, {
      seed: intFlag(parsed, 'seed', 1, 0, 0x7fffffff),
      host: parsed.inline === true ? 'inline' : 'worker',
      pacing: (parsed.pacing as PacingMode | undefined) ?? 'sim',
      speed: numberFlag(parsed, 'speed', 1, true),
      ...(parsed.durationMs === undefined ? {} : { durationMs: intFlag(parsed, 'durationMs', 1, 1) }),
      params: paramFlags(parsed.param as string[] | undefined),
    });
    const ok = result.checks.every((check) => check.ok);
    let tracePath = parsed.trace as string | undefined;
    // A failing run always leaves its trace behind, so it can be replayed and shrunk.
    if (tracePath === undefined && !ok) tracePath = `traces/${result.scenario.replace(/\//g, '-')}-seed${result.seed}.jsonl`;
    if (tracePath !== undefined) writeTrace(tracePath, result.header, result.records);
    if (parsed.logs !== undefined) writeFactLogs(parsed.logs as string, result.records);
    if (parsed.json === true) {
      const { scenario, seed, host, pacing, traceHash, events, virtualMs, wallMs, checks } = result;
      const summary = { scenario, seed, host, pacing, traceHash, events, virtualMs, wallMs: Math.round(wallMs), checks: checks.map(({ name, ok: checkOk, detail }) => ({ name, ok: checkOk, detail })) };
      process.stdout.write(JSON.stringify(summary) + '\n');
    } else {
      process.stdout.write(formatSummary(scenarioPath, result, tracePath));
    }
    return ok ? exitCodes.ok : exitCodes.failed;
  },
};

export default command;
