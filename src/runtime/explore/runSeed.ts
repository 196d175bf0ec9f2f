/**
 * One seed of an exploration: plan its faults and network (nemesis, PCT), run it inline,
 * and sum it up as plain data that can cross a thread. The same function runs in a piscina
 * worker (explore), on the main thread (tests, shrink) and when writing the trace of a
 * failing seed, so every path sees the same run.
 *
 * Faults added by explore run as scenario faults (fast: windowed stepping, and "the current
 * leader" is resolved when the fault fires). To write a trace that `troupe replay` and
 * `troupe shrink` can use with the unchanged scenario file, the added faults, with the ids
 * they resolved to, are fed again as recorded inputs at the same virtual times.
 */
import { runScenario, type RunResult } from '../run.ts';
import { applyParams, scenarioActors, scenarioFaults, type Scenario } from '../scenario.ts';
import { defaultNetworkOptions, type NetworkOptions } from '../network.ts';
import { resolveFault, resolveTargets, type FactView, type FaultAction, type ResolvedFault, type ScheduledFault, type TargetSelector } from '../faults.ts';
import type { ScheduledInput } from '../supervisor.ts';
import { writeTrace } from '../trace.ts';
import { TroupeError } from '../errors.ts';
import { drawNemesis, resolveFaultSpace, type FaultSpace } from './nemesis.ts';
import { drawPct } from './pct.ts';

export const faultsModes = ['none', 'scenario', 'random'] as const;
export type FaultsMode = (typeof faultsModes)[number];
export const strategies = ['random', 'pct'] as const;
export type Strategy = (typeof strategies)[number];

/** How every seed of an exploration runs. Plain data: it is sent to pool workers. */
export interface SeedOptions {
  /** `none`: no faults at all; `scenario`: the scenario's schedule; `random`: the scenario's schedule plus a nemesis drawn per seed. */
  faults: FaultsMode;
  /** `random`: the network's own random delays; `pct`: PCT priorities as delay bands (see pct.ts). */
  strategy: Strategy;
  params?: Record<string, unknown>;
  durationMs?: number;
  /** PCT bug depth (change points + 1). Default 3. */
  pctDepth?: number;
}

/** A fault explore added, as it fired: targets resolved to ids. */
export interface TimedFault {
  atMs: number;
  fault: ResolvedFault;
}

/** What one seed did, as plain data. */
export interface SeedOutcome {
  seed: number;
  ok: boolean;
  /** The checks that failed, in the scenario's order. */
  failed: { name: string; detail: string; atMs?: number }[];
  /** Faults explore added that fired, with resolved targets. */
  added: TimedFault[];
  /** Network overrides explore added (PCT bands). */
  network: Partial<NetworkOptions>;
  virtualMs: number;
  wallMs: number;
  events: number;
  traceHash: string;
}

/** The faults and network changes explore adds to one seed's run. */
export interface SeedPlan {
  faults: ScheduledFault[];
  network: Partial<NetworkOptions>;
  keepScenarioFaults: boolean;
  durationMs: number;
}

/**
 * Plans one seed: the nemesis (when `faults` is `random`) and the PCT bands (when `strategy` is `pct`).
 *
 * @example
 * const plan = planSeed(scenario, 7, { faults: 'random', strategy: 'pct' }, faultSpace);
 */
export function planSeed(scenario: Scenario, seed: number, options: SeedOptions, faultSpace?: FaultSpace): SeedPlan {
  const params = applyParams(scenario, options.params ?? {});
  const durationMs = options.durationMs ?? scenario.durationMs;
  const actors = scenarioActors(scenario, { seed, params }).map((actor) => actor.id);
  const network: NetworkOptions = { ...defaultNetworkOptions, ...scenario.network };
  const space = resolveFaultSpace(faultSpace, actors, durationMs);
  const faults = options.faults === 'random' ? drawNemesis(seed, space, network) : [];
  const plan: SeedPlan = { faults, network: {}, keepScenarioFaults: options.faults !== 'none', durationMs };
  if (options.strategy === 'pct') {
    const pct = drawPct(seed, actors, network, { depth: options.pctDepth ?? 3, changeEndMs: space.faultEndMs });
    plan.network = { links: [...network.links, ...pct.links] };
    plan.faults = [...pct.faults, ...faults];
  }
  return plan;
}

/**
 * Runs one planned seed inline and sums it up.
 *
 * @example
 * const outcome = await runSeed(scenario, 7, { faults: 'random', strategy: 'random' });
 * if (!outcome.ok) console.log(outcome.failed[0].name);
 */
