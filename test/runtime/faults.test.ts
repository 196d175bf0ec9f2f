/**
 * Fault semantics, through the public API on tiny inline scenarios (test/fixtures/machines.ts):
 * pause/resume, clock rate, crash and restart (scratch and snapshot), selectors resolved when
 * a fault fires, and fault validation.
 */
import { caught } from '../support/caught.ts';
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type ScenarioDefinition, type TraceRecord } from '../../src/runtime/index.ts';
import { resolveTargets, validateFault, type FactView } from '../../src/runtime/faults.ts';
import { persister, roleSwitcher, ticker } from '../fixtures/machines.ts';

type Kind = TraceRecord['kind'];
type Of<K extends Kind> = Extract<TraceRecord, { kind: K }>;

async function run(definition: Omit<ScenarioDefinition, 'name' | 'description'>, seed = 1) {
  const scenario = defineScenario({ name: 'fixtures/inline', description: 'inline fixture scenario', ...definition });
  const result = await runScenario(scenario, { seed, host: 'inline' });
  const of = <K extends Kind>(kind: K, actor?: string) =>
    result.records.filter((r): r is Of<K> => r.kind === kind && (actor === undefined || (r as { actor?: string }).actor === actor));
  const facts = (actor: string, name: string) => of('fact', actor).filter((f) => f.name === name);
  return { ...result, of, facts };
}

