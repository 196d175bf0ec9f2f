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
import { loadScenario } from '../../runtime/scenario.ts';
import { writeFactLogs } from '../factLogs.ts';
import { TroupeError } from '../../runtime/errors.ts';
import type { PacingMode } from '../../runtime/pacing.ts';
import { checkDeterminism } from '../../runtime/explore/determinism.ts';
import { defaultUiPort, startUiServer } from '../../web/index.ts';

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
  checkDeterminism: { type: 'boolean' },
  ui: { type: 'boolean' },
  port: { type: 'string' },
} as const;

const usage = 'troupe run <scenario.ts> [--seed N] [--inline] [--pacing sim|paced|realtime] [--speed X] [--duration-ms N] [--trace FILE] [--logs DIR] [--param key=value]… [--json] [--check-determinism] [--ui [--port P]]';

/** The one-line command that reproduces a run: the seed, the host, and any pacing, duration or parameter that was not the default. */
export function reproduceCommand(scenarioPath: string, result: Pick<RunResult, 'seed' | 'host' | 'pacing' | 'header'>, defaults?: { durationMs: number; params: Record<string, unknown> }): string {
  const parts = [`troupe run ${relative(process.cwd(), scenarioPath) || scenarioPath} --seed ${result.seed}`];
  if (result.host === 'inline') parts.push('--inline');
  if (result.pacing !== 'sim') parts.push(`--pacing ${result.pacing}`);
  if (defaults !== undefined && result.header.durationMs !== defaults.durationMs) parts.push(`--duration-ms ${result.header.durationMs}`);
  for (const [key, value] of Object.entries(result.header.params)) {
    if (defaults === undefined || defaults.params[key] !== value) parts.push(`--param ${key}=${String(value)}`);
  }
  return parts.join(' ');
}

/** The human summary of a run: the seed first, then the checks, then how to reproduce it. */
export function formatSummary(scenarioPath: string, result: RunResult, tracePath: string | undefined, defaults?: { durationMs: number; params: Record<string, unknown> }): string {
  const lines = [
    `seed ${result.seed}  ${result.scenario}  (${result.host}, ${result.pacing})`,
    `${result.steps} steps, ${result.events} trace records, ${result.virtualMs} virtual ms in ${Math.round(result.wallMs)} wall ms (${Math.round(result.startupMs)} ms start-up)`,
    `trace hash ${result.traceHash}`,
    '',
    ...result.checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`),
  ];
  if (result.checks.length === 0) lines.push('(this scenario declares no checks)');
  if (tracePath !== undefined) lines.push('', `trace written to ${tracePath}`);
  lines.push('', `reproduce: ${reproduceCommand(scenarioPath, result, defaults)}`);
  return lines.join('\n') + '\n';
}

async function checkDeterminismCommand(scenarioPath: string, seed: number, params: Record<string, unknown>, json: boolean): Promise<number> {
  const report = await checkDeterminism(scenarioPath, seed, params);
  if (json) process.stdout.write(JSON.stringify(report) + '\n');
  else if (report.ok) {
    process.stdout.write(`seed ${seed}\n✓ deterministic: inline, inline again and workers all give ${report.hashes.inline}\n`);
  } else {
    const d = report.divergence!;
    process.stdout.write(
      `seed ${seed}\n✗ not deterministic: the ${d.run === 'worker' ? 'worker run' : 'second inline run'} differs at record ${d.seq}` +
      `${d.actor === undefined ? '' : `, in a step of '${d.actor}'`}\n  first run:  ${JSON.stringify(d.expected)}\n  other run:  ${JSON.stringify(d.actual)}\n` +
      '  look in that actor for Date.now, Math.random, raw timers or iteration over something unordered\n',
    );
  }
  return report.ok ? exitCodes.ok : exitCodes.failed;
}

async function runWithUi(scenarioPath: string, seed: number, params: Record<string, unknown>, parsed: Record<string, unknown>): Promise<number> {
  const pacing = (parsed.pacing as string | undefined) ?? 'paced';
  if (pacing !== 'paced' && pacing !== 'realtime') throw new TroupeError('USAGE', `--ui needs --pacing paced or realtime, got '${pacing}'`);
  const ui = await startUiServer({
    scenarioPath,
    seed,
    pacing,
    speed: numberFlag(parsed as never, 'speed', 1, true),
    port: intFlag(parsed as never, 'port', defaultUiPort, 0, 65535),
    actorHost: parsed.inline === true ? 'inline' : 'worker',
    params,
    ...(parsed.durationMs === undefined ? {} : { durationMs: intFlag(parsed as never, 'durationMs', 1, 1) }),
  });
  process.stdout.write(`seed ${seed}  ${scenarioPath}  (${pacing})\nopen ${ui.url}\npress Ctrl+C to stop\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await ui.close();
  return exitCodes.ok;
}

const command: Command = {
  name: 'run',
  summary: 'run a scenario once and check its trace',
  usage,
  async run(args) {
    const { positionals, flags: parsed } = parseArgs(args, flags);
    if (positionals.length !== 1) throw new TroupeError('USAGE', `expected one scenario file, got ${positionals.length}`);
    const scenarioPath = positionals[0]!;
    const seed = intFlag(parsed, 'seed', 1, 0, 0x7fffffff);
    const params = paramFlags(parsed.param as string[] | undefined);
    if (parsed.checkDeterminism === true) return checkDeterminismCommand(scenarioPath, seed, params, parsed.json === true);
    if (parsed.ui === true) return runWithUi(scenarioPath, seed, params, parsed);
    const scenario = await loadScenario(scenarioPath);
    const result = await runScenario(scenario, {
      seed,
      host: parsed.inline === true ? 'inline' : 'worker',
      pacing: (parsed.pacing as PacingMode | undefined) ?? 'sim',
      speed: numberFlag(parsed, 'speed', 1, true),
      ...(parsed.durationMs === undefined ? {} : { durationMs: intFlag(parsed, 'durationMs', 1, 1) }),
      params,
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
      process.stdout.write(formatSummary(scenarioPath, result, tracePath, { durationMs: scenario.durationMs, params: scenario.params ?? {} }));
    }
    return ok ? exitCodes.ok : exitCodes.failed;
  },
};

export default command;
