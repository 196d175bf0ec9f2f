/**
 * The determinism contract at runtime level: same scenario and seed -> same trace hash, inline
 * and in workers; another seed -> another hash; a machine that breaks the contract
 * (Math.random) is caught by replay; recorded live inputs replay exactly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace, replayTrace, runScenario, writeTrace, type ScheduledInput, type Supervisor } from '../../src/runtime/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'troupe-determinism-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lamport = ['three-vms', 'partition', 'paused-vm', 'fast-clock'].map((name) => `scenarios/lamport/${name}.ts`);
const pingTicker = 'test/fixtures/scenarios/ping-ticker.ts';

describe('same seed, same trace', () => {
  it.each(lamport)('%s: two inline runs agree, another seed differs, checks pass', async (path) => {
    const first = await runScenario(path, { seed: 5, host: 'inline' });
    const second = await runScenario(path, { seed: 5, host: 'inline' });
    const other = await runScenario(path, { seed: 6, host: 'inline' });
    expect(second.traceHash).toBe(first.traceHash);
    expect(other.traceHash).not.toBe(first.traceHash);
    expect(first.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it.each([lamport[1]!, pingTicker])('%s: a worker run gives the inline hash', async (path) => {
    const inline = await runScenario(path, { seed: 3, host: 'inline' });
    const worker = await runScenario(path, { seed: 3, host: 'worker' });
    expect(worker.traceHash).toBe(inline.traceHash);
    expect(worker.records.length).toBe(inline.records.length);
  });

  it('the fixture: two inline runs agree and seeds differ', async () => {
    const hashes = await Promise.all([1, 1, 2].map(async (seed) => (await runScenario(pingTicker, { seed, host: 'inline' })).traceHash));
    expect(hashes[1]).toBe(hashes[0]);
    expect(hashes[2]).not.toBe(hashes[0]);
  });

  it('pacing and host are not hashed: paced at high speed gives the sim hash', async () => {
    const sim = await runScenario(pingTicker, { seed: 4, host: 'inline' });
    const paced = await runScenario(pingTicker, { seed: 4, host: 'inline', pacing: 'paced', speed: 100 });
    expect(paced.traceHash).toBe(sim.traceHash);
  });
});

describe('replay', () => {
  it('a faithful trace replays to the same hash', async () => {
    const run = await runScenario(lamport[1]!, { seed: 2, host: 'inline' });
    const path = join(dir, 'partition-2.jsonl');
    writeTrace(path, run.header, run.records);
    const replay = await replayTrace(path, { host: 'inline' });
    expect(replay.matches).toBe(true);
    expect(replay.actualHash).toBe(run.traceHash);
    expect(replay.divergence).toBeUndefined();
  });

  it('catches an actor that uses Math.random: matches=false with the first diverging record', async () => {
    const run = await runScenario('test/fixtures/scenarios/nondeterministic.ts', { seed: 1, host: 'inline' });
    const path = join(dir, 'nondeterministic.jsonl');
    writeTrace(path, run.header, run.records);
    const replay = await replayTrace(path, { host: 'inline' });
    expect(replay.matches).toBe(false);
    expect(replay.actualHash).not.toBe(replay.expectedHash);
    const divergence = replay.divergence!;
    expect(divergence.seq).toBeGreaterThanOrEqual(0);
    expect(run.records.slice(0, divergence.seq)).toEqual(replay.run.records.slice(0, divergence.seq));
    expect(divergence.expected).not.toEqual(divergence.actual);
    // The first difference is where the picker chose another peer.
    expect(divergence.expected?.kind).toBe('send');
    expect((divergence.expected as { actor?: string } | undefined)?.actor).toBe('picker');
  });

  it('live inputs submitted during a paced run are recorded and replay to the same hash, inline and in workers', async () => {
    const attach = (supervisor: Supervisor) => {
      let sent = false;
      supervisor.trace.subscribe((record) => {
        if (sent || record.kind !== 'fact' || record.actor !== 'a' || record.name !== 'tick' || record.value !== 5) return;
        sent = true;
        supervisor.submit({ kind: 'message', to: 'b', from: 'operator', event: { type: 'PING', n: 1_000 } });
        supervisor.submit({ kind: 'fault', fault: { action: 'crash', targets: ['a'], restartAfterMs: 150 } });
      });
    };
    const run = await runScenario(pingTicker, { seed: 9, host: 'inline', pacing: 'paced', speed: 30, onSupervisor: attach });
    const inputs = run.records.filter((r) => r.kind === 'input');
    expect(inputs).toHaveLength(2);
    expect(run.records.some((r) => r.kind === 'fact' && r.actor === 'b' && r.name === 'got' && (r.value as { from: string; n: number }).n === 1_000 && (r.value as { from: string }).from === 'operator')).toBe(true);
    expect(run.records.filter((r) => r.kind === 'start' && r.actor === 'a').map((r) => r.kind === 'start' && r.mode)).toEqual(['initial', 'scratch']);

    const path = join(dir, 'live.jsonl');
    writeTrace(path, run.header, run.records);
    const replay = await replayTrace(path, { host: 'inline' });
    expect(replay.divergence).toBeUndefined();
    expect(replay.matches).toBe(true);

    // The same inputs through the `inputs` option, in sim pacing and in workers.
    const scheduled: ScheduledInput[] = readTrace(path).records.flatMap((r) => (r.kind === 'input' ? [{ before: r.before, t: r.t, input: r.input }] : []));
    const worker = await runScenario(pingTicker, { seed: 9, host: 'worker', inputs: scheduled });
    expect(worker.traceHash).toBe(run.traceHash);
  });
});