describe('pause and resume', () => {
  it('holds the actor\'s timers and messages while paused and releases them in order on resume', async () => {
    const r = await run({
      durationMs: 1_000,
      actors: [{ id: 'a', machine: ticker }, { id: 'b', machine: ticker, input: { peer: 'a' } }],
      network: { delayMsMin: 1, delayMsMax: 10 },
      faults: [{ atMs: 250, action: 'pause', targets: 'a' }, { atMs: 650, action: 'resume', targets: 'a' }],
    });
    const ofA = r.records.filter((rec) => (rec.kind === 'deliver' || rec.kind === 'timer' || rec.kind === 'fact') && rec.actor === 'a');
    expect(ofA.filter((rec) => rec.t > 250 && rec.t < 650)).toEqual([]);
    const released = ofA.filter((rec) => rec.t === 650 && rec.kind !== 'fact');
    // The tick due at 300 came first, then b's pings of ticks 3..6 in the order they arrived.
    expect(released.map((rec) => rec.kind)).toEqual(['timer', 'deliver', 'deliver', 'deliver', 'deliver']);
    const msgs = released.filter((rec): rec is Of<'deliver'> => rec.kind === 'deliver').map((rec) => rec.msg);
    expect(msgs).toEqual([...msgs].sort((x, y) => x - y));
    expect(r.facts('a', 'got').map((f) => (f.value as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.facts('a', 'got').filter((f) => f.t === 650).map((f) => (f.value as { n: number }).n)).toEqual([3, 4, 5, 6]);
    // a's held tick fired at 650, so its ticks resume 100 ms after that.
    expect(r.facts('a', 'tick').map((f) => [f.t, f.value])).toEqual([[100, 1], [200, 2], [650, 3], [750, 4], [850, 5], [950, 6]]);
    // b was never paused.
    expect(r.facts('b', 'tick').map((f) => f.t)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });
});

describe('clock rate', () => {
  it('rate 3 makes a 300 ms timer fire after 100 virtual ms', async () => {
    const r = await run({
      durationMs: 700,
      actors: [{ id: 'fast', machine: ticker, input: { periodMs: 300 } }, { id: 'normal', machine: ticker, input: { periodMs: 300 } }],
      faults: [{ atMs: 0, action: 'clock', targets: 'fast', rate: 3 }],
    });
    expect(r.facts('fast', 'tick').map((f) => f.t)).toEqual([100, 200, 300, 400, 500, 600]);
    expect(r.facts('normal', 'tick').map((f) => f.t)).toEqual([300, 600]);
  });

  it('a rate change applies to timers set after it; a timer already set keeps its due time', async () => {
    const r = await run({
      durationMs: 1_000,
      actors: [{ id: 'a', machine: ticker, input: { periodMs: 300 } }],
      faults: [{ atMs: 450, action: 'clock', targets: 'a', rate: 3 }],
    });
    expect(r.facts('a', 'tick').map((f) => f.t)).toEqual([300, 600, 700, 800, 900]);
  });
});

describe('crash and restart', () => {
  const pair = { actors: [{ id: 'a', machine: ticker, input: { peer: 'b' } }, { id: 'b', machine: ticker }], network: { delayMsMin: 1, delayMsMax: 10 } };

  it('drops messages to a crashed actor with reason crashed and keeps it down without restartAfterMs', async () => {
    const r = await run({ ...pair, durationMs: 800, faults: [{ atMs: 250, action: 'crash', targets: 'b' }] });
    expect(r.of('crash', 'b').map((c) => [c.t, c.reason])).toEqual([[250, 'killed']]);
    const drops = r.of('drop', 'b');
    expect(drops.map((d) => d.reason)).toEqual(['crashed', 'crashed', 'crashed', 'crashed', 'crashed']);
    const sentAfter = r.of('send', 'a').filter((s) => s.t > 250).map((s) => s.msg);
    expect(drops.map((d) => d.msg)).toEqual(sentAfter);
    expect(r.of('deliver', 'b').every((d) => d.t < 250)).toBe(true);
    expect(r.of('start', 'b')).toHaveLength(1);
    expect(r.facts('a', 'tick')).toHaveLength(7);
  });

  it('restarts after restartAfterMs from scratch: a start record with mode scratch and a fresh context', async () => {
    const r = await run({ ...pair, durationMs: 800, faults: [{ atMs: 250, action: 'crash', targets: 'b', restartAfterMs: 200 }] });
    expect(r.of('start', 'b').map((s) => [s.t, s.mode])).toEqual([[0, 'initial'], [450, 'scratch']]);
    expect(r.of('drop', 'b').map((d) => [d.reason, d.t < 450 && d.t > 250])).toEqual([['crashed', true], ['crashed', true]]);
    expect(r.facts('b', 'tick').map((f) => [f.t, f.value])).toEqual([[100, 1], [200, 2], [550, 1], [650, 2], [750, 3]]);
    expect(r.facts('b', 'got').map((f) => (f.value as { n: number }).n)).toEqual([1, 2, 5, 6, 7]);
  });

  it('a paused actor that is crashed drops later messages as crashed and restarts after restartAfterMs', async () => {
    const r = await run({
      ...pair,
      durationMs: 800,
      faults: [{ atMs: 250, action: 'pause', targets: 'b' }, { atMs: 300, action: 'crash', targets: 'b', restartAfterMs: 100 }],
    });
    expect(r.of('crash', 'b').map((c) => c.t)).toEqual([300]);
    // a's ping sent at 300 arrives while b is down: dropped, never silently held.
    const sentWhileDown = r.of('send', 'a').filter((s) => s.t >= 300 && s.deliverAtMs[0]! < 400).map((s) => s.msg);
    expect(sentWhileDown.length).toBeGreaterThan(0);
    expect(r.of('drop', 'b').filter((d) => d.reason === 'crashed').map((d) => d.msg)).toEqual(expect.arrayContaining(sentWhileDown));
    expect(r.of('start', 'b').map((s) => [s.t, s.mode])).toEqual([[0, 'initial'], [400, 'scratch']]);
    expect(r.facts('b', 'tick').filter((f) => f.t > 400).length).toBeGreaterThan(0);
  });

  it('restarts from the last persist(): context and pending timers resume with the time they had left', async () => {
    const r = await run({
      durationMs: 1_500,
      actors: [{ id: 'p', machine: persister }],
      faults: [{ atMs: 450, action: 'crash', targets: 'p', restartAfterMs: 100, restartFrom: 'snapshot' }],
    });
    expect(r.of('start', 'p').map((s) => [s.t, s.mode])).toEqual([[0, 'initial'], [550, 'snapshot']]);
    // Persisted at 400 with count 4, the tick 100 ms away and the alarm 600 ms away.
    expect(r.facts('p', 'count').map((f) => [f.t, f.value])).toEqual([
      [100, 1], [200, 2], [300, 3], [400, 4], [650, 5], [750, 6], [850, 7], [950, 8], [1050, 9], [1150, 10], [1250, 11], [1350, 12], [1450, 13],
    ]);
    expect(r.facts('p', 'alarm').map((f) => f.t)).toEqual([1150]);
  });

  it('restart fault with from snapshot restarts a running actor at once from its snapshot', async () => {
    const r = await run({ durationMs: 700, actors: [{ id: 'p', machine: persister }], faults: [{ atMs: 450, action: 'restart', targets: 'p', from: 'snapshot' }] });
    expect(r.of('start', 'p').map((s) => [s.t, s.mode])).toEqual([[0, 'initial'], [450, 'snapshot']]);
    expect(r.facts('p', 'count').map((f) => [f.t, f.value])).toEqual([[100, 1], [200, 2], [300, 3], [400, 4], [550, 5], [650, 6]]);
  });

  it('restart from snapshot without any persist() falls back to scratch', async () => {
    const r = await run({ ...pair, durationMs: 500, faults: [{ atMs: 250, action: 'restart', targets: 'b', from: 'snapshot' }] });
    expect(r.of('start', 'b').map((s) => [s.t, s.mode])).toEqual([[0, 'initial'], [250, 'scratch']]);
    expect(r.facts('b', 'tick').map((f) => f.value)).toEqual([1, 2, 1, 2]);
  });
});

describe('target selectors', () => {
  it('{ fact, equals } resolves when the fault fires, among actors that are up', async () => {
    const r = await run({
      durationMs: 800,
      actors: [
        { id: 'r1', machine: roleSwitcher, input: { role: 'leader', nextRole: 'follower', switchAtMs: 300 } },
        { id: 'r2', machine: roleSwitcher, input: { role: 'follower', nextRole: 'leader', switchAtMs: 300 } },
        { id: 'r3', machine: roleSwitcher, input: { role: 'follower', nextRole: 'leader', switchAtMs: 600 } },
      ],
      faults: [
        { atMs: 100, action: 'pause', targets: { fact: 'role', equals: 'leader' } },
        { atMs: 200, action: 'resume', targets: { fact: 'role', equals: 'leader' } },
        { atMs: 500, action: 'crash', targets: { fact: 'role', equals: 'leader' } },
        { atMs: 700, action: 'crash', targets: { fact: 'role', equals: 'leader' } },
      ],
    });
    const fired = r.of('fault').map((f) => [f.t, f.fault.action, (f.fault as { targets: string[] }).targets]);
    expect(fired).toEqual([
      [100, 'pause', ['r1']],
      [200, 'resume', ['r1']],
      [500, 'crash', ['r2']],
      // r2 is down (its last role fact still says leader): only r3, leader since 600.
      [700, 'crash', ['r3']],
    ]);
  });

  it('a function selector sees the facts; ids and lists pass through', () => {
    const view: FactView = { actors: ['a', 'b', 'c'], fact: (actor) => (actor === 'b' ? 7 : 0), isUp: () => true };
    expect(resolveTargets((v) => v.actors.filter((id) => (v.fact(id, 'x') as number) > 5), view)).toEqual(['b']);
    expect(resolveTargets('c', view)).toEqual(['c']);
    expect(resolveTargets(['a', 'c'], view)).toEqual(['a', 'c']);
  });

  it('a fault naming an unknown actor at fire time is an error record FAULT_INVALID, and the run goes on', async () => {
    const r = await run({
      ...{ actors: [{ id: 'a', machine: ticker }] },
      durationMs: 500,
      faults: [{ atMs: 150, action: 'crash', targets: 'ghost' }],
    });
    const errors = r.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ t: 150, code: 'FAULT_INVALID' });
    expect(errors[0]!.message).toContain('ghost');
    expect(r.of('crash')).toEqual([]);
    expect(r.facts('a', 'tick')).toHaveLength(4);
  });
});

describe('network faults in a run', () => {
  it('partition drops with reason partition until heal', async () => {
    const r = await run({
      actors: [{ id: 'a', machine: ticker, input: { peer: 'b' } }, { id: 'b', machine: ticker }],
      network: { delayMsMin: 1, delayMsMax: 1 },
      durationMs: 700,
      faults: [{ atMs: 250, action: 'partition', groups: [['a'], ['b']] }, { atMs: 450, action: 'heal' }],
    });
    expect(r.of('drop').map((d) => [d.t, d.reason])).toEqual([[300, 'partition'], [400, 'partition']]);
    expect(r.facts('b', 'got').map((f) => (f.value as { n: number }).n)).toEqual([1, 2, 5, 6]);
  });

  it('a loss fault on one link drops only that link', async () => {
    const r = await run({
      actors: [{ id: 'a', machine: ticker, input: { peer: 'b' } }, { id: 'b', machine: ticker, input: { peer: 'a' } }],
      network: { delayMsMin: 1, delayMsMax: 1 },
      durationMs: 500,
      faults: [{ atMs: 0, action: 'loss', probability: 1, link: { from: 'a', to: 'b' } }],
    });
    expect(r.of('drop').map((d) => [d.actor, d.reason])).toEqual([['b', 'loss'], ['b', 'loss'], ['b', 'loss'], ['b', 'loss']]);
    expect(r.facts('a', 'got')).toHaveLength(4);
  });
});

describe('fault validation', () => {
  const base = { name: 'fixtures/bad-fault', description: 'x', durationMs: 100, actors: [{ id: 'a', machine: ticker }] };
  it.each([
    [{ atMs: 10, action: 'loss', probability: 2 }, 'probability'],
    [{ atMs: 10, action: 'clock', targets: 'a', rate: 0 }, 'rate'],
    [{ atMs: 10, action: 'crash', targets: 'a', restartFrom: 'disk' }, 'restartFrom'],
    [{ atMs: 10, action: 'crash', targets: 'a', restartAfterMs: -1 }, 'restartAfterMs'],
    [{ atMs: 10, action: 'explode', targets: 'a' }, 'action'],
    [{ atMs: 10, action: 'pause' }, 'targets'],
    [{ atMs: 10, action: 'delay', delayMsMin: 5, delayMsMax: 1 }, 'delayMsMax'],
    [{ atMs: 10, action: 'partition', groups: [] }, 'groups'],
  ])('%j in a scenario is FAULT_INVALID naming faults[1] and %s', (fault, field) => {
    const error = caught(() => defineScenario({ ...base, faults: [{ atMs: 0, action: 'heal' }, fault as never] }));
    expect(error.code).toBe('FAULT_INVALID');
    expect(error.message).toContain('faults[1]');
    expect(error.detail.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('a negative atMs is SCENARIO_INVALID naming faults[0].atMs', () => {
    const error = caught(() => defineScenario({ ...base, faults: [{ atMs: -5, action: 'heal' }] }));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.detail.field).toBe('faults[0].atMs');
  });

  it('faults given as a function are validated when the run starts', async () => {
    const scenario = defineScenario({ ...base, faults: () => [{ atMs: 1, action: 'loss', probability: -1 }] });
    await expect(runScenario(scenario, { host: 'inline' })).rejects.toMatchObject({ code: 'FAULT_INVALID', detail: { field: 'probability' } });
  });

  it('validateFault accepts every well-formed action', () => {
    for (const fault of [
      { action: 'partition', groups: [['a']] }, { action: 'cut', from: 'a', to: ['b'] }, { action: 'heal' },
      { action: 'loss', probability: 0 }, { action: 'delay', delayMsMin: 0, delayMsMax: 0 }, { action: 'duplicate', probability: 1 },
      { action: 'crash', targets: { fact: 'role', equals: 'leader' }, restartAfterMs: 0, restartFrom: 'snapshot' },
      { action: 'restart', targets: () => [], from: 'scratch' }, { action: 'pause', targets: 'a' }, { action: 'resume', targets: ['a'] },
      { action: 'clock', targets: 'a', rate: 1000 },
    ]) expect(() => validateFault(fault, 'f')).not.toThrow();
  });
});
