/**
 * Shrinking a failing trace: remove inputs (faults explore added or a person clicked,
 * messages fed from outside), shorten the run, and simplify the network, keeping each
 * change only while the same check still fails; then write the smallest failing trace and
 * replay it to prove it fails the same way.
 *
 * Inputs are removed by delta debugging (Zeller's ddmin): try halves, then complements,
 * then finer pieces, so a failure caused by one or two faults out of many is found in
 * O(k log n) runs. Faults the scenario file itself declares are part of the scenario: a
 * replay applies them, so they are not removed (explore --faults random keeps them too).
 * Every candidate is a whole inline run of the same scenario and seed.
 */
import { readTrace, writeTrace, type ExternalInput, type TraceHeader, type TraceRecord } from '../trace.ts';
import { loadScenario, type Scenario } from '../scenario.ts';
import { replayTrace, runScenario, type RunResult } from '../run.ts';
import type { NetworkOptions } from '../network.ts';
import type { ScheduledInput } from '../supervisor.ts';
import { TroupeError } from '../errors.ts';

export interface ShrinkOptions {
  /** The scenario file, when the trace does not name one that exists here. */
  scenarioPath?: string;
  /** The check that must keep failing. Default: the first check that fails on the trace. */
  check?: string;
  /** Where to write the smallest trace. Default: `<trace>.shrunk.jsonl` beside it. */
  out?: string;
  /** Most candidate runs; at it, shrinking stops with the smallest failing trace so far. Default 400. */
  runsMax?: number;
  /** Called after every candidate run (for progress output). */
  onRun?: (run: { runs: number; kept: boolean; what: string }) => void;
}

/** How big a failing trace is. */
export interface TraceSize {
  /** Faults applied: the scenario's own plus fault inputs. */
  faults: number;
  /** Inputs fed from outside (faults and messages). */
  inputs: number;
  durationMs: number;
  records: number;
  /** Per-link network overrides (PCT bands, for instance). */
  links: number;
}

export interface ShrinkResult {
  check: string;
  detail: string;
  before: TraceSize;
  after: TraceSize;
  runs: number;
  out: string;
  /** The written trace replayed to the same hash and failed the same check. */
  replayed: boolean;
}

interface Candidate {
  inputs: ScheduledInput[];
  durationMs: number;
  network: NetworkOptions;
}

const defaultRunsMax = 400;

/**
 * Shrinks a failing trace and writes the smallest one that still fails the same check.
 *
 * @example
 * const result = await shrinkTrace('traces/seed-17.jsonl');
 * console.log(result.before.faults, '->', result.after.faults, result.out);
 */
export async function shrinkTrace(path: string, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  const { header, records } = readTrace(path);
  const scenario = await scenarioOf(path, header, options.scenarioPath);
  const runsMax = options.runsMax ?? defaultRunsMax;
  let runs = 0;
  const run = async (candidate: Candidate): Promise<RunResult> => {
    runs++;
    return runScenario(scenario, { seed: header.seed, host: 'inline', params: header.params, durationMs: candidate.durationMs, network: candidate.network, inputs: candidate.inputs });
  };
  let best: Candidate = { inputs: inputsOf(records), durationMs: header.durationMs, network: header.network };
  const baseline = await run(best);
  const failing = baseline.checks.find((check) => !check.ok && (options.check === undefined || check.name === options.check));
  if (failing === undefined) {
    const named = options.check === undefined ? 'no check fails' : `check '${options.check}' does not fail`;
    throw new TroupeError('COMMAND_INVALID', `trace '${path}': ${named} when it is run again; nothing to shrink`);
  }
  let bestRun = baseline;
  const fails = async (candidate: Candidate, what: string): Promise<boolean> => {
    if (runs >= runsMax) return false;
    const result = await run(candidate);
    const kept = result.checks.some((check) => check.name === failing.name && !check.ok);
    if (kept) bestRun = result;
    options.onRun?.({ runs, kept, what });
    return kept;
  };
  for (let round = 0; round < 2; round++) {
    const inputs = await ddmin(best.inputs, (subset) => fails({ ...best, inputs: subset }, `${subset.length} of ${best.inputs.length} inputs`));
    best = { ...best, inputs };
    best = await shorten(best, bestRun, failing.name, fails);
    const network = await simplifyNetwork(best, fails);
    const changed = network !== best.network;
    best = { ...best, network };
    if (!changed) break;
  }
  // The last kept run is not necessarily `best` (a later candidate may have failed to fail): run it once more.
  const final = await run(best);
  const out = options.out ?? path.replace(/(\.jsonl)?$/, '.shrunk.jsonl');
  writeTrace(out, final.header, final.records);
  const replay = await replayTrace(out, { host: 'inline', ...(options.scenarioPath === undefined ? {} : { scenarioPath: options.scenarioPath }) });
  const finalCheck = final.checks.find((check) => check.name === failing.name)!;
  return {
    check: failing.name,
    detail: finalCheck.detail,
    before: sizeOf(header, records),
    after: sizeOf(final.header, final.records),
    runs,
    out,
    replayed: replay.matches && replay.run.checks.some((check) => check.name === failing.name && !check.ok),
  };
}

