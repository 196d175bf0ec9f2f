import { describe, expect, it } from 'vitest';
import { stripMachine, mirrorPiMachine, estimateWindowBpm, mirrorUuids } from '../../../src/actors/mirror/index.ts';
import { createTestActor, expectFullCoverage, type TestActor } from '../../../src/testing/index.ts';

const strips: TestActor[] = [];
const pis: TestActor[] = [];

function strip() {
  const actor = createTestActor(stripMachine, { id: 'strip-1', seed: 1, input: { name: 'strip-1', outlets: 6 } });
  strips.push(actor);
  return actor;
}

describe('strip device actor', () => {
  it('switches the outlet through the model shell, reports the relay fact and ACKs the sender', () => {
    const actor = strip();
    actor.send({ type: 'strip.RELAY', outlet: 3, on: true, seq: 7 }, 'bulb-3');
    expect(actor.context.relays).toEqual([0, 0, 1, 0, 0, 0]);
    expect(actor.outbox.facts).toContainEqual({ t: 0, name: 'relay', value: { strip: 'strip-1', outlet: 3, on: true } });
    expect(actor.outbox.sends).toEqual([{ t: 0, to: 'bulb-3', event: { type: 'strip.ACK', outlet: 3, on: true, seq: 7 } }]);
  });

  it('an outlet that does not exist is reported, not acknowledged', () => {
    const actor = strip();
    actor.send({ type: 'strip.RELAY', outlet: 9, on: true, seq: 1 }, 'bulb-9');
    expect(actor.outbox.facts.some((fact) => fact.name === 'strip.error')).toBe(true);
    expect(actor.outbox.sends).toEqual([]);
  });

  it('answers READ with its readings and samples its power meter on its timer', () => {
    const actor = strip();
    actor.send({ type: 'strip.RELAY', outlet: 1, on: true, seq: 1 }, 'bulb-1');
    actor.send({ type: 'strip.READ' }, 'bulb-1');
    const readings = actor.sent('bulb-1', 'strip.READINGS');
    expect(readings).toHaveLength(1);
    const dueMs = actor.nextDueMs!;
    expect(actor.advanceToNext()).toBe(dueMs);
    expect(actor.outbox.facts.filter((fact) => fact.name === 'strip.power').map((fact) => fact.t)).toEqual([dueMs]);
    expect(actor.context.meterMs).toBe(dueMs);
  });

  it('the tests above reach every state and transition of the strip', () => {
    const report = expectFullCoverage(stripMachine, strips);
    expect([report.states.total, report.transitions.total]).toEqual([1, 3]);
  });
});

describe('mirror-pi and identities', () => {
  it('reads the heart rate off a synthetic pulse window within 2 BPM', () => {
    for (const bpm of [60, 72, 96]) expect(Math.abs(estimateWindowBpm({ seed: 3, bpm, windowMs: 8000, sampleRateHz: 30 })! - bpm)).toBeLessThanOrEqual(2);
  });

  it('the Pi sends its estimate every interval to one bulb drawn from its seed, and reports it as a fact when it changes', () => {
    const pi = createTestActor(mirrorPiMachine, { id: 'mirror-pi', seed: 3, input: { bulbs: ['bulb-1', 'bulb-2', 'bulb-3'], reportIntervalMs: 1000 } });
    pis.push(pi);
    pi.advance(999);
    expect(pi.outbox.sends).toEqual([]);
    pi.advance(2001);
    const estimates = pi.outbox.facts.filter((fact) => fact.name === 'bpm.estimate');
    expect(estimates.map((fact) => fact.t)).toEqual([1000]); // a steady 72 BPM: one estimate, version 1
    const { bpm, version } = estimates[0]!.value as { bpm: number; version: number };
    expect(Math.abs(bpm - 72)).toBeLessThanOrEqual(2);
    expect(version).toBe(1);
    expect(pi.outbox.sends.map(({ t, event }) => [t, event])).toEqual([1000, 2000, 3000].map((t) => [t, { type: 'mirror.BPM', bpm, version: 1 }]));
    expect(pi.outbox.sends.every(({ to }) => ['bulb-1', 'bulb-2', 'bulb-3'].includes(to))).toBe(true);
    const again = createTestActor(mirrorPiMachine, { seed: 3, input: { bulbs: ['bulb-1', 'bulb-2', 'bulb-3'], reportIntervalMs: 1000 } });
    again.advance(3000);
    expect(again.outbox).toEqual(pi.outbox);
    expectFullCoverage(mirrorPiMachine, pis);
  });

  it('UUIDs are v4, distinct, and a pure function of the seed', () => {
    const uuids = mirrorUuids(1, 12);
    expect(new Set(uuids).size).toBe(12);
    expect(uuids.every((u) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))).toBe(true);
    expect(mirrorUuids(1, 12)).toEqual(uuids);
    expect(mirrorUuids(2, 12)).not.toEqual(uuids);
  });
});
