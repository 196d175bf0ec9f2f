/**
 * Actors that fail by themselves (throw in an action, process.exit, run out of memory) are
 * crashes of that actor only: the supervisor records the crash with its reason, applies the
 * restart policy (restart, then give up after restartsMax), the other actors keep running and
 * the run completes. Fixture: test/fixtures/scenarios/crashy.ts (crasher fails at its 2nd tick,
 * restartsMax 1, delay 100 ms; ticker ticks every 100 ms for 1 s).
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type HostKind, type RunResult } from '../../src/runtime/index.ts';
import type { CrashMode } from '../fixtures/machines.ts';

const crashy = 'test/fixtures/scenarios/crashy.ts';
const runs = new Map<string, Promise<RunResult>>();

/** One run per (host, mode), shared by the tests below: worker runs are the slow part. */
function crashRun(host: HostKind, mode: CrashMode): Promise<RunResult> {
  const key = `${host}/${mode}`;
  if (!runs.has(key)) runs.set(key, runScenario(crashy, { seed: 1, host, params: { mode } }));
  return runs.get(key)!;
}

const reasonOf: Record<CrashMode, string> = { throw: 'error', exit: 'exit', oom: 'oom' };

const cases: [HostKind, CrashMode][] = [['worker', 'throw'], ['worker', 'exit'], ['worker', 'oom'], ['inline', 'throw'], ['inline', 'exit']];

describe.each(cases)('%s host, crasher that does %s', (host, mode) => {
  it('records a crash with the right reason, restarts once from scratch, then gives up', async () => {
    const { records } = await crashRun(host, mode);
    const crashes = records.filter((r) => r.kind === 'crash' && r.actor === 'crasher');
    expect(crashes.map((r) => [r.t, r.kind === 'crash' && r.reason])).toEqual([[200, reasonOf[mode]], [500, reasonOf[mode]]]);
    const starts = records.filter((r) => r.kind === 'start' && r.actor === 'crasher');
    expect(starts.map((r) => [r.t, r.kind === 'start' && r.mode])).toEqual([[0, 'initial'], [300, 'scratch']]);
    const giveUps = records.filter((r) => r.kind === 'give-up');
    expect(giveUps).toEqual([expect.objectContaining({ t: 500, actor: 'crasher', restarts: 1 })]);
    // Nothing more from the crasher once given up.
    expect(records.filter((r) => 'actor' in r && r.actor === 'crasher' && r.t > 500)).toEqual([]);
  });

  it('leaves the other actor running and completes the run', async () => {
    const { records } = await crashRun(host, mode);
    const ticks = records.filter((r) => r.kind === 'fact' && r.actor === 'ticker' && r.name === 'tick');
    expect(ticks.map((r) => r.t)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(records.filter((r) => r.kind === 'crash' && r.actor === 'ticker')).toEqual([]);
    expect(records.at(-1)).toMatchObject({ kind: 'end', t: 1_000 });
  });
});

describe('crashes are deterministic across hosts', () => {
  it('a throwing actor gives the same trace inline and in a worker', async () => {
    expect((await crashRun('worker', 'throw')).traceHash).toBe((await crashRun('inline', 'throw')).traceHash);
  });

  it('an exiting actor gives the same trace inline and in a worker (timer ids and crash message included)', async () => {
    const inline = await crashRun('inline', 'exit');
    const worker = await crashRun('worker', 'exit');
    const differing = inline.records.flatMap((record, seq) => (JSON.stringify(record) === JSON.stringify(worker.records[seq]) ? [] : [{ inline: record, worker: worker.records[seq] }]));
    expect(differing).toEqual([]);
    expect(worker.traceHash).toBe(inline.traceHash);
  });
});

describe('restart policy', () => {
  it('backs off: the default policy doubles the delay and gives up after 3 restarts in its window', async () => {
    const { defineScenario } = await import('../../src/runtime/index.ts');
    const { crasher } = await import('../fixtures/machines.ts');
    const scenario = defineScenario({
      name: 'fixtures/backoff',
      description: 'crasher throws on its first tick every incarnation',
      durationMs: 3_000,
      actors: [{ id: 'c', machine: crasher, input: { mode: 'throw', crashAtTick: 1 } }],
    });
    const { records } = await runScenario(scenario, { host: 'inline' });
    // Crash at 100; restarts after 100, 200, 400 ms (each crashing 100 ms later); the 4th crash gives up.
    expect(records.filter((r) => r.kind === 'start').map((r) => r.t)).toEqual([0, 200, 500, 1_000]);
    expect(records.filter((r) => r.kind === 'crash').map((r) => r.t)).toEqual([100, 300, 600, 1_100]);
    expect(records.filter((r) => r.kind === 'give-up')).toEqual([expect.objectContaining({ t: 1_100, restarts: 3 })]);
  });

  it("mode 'never' keeps a crashed actor down", async () => {
    const { defineScenario } = await import('../../src/runtime/index.ts');
    const { crasher } = await import('../fixtures/machines.ts');
    const scenario = defineScenario({
      name: 'fixtures/never',
      description: 'no restarts',
      durationMs: 1_000,
      actors: [{ id: 'c', machine: crasher, input: { mode: 'throw', crashAtTick: 1 }, restart: { mode: 'never' } }],
    });
    const { records } = await runScenario(scenario, { host: 'inline' });
    expect(records.filter((r) => r.kind === 'start')).toHaveLength(1);
    expect(records.filter((r) => r.kind === 'crash')).toHaveLength(1);
    expect(records.filter((r) => r.kind === 'give-up')).toEqual([]);
  });
});