async function scenarioOf(path: string, header: TraceHeader, scenarioPath: string | undefined): Promise<Scenario> {
  const file = scenarioPath ?? header.scenarioPath;
  if (file === undefined) throw new TroupeError('TRACE_SCENARIO_MISSING', `trace '${path}' does not name its scenario file; pass --scenario <file>`);
  return loadScenario(file);
}

/** The inputs a trace recorded, ready to feed again at the same points. */
function inputsOf(records: readonly TraceRecord[]): ScheduledInput[] {
  return records
    .filter((record): record is Extract<TraceRecord, { kind: 'input' }> => record.kind === 'input')
    .map((record) => ({ before: record.before, t: record.t, input: record.input as ExternalInput }));
}

/** Ends the run just after a safety failure: everything later cannot matter to it. */
async function shorten(best: Candidate, bestRun: RunResult, check: string, fails: (candidate: Candidate, what: string) => Promise<boolean>): Promise<Candidate> {
  const atMs = bestRun.checks.find((result) => result.name === check)?.atMs;
  if (atMs === undefined) return best;
  const durationMs = Math.floor(atMs) + 1;
  if (durationMs >= best.durationMs) return best;
  const candidate = { ...best, durationMs, inputs: best.inputs.filter((input) => input.t < durationMs) };
  return (await fails(candidate, `duration ${durationMs} ms`)) ? candidate : best;
}

/** Tries a plainer network: no loss, no duplication, fixed delay, fewer per-link overrides. */
async function simplifyNetwork(best: Candidate, fails: (candidate: Candidate, what: string) => Promise<boolean>): Promise<NetworkOptions> {
  let network = best.network;
  const tries: [string, (n: NetworkOptions) => NetworkOptions | undefined][] = [
    ['no loss', (n) => (n.lossProbability > 0 ? { ...n, lossProbability: 0 } : undefined)],
    ['no duplication', (n) => (n.duplicateProbability > 0 ? { ...n, duplicateProbability: 0 } : undefined)],
    ['fixed delay', (n) => (n.delayMsMax > n.delayMsMin && n.links.length === 0 ? { ...n, delayMsMax: n.delayMsMin } : undefined)],
  ];
  for (const [what, change] of tries) {
    const next = change(network);
    if (next !== undefined && (await fails({ ...best, network: next }, what))) network = next;
  }
  if (network.links.length > 0) {
    const links = await ddmin(network.links, (subset) => fails({ ...best, network: { ...network, links: subset } }, `${subset.length} of ${network.links.length} links`));
    if (links.length < network.links.length) network = { ...network, links };
  }
  return network;
}

/**
 * Zeller's ddmin: a 1-minimal subset of `items` for which `fails` holds (removing any one
 * more item makes it pass), assuming `fails(items)` holds.
 *
 * @example
 * await ddmin([1, 2, 3, 4, 5, 6], async (s) => s.includes(2) && s.includes(5)) // => [2, 5]
 */
export async function ddmin<T>(items: readonly T[], fails: (subset: T[]) => Promise<boolean>): Promise<T[]> {
  let current = [...items];
  if (current.length === 0) return current;
  if (await fails([])) return [];
  let n = 2;
  while (current.length >= 2) {
    const chunks = split(current, n);
    let reduced = false;
    for (const chunk of chunks) {
      if (chunk.length < current.length && (await fails(chunk))) {
        current = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && n > 2) {
      for (const chunk of chunks) {
        const complement = current.filter((item) => !chunk.includes(item));
        if (await fails(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}

function split<T>(items: T[], n: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < n; i++) {
    const chunk = items.slice(Math.floor((items.length * i) / n), Math.floor((items.length * (i + 1)) / n));
    if (chunk.length > 0) chunks.push(chunk);
  }
  return chunks;
}

/**
 * Counts what makes a trace big.
 *
 * @example
 * const { header, records } = readTrace('t.jsonl'); sizeOf(header, records).faults
 */
export function sizeOf(header: TraceHeader, records: readonly TraceRecord[]): TraceSize {
  let faults = 0;
  let inputs = 0;
  for (const record of records) {
    if (record.kind === 'fault') faults++;
    if (record.kind === 'input') {
      inputs++;
      if (record.input.kind === 'fault') faults++;
    }
  }
  return { faults, inputs, durationMs: header.durationMs, records: records.length, links: header.network.links.length };
}
