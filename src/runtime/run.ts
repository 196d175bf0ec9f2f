/**
 * Running and replaying scenarios: the public entry points the CLI, the UI, explore and
 * tests use. Options are validated up front with messages naming the option.
 */
import { performance } from 'node:perf_hooks';
import { Supervisor, defaultSupervisorLimits, type HostKind, type ScheduledInput } from './supervisor.ts';
import type { EntryKey } from './scheduler.ts';
import { defaultNetworkOptions, type NetworkOptions } from './network.ts';
import { applyParams, loadScenario, type Scenario } from './scenario.ts';
import { TraceView, runChecks, type CheckResult } from './checks.ts';
import { readTrace, recordJson, traceHash, type TraceHeader, type TraceRecord } from './trace.ts';
import { defaultWorkerHostOptions } from './host/workerHost.ts';
import { pacingModes, type PacingMode } from './pacing.ts';
import { TroupeError } from './errors.ts';

export interface RunOptions {
  seed?: number;
  host?: HostKind;
  pacing?: PacingMode;
  /** Virtual ms per wall ms in paced pacing; Infinity for as fast as possible. */
  speed?: number;
  durationMs?: number;
  /** Scenario parameter overrides. */
  params?: Record<string, unknown>;
  /** Network overrides on top of the scenario's. */
  network?: Partial<NetworkOptions>;
  /** Inputs to feed (replay). */
  inputs?: ScheduledInput[];
  /** A replay: device actors stay inert and the recorded inputs stand in for them. */
  replay?: boolean;
  /** Replay of a run stopped early: where it stopped (the end record's stoppedBefore). */
  stopBefore?: EntryKey | null;
  recordsMax?: number;
  /** Called with the supervisor before it runs (the UI attaches here). */
  onSupervisor?: (supervisor: Supervisor) => void;
}

export interface RunResult {
  scenario: string;
  seed: number;
  host: HostKind;
  pacing: PacingMode;
  traceHash: string;
  events: number;
  steps: number;
  virtualMs: number;
  /** Wall time of the run, from loading the hosts to the last record (checks excluded). */
  wallMs: number;
  /** The part of wallMs spent loading every actor's host (worker start-up). */
  startupMs: number;
  checks: ({ name: string } & CheckResult)[];
  header: TraceHeader;
  records: TraceRecord[];
}

/**
 * Runs a scenario (a loaded scenario or a file path) and checks its trace.
 *
 * @example
 * const result = await runScenario('scenarios/lamport/three-vms.ts', { seed: 1, host: 'inline' });
 * result.checks.every((check) => check.ok);
 */
export async function runScenario(scenarioOrPath: Scenario | string, options: RunOptions = {}): Promise<RunResult> {
  const scenario = typeof scenarioOrPath === 'string' ? await loadScenario(scenarioOrPath) : scenarioOrPath;
  const resolved = resolveRunOptions(scenario, options);
  const started = performance.now(); // determinism-ok: wallMs is reported, never part of the run
  const supervisor = await Supervisor.create({
    scenario,
    ...resolved,
    inputs: options.inputs ?? [],
    replay: options.replay ?? false,
    ...(options.stopBefore === undefined ? {} : { stopBefore: options.stopBefore }),
    recordsMax: options.recordsMax ?? defaultSupervisorLimits.recordsMax,
    queueEntriesMax: defaultSupervisorLimits.queueEntriesMax,
    worker: defaultWorkerHostOptions,
  });
  const startupMs = performance.now() - started; // determinism-ok: as above
  try {
    options.onSupervisor?.(supervisor);
    await supervisor.run();
  } finally {
    await supervisor.close();
  }
  const wallMs = performance.now() - started; // determinism-ok: as above
  const { header, records } = supervisor.trace;
  const view = new TraceView(header, records, supervisor.actorIds);
  return {
    scenario: scenario.name,
    seed: resolved.seed,
    host: resolved.host,
    pacing: resolved.pacing,
    traceHash: supervisor.trace.hash(),
    events: records.length,
    steps: supervisor.steps,
    virtualMs: records[records.length - 1]?.t ?? 0,
    wallMs,
    startupMs,
    checks: runChecks(scenario.checks ?? [], view),
    header,
    records,
  };
}

