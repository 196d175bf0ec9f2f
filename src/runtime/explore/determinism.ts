/**
 * The determinism self-check behind `troupe run --check-determinism`: the same scenario
 * and seed run inline twice and once in workers must give the same trace. On a
 * divergence it names the first record where the runs differ and the actor whose step
 * produced it, which is where to look for a stray Math.random, Date.now or an iteration
 * over something unordered.
 */
import { firstDivergence, runScenario, type RunResult } from '../run.ts';
import type { TraceRecord } from '../trace.ts';
import type { ActorId } from '../messages.ts';

export interface DeterminismReport {
  ok: boolean;
  hashes: { inline: string; inlineAgain: string; worker: string };
  /** The first differing record, against the first inline run. */
  divergence?: {
    /** Which run differed from the first inline run. */
    run: 'inlineAgain' | 'worker';
    seq: number;
    expected: TraceRecord | undefined;
    actual: TraceRecord | undefined;
    /** The actor whose step the differing record belongs to, when it names one. */
    actor: ActorId | undefined;
  };
}

/**
 * Runs a scenario three times (inline, inline again, worker) and compares the traces.
 *
 * @example
 * const report = await checkDeterminism('scenarios/lamport/three-vms.ts', 1, {});
 * if (!report.ok) console.log(`diverged at record ${report.divergence!.seq} in ${report.divergence!.actor}`);
 */
export async function checkDeterminism(scenarioPath: string, seed: number, params: Record<string, unknown> = {}): Promise<DeterminismReport> {
  const inline = await runScenario(scenarioPath, { seed, params, host: 'inline' });
  const inlineAgain = await runScenario(scenarioPath, { seed, params, host: 'inline' });
  const worker = await runScenario(scenarioPath, { seed, params, host: 'worker' });
  const hashes = { inline: inline.traceHash, inlineAgain: inlineAgain.traceHash, worker: worker.traceHash };
  for (const [run, other] of [['inlineAgain', inlineAgain], ['worker', worker]] as const) {
    if (other.traceHash === inline.traceHash) continue;
    return { ok: false, hashes, divergence: { run, ...describeDivergence(inline, other) } };
  }
  return { ok: true, hashes };
}

function describeDivergence(expected: RunResult, actual: RunResult) {
  const found = firstDivergence(expected.records, actual.records);
  // Equal records with different hashes can only differ in the header (network, params).
  if (found === undefined) return { seq: -1, expected: undefined, actual: undefined, actor: undefined };
  return { ...found, actor: actorOf(found.actual) ?? actorOf(found.expected) };
}

function actorOf(record: TraceRecord | undefined): ActorId | undefined {
  if (record === undefined || !('actor' in record)) return undefined;
  // Step records (start, deliver, timer, send, fact) name the actor whose step it was; a drop names the receiver.
  return record.actor === '' ? undefined : record.actor;
}