export async function runSeed(scenario: Scenario, seed: number, options: SeedOptions, faultSpace?: FaultSpace): Promise<SeedOutcome> {
  const plan = planSeed(scenario, seed, options, faultSpace);
  const resolved: (ResolvedFault | undefined)[] = [];
  const tracked = plan.faults.map((fault, index) => trackTargets(fault, (ids) => (resolved[index] = ids)));
  const own = scenario.faults;
  const withFaults: Scenario = {
    ...scenario,
    // Added faults first: at equal times they then run before the scenario's own, as recorded inputs do on replay.
    faults: (context) => [...tracked, ...(plan.keepScenarioFaults ? scenarioFaults({ ...scenario, faults: own }, context) : [])],
  };
  const result = await runScenario(withFaults, { seed, host: 'inline', params: options.params ?? {}, durationMs: plan.durationMs, network: plan.network });
  const added: TimedFault[] = [];
  plan.faults.forEach((fault, index) => {
    const fired = resolved[index];
    if (fired !== undefined && fault.atMs < plan.durationMs) added.push({ atMs: fault.atMs, fault: fired });
  });
  return summarize(seed, result, added, plan.network);
}

/** Wraps a fault so that, when it fires, the ids its selectors resolved to are reported. */
function trackTargets(fault: ScheduledFault, report: (fault: ResolvedFault) => void): ScheduledFault {
  const { atMs, ...action } = fault;
  let pending = selectorFields(action).length;
  const parts: Record<string, string[]> = {};
  const view = (field: string, selector: TargetSelector) => (factView: FactView) => {
    const ids = resolveTargets(selector, factView);
    parts[field] = ids;
    if (--pending === 0) report(resolveFault({ ...action, ...parts } as FaultAction, factView));
    return ids;
  };
  if (pending === 0) {
    // No selectors: the fault is already resolved. Every added fault before the end fires, so it can be reported now.
    report(action as ResolvedFault);
    return fault;
  }
  const wrapped: Record<string, unknown> = { ...action, atMs };
  for (const field of selectorFields(action)) wrapped[field] = view(field, (action as Record<string, TargetSelector>)[field]!);
  return wrapped as ScheduledFault;
}

function selectorFields(action: FaultAction): string[] {
  if (action.action === 'cut') return ['from', 'to'];
  if ('targets' in action) return ['targets'];
  return [];
}

function summarize(seed: number, result: RunResult, added: TimedFault[], network: Partial<NetworkOptions>): SeedOutcome {
  const failed = result.checks.filter((check) => !check.ok).map(({ name, detail, atMs }) => ({ name, detail, ...(atMs === undefined ? {} : { atMs }) }));
  return { seed, ok: failed.length === 0, failed, added, network, virtualMs: result.virtualMs, wallMs: result.wallMs, events: result.events, traceHash: result.traceHash };
}

/**
 * Added faults as recorded inputs: each fires at its time, before any other event then.
 *
 * @example
 * runScenario(path, { seed, host: 'inline', inputs: faultInputs(outcome.added) });
 */
export function faultInputs(added: readonly TimedFault[]): ScheduledInput[] {
  return added.map(({ atMs, fault }) => ({ before: [atMs, -2, 0, 0], t: atMs, input: { kind: 'fault', fault } }));
}

/**
 * Re-runs a seed's outcome with its added faults as inputs and writes the trace, which
 * `troupe replay` and `troupe shrink` take with the unchanged scenario file.
 *
 * @example
 * const run = await writeSeedTrace(scenario, outcome, { faults: 'random', strategy: 'random' }, 'traces/seed-7.jsonl');
 */
export async function writeSeedTrace(scenario: Scenario, outcome: SeedOutcome, options: SeedOptions, path: string): Promise<RunResult> {
  if (options.faults === 'none' && (typeof scenario.faults === 'function' || (scenario.faults?.length ?? 0) > 0)) {
    throw new TroupeError('OPTION_INVALID', `scenario '${scenario.name}' declares faults, which a replay of its file would apply; write traces with --faults scenario or random`);
  }
  const result = await runScenario(scenario, {
    seed: outcome.seed,
    host: 'inline',
    params: options.params ?? {},
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    network: outcome.network,
    inputs: faultInputs(outcome.added),
  });
  writeTrace(path, result.header, result.records);
  return result;
}