function resolveRunOptions(scenario: Scenario, options: RunOptions) {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0x7fffffff) throw new TroupeError('OPTION_INVALID', `seed must be an integer in [0, 2147483647], got ${seed}`);
  const host = options.host ?? 'worker';
  if (host !== 'worker' && host !== 'inline') throw new TroupeError('OPTION_INVALID', `host must be 'worker' or 'inline', got '${String(host)}'`);
  const pacing = options.pacing ?? 'sim';
  if (!pacingModes.includes(pacing)) throw new TroupeError('OPTION_INVALID', `pacing must be one of ${pacingModes.join(', ')}, got '${String(pacing)}'`);
  const durationMs = options.durationMs ?? scenario.durationMs;
  if (!(Number.isFinite(durationMs) && durationMs > 0)) throw new TroupeError('OPTION_INVALID', `duration must be a positive number of ms, got ${durationMs}`);
  const speed = options.speed ?? 1;
  const params = applyParams(scenario, options.params ?? {});
  const network: NetworkOptions = { ...defaultNetworkOptions, ...scenario.network, ...options.network };
  return { seed, host, pacing, speed, durationMs, params, network };
}

export interface ReplayResult {
  matches: boolean;
  expectedHash: string;
  actualHash: string;
  /** The first record where the runs differ, when they do. */
  divergence?: { seq: number; expected: TraceRecord | undefined; actual: TraceRecord | undefined };
  run: RunResult;
}

/**
 * Re-runs a trace from its header and recorded inputs, and compares the two.
 *
 * @example
 * const { matches, divergence } = await replayTrace('traces/three-vms-1.jsonl', { host: 'inline' });
 */
export async function replayTrace(path: string, options: { host?: HostKind; scenarioPath?: string } = {}): Promise<ReplayResult> {
  const { header, records } = readTrace(path);
  const scenarioPath = options.scenarioPath ?? header.scenarioPath;
  if (scenarioPath === undefined) {
    throw new TroupeError('TRACE_SCENARIO_MISSING', `trace '${path}' does not name its scenario file; pass the scenario path`);
  }
  let scenario: Scenario;
  try {
    scenario = await loadScenario(scenarioPath);
  } catch (error) {
    throw new TroupeError('TRACE_SCENARIO_MISSING', `trace '${path}' was recorded from '${scenarioPath}', which cannot be loaded: ${(error as Error).message}`);
  }
  const inputs: ScheduledInput[] = records
    .filter((record): record is Extract<TraceRecord, { kind: 'input' }> => record.kind === 'input')
    .map((record) => ({ before: record.before, t: record.t, input: record.input }));
  const expectedHash = traceHash(header, records);
  const end = records[records.length - 1];
  const run = await runScenario(scenario, {
    seed: header.seed,
    host: options.host ?? 'worker',
    durationMs: header.durationMs,
    params: header.params,
    network: header.network,
    inputs,
    replay: true,
    ...(end?.kind === 'end' && end.stoppedBefore !== undefined ? { stopBefore: end.stoppedBefore } : {}),
  });
  const matches = run.traceHash === expectedHash;
  return { matches, expectedHash, actualHash: run.traceHash, ...(matches ? {} : { divergence: firstDivergence(records, run.records) }), run };
}

/**
 * The first record at which two traces differ.
 *
 * @example
 * firstDivergence(a.records, b.records)?.seq
 */
export function firstDivergence(expected: readonly TraceRecord[], actual: readonly TraceRecord[]) {
  const length = Math.max(expected.length, actual.length);
  for (let seq = 0; seq < length; seq++) {
    if (recordJson(expected[seq]!) !== recordJson(actual[seq]!)) return { seq, expected: expected[seq], actual: actual[seq] };
  }
  return undefined;
}
