import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, compareEntries, type QueueEntry } from '../../src/runtime/scheduler.ts';

function entry(t: number, actor: number, step: number, index: number, payload = `${t}/${actor}/${step}/${index}`): QueueEntry<string> {
  return { t, actor, step, index, payload, cancelled: false };
}

function drain<P>(queue: EventQueue<P>): QueueEntry<P>[] {
  const out: QueueEntry<P>[] = [];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) out.push(next);
  return out;
}

describe('EventQueue', () => {
  it('pops in canonical order: time, then actor index, then creator step, then index', () => {
    const queue = new EventQueue<string>(100);
    const pushed = [
      entry(5, 0, 0, 0), entry(1, 2, 9, 9), entry(1, 1, 7, 3), entry(1, 1, 7, 1),
      entry(1, 1, 3, 5), entry(1, -1, 50, 0), entry(0.5, 9, 99, 99), entry(5, 0, 0, 1),
    ];
    for (const e of pushed) queue.push(e);
    expect(drain(queue).map((e) => e.payload)).toEqual([
      '0.5/9/99/99', '1/-1/50/0', '1/1/3/5', '1/1/7/1', '1/1/7/3', '1/2/9/9', '5/0/0/0', '5/0/0/1',
    ]);
  });

  it('never returns a cancelled entry and counts only live entries in size', () => {
    const queue = new EventQueue<string>(100);
    const a = queue.push(entry(1, 0, 0, 0, 'a'));
    queue.push(entry(2, 0, 0, 0, 'b'));
    const c = queue.push(entry(3, 0, 0, 0, 'c'));
    queue.cancel(a);
    queue.cancel(c);
    queue.cancel(c); // twice is harmless
    expect(queue.size).toBe(1);
    expect(queue.peek()?.payload).toBe('b');
    expect(drain(queue).map((e) => e.payload)).toEqual(['b']);
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it('toSortedArray lists live entries in canonical order without consuming them', () => {
    const queue = new EventQueue<string>(100);
    const x = queue.push(entry(3, 0, 0, 0, 'x'));
    queue.push(entry(1, 0, 0, 0, 'y'));
    queue.push(entry(2, 0, 0, 0, 'z'));
    queue.cancel(x);
    expect(queue.toSortedArray().map((e) => e.payload)).toEqual(['y', 'z']);
    expect(queue.size).toBe(2);
  });

  it('throws when full of live entries, naming the limit, but makes room by dropping cancelled ones', () => {
    const queue = new EventQueue<string>(3);
    const first = queue.push(entry(1, 0, 0, 0));
    queue.push(entry(2, 0, 0, 0));
    queue.push(entry(3, 0, 0, 0));
    expect(() => queue.push(entry(4, 0, 0, 0))).toThrow(/event queue is full \(3 entries\)/);
    queue.cancel(first);
    queue.push(entry(4, 0, 0, 0, 'fits after compaction'));
    expect(queue.size).toBe(3);
    expect(drain(queue).map((e) => e.t)).toEqual([2, 3, 4]);
  });

  it('rejects a non-finite time as a broken invariant', () => {
    const queue = new EventQueue<string>(3);
    expect(() => queue.push(entry(Number.NaN, 0, 0, 0))).toThrow(/invariant.*finite/);
    expect(() => queue.push(entry(Infinity, 0, 0, 0))).toThrow(/finite/);
  });

  it('keeps size exact when an entry is cancelled after it was popped (the supervisor does this for a paused actor\'s held timer)', () => {
    const queue = new EventQueue<string>(10);
    const held = queue.push(entry(1, 0, 0, 0));
    queue.push(entry(2, 0, 0, 0));
    expect(queue.pop()).toBe(held);
    queue.cancel(held);
    expect(queue.size).toBe(1);
  });

  it('property: any mix of pushes, cancels and pops yields the live entries in sorted order', () => {
    type Op = { kind: 'push'; t: number; actor: number; step: number } | { kind: 'cancel'; pick: number } | { kind: 'pop' };
    const op = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), t: fc.integer({ min: 0, max: 20 }), actor: fc.integer({ min: -1, max: 3 }), step: fc.integer({ min: 0, max: 5 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('pop' as const)}) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops: Op[]) => {
        const queue = new EventQueue<number>(1_000);
        const live: QueueEntry<number>[] = [];
        let serial = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            // index unique per push so the key is total, as in the supervisor
            live.push(queue.push({ t: o.t, actor: o.actor, step: o.step, index: serial, payload: serial, cancelled: false }));
            serial++;
          } else if (o.kind === 'cancel' && live.length > 0) {
            const [victim] = live.splice(o.pick % live.length, 1);
            queue.cancel(victim!);
          } else if (o.kind === 'pop') {
            const expected = [...live].sort(compareEntries)[0];
            const got = queue.pop();
            expect(got).toBe(expected);
            if (got !== undefined) live.splice(live.indexOf(got), 1);
          }
          expect(queue.size).toBe(live.length);
        }
        const rest = drain(queue);
        expect(rest).toEqual([...live].sort(compareEntries));
        for (let i = 1; i < rest.length; i++) expect(compareEntries(rest[i - 1]!, rest[i]!)).toBeLessThan(0);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
