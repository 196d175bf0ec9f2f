import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/index.ts';

describe('virtual clock', () => {
  it('runs entries one deadline at a time, equal deadlines in the order set, and an entry set while running at its own time', () => {
    const clock = new VirtualClock();
    const owner = {};
    const ran: [string, number][] = [];
    clock.schedule(20, owner, () => ran.push(['b', clock.nowMs]));
    clock.schedule(10, owner, () => {
      ran.push(['a', clock.nowMs]);
      clock.schedule(clock.nowMs + 5, owner, () => ran.push(['a+5', clock.nowMs]));
    });
    clock.schedule(20, owner, () => ran.push(['c', clock.nowMs]));
    expect(clock.advance(100)).toBe(4);
    expect(ran).toEqual([['a', 10], ['a+5', 15], ['b', 20], ['c', 20]]);
    expect(clock.nowMs).toBe(100);
    expect(clock.advanceToNext()).toBeUndefined();
  });

  it('cancels one entry or all of an owner, and counts what an owner has pending', () => {
    const clock = new VirtualClock();
    const [a, b] = [{}, {}];
    const id = clock.schedule(10, a, () => {});
    clock.schedule(20, a, () => {});
    clock.schedule(30, b, () => {});
    expect([clock.pendingOf(a), clock.pendingOf(b), clock.pendingCount]).toEqual([2, 1, 3]);
    clock.cancel(id);
    expect(clock.nextDueMs).toBe(20);
    clock.cancelOwner(a);
    expect([clock.pendingOf(a), clock.nextDueMs]).toEqual([0, 30]);
  });

  it('throws at pendingMax naming the owner, and refuses to go back in time', () => {
    const clock = new VirtualClock(2);
    clock.schedule(1, {}, () => {});
    clock.schedule(1, {}, () => {});
    expect(() => clock.schedule(1, {}, () => {}, "actor 'x'")).toThrow(/actor 'x' has 2 timers and messages pending \(pendingMax\)/);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.advanceTo(50);
    clock.advanceTo(10);
    expect(clock.nowMs).toBe(50);
  });
});
