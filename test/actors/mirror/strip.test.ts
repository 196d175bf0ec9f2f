import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { stripMachine, estimateWindowBpm, mirrorUuids } from '../../../src/actors/mirror/index.ts';

describe('strip device actor', () => {
  it('switches the outlet through the model shell, reports the relay fact and ACKs the sender', () => {
    const actor = createActor(stripMachine, { input: { seed: 1, name: 'strip-1', outlets: 6 } });
    const emitted: any[] = [];
    actor.on('*', (e) => emitted.push(e));
    actor.start();
    actor.send({ type: 'strip.RELAY', outlet: 3, on: true, seq: 7, from: 'bulb-3' });
    expect(actor.getSnapshot().context.relays).toEqual([0, 0, 1, 0, 0, 0]);
    expect(emitted).toContainEqual({ type: 'troupe.fact', name: 'relay', value: { strip: 'strip-1', outlet: 3, on: true } });
    expect(emitted).toContainEqual({ type: 'troupe.send', to: 'bulb-3', event: { type: 'strip.ACK', outlet: 3, on: true, seq: 7 } });
  });

  it('an outlet that does not exist is reported, not acknowledged', () => {
    const actor = createActor(stripMachine, { input: { seed: 1, name: 'strip-1', outlets: 6 } });
    const emitted: any[] = [];
    actor.on('*', (e) => emitted.push(e));
    actor.start();
    actor.send({ type: 'strip.RELAY', outlet: 9, on: true, seq: 1, from: 'bulb-9' });
    expect(emitted.some((e) => e.name === 'strip.error')).toBe(true);
    expect(emitted.some((e) => e.type === 'troupe.send')).toBe(false);
  });
});

describe('mirror-pi and identities', () => {
  it('reads the heart rate off a synthetic pulse window within 2 BPM', () => {
    for (const bpm of [60, 72, 96]) expect(Math.abs(estimateWindowBpm({ seed: 3, bpm, windowMs: 8000, sampleRateHz: 30 })! - bpm)).toBeLessThanOrEqual(2);
  });

  it('UUIDs are v4, distinct, and a pure function of the seed', () => {
    const uuids = mirrorUuids(1, 12);
    expect(new Set(uuids).size).toBe(12);
    expect(uuids.every((u) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))).toBe(true);
    expect(mirrorUuids(1, 12)).toEqual(uuids);
    expect(mirrorUuids(2, 12)).not.toEqual(uuids);
  });
});
