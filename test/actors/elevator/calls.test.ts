import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { activeHallPairs, cabActive, callsEqual, callsStamp, emptyCalls, hallActive, mergeCalls, pressHall, serveHall, updateCab, type Calls } from '../../../src/actors/elevator/calls.ts';

describe('call counters', () => {
  it('a press makes a hall call active and a service covers it', () => {
    const pressed = pressHall(emptyCalls(3, 4), 2, 1, 0);
    expect(hallActive(pressed, 2, 1)).toBe(true);
    expect(hallActive(pressed, 2, 0)).toBe(false);
    expect(hallActive(serveHall(pressed, 2, 1), 2, 1)).toBe(false);
  });

  it('keeps a press made behind a partition after the other side served the call', () => {
    const before = pressHall(emptyCalls(3, 4), 1, 0, 0);
    const servedOnA = serveHall(before, 1, 0); // side A served what it knew
    const pressedOnB = pressHall(before, 1, 0, 2); // side B's panel was pressed meanwhile
    expect(hallActive(mergeCalls(servedOnA, pressedOnB), 1, 0)).toBe(true);
    expect(hallActive(mergeCalls(pressedOnB, servedOnA), 1, 0)).toBe(true);
  });

  it('never brings back a served call from a stale copy (an old disk)', () => {
    const stale = pressHall(emptyCalls(2, 4), 3, 1, 1);
    const now = serveHall(stale, 3, 1);
    expect(hallActive(mergeCalls(now, stale), 3, 1)).toBe(false);
    expect(mergeCalls(now, stale)).toBe(now); // nothing new: the same object back
  });

  it('cab calls: a press and a service of one elevator, others untouched', () => {
    const pressed = updateCab(emptyCalls(3, 4), 1, 2, false);
    expect(cabActive(pressed, 1, 2)).toBe(true);
    expect(cabActive(pressed, 0, 2)).toBe(false);
    expect(cabActive(updateCab(pressed, 1, 2, true), 1, 2)).toBe(false);
  });

  it('merge is commutative, associative and idempotent, and the stamp grows with every change (property)', () => {
    const op = fc.record({ kind: fc.constantFrom('press', 'serve', 'cab', 'cabServe'), e: fc.nat(2), f: fc.nat(3), d: fc.constantFrom(0 as const, 1 as const) });
    const calls = fc.array(op, { maxLength: 12 }).map((ops) => ops.reduce<Calls>((c, o) => {
      if (o.kind === 'press') return pressHall(c, o.f, o.d, o.e);
      if (o.kind === 'serve') return serveHall(c, o.f, o.d);
      return updateCab(c, o.e, o.f, o.kind === 'cabServe');
    }, emptyCalls(3, 4)));
    fc.assert(fc.property(calls, calls, calls, (a, b, c) => {
      expect(callsEqual(mergeCalls(a, b), mergeCalls(b, a))).toBe(true);
      expect(callsEqual(mergeCalls(mergeCalls(a, b), c), mergeCalls(a, mergeCalls(b, c)))).toBe(true);
      expect(callsEqual(mergeCalls(a, a), a)).toBe(true);
      const merged = mergeCalls(a, b);
      expect(callsStamp(merged)).toBeGreaterThanOrEqual(Math.max(callsStamp(a), callsStamp(b)));
      // A call active in the merge was active in one of the two (no call is invented).
      activeHallPairs(merged).forEach((pair, f) => pair.forEach((on, d) => {
        if (on) expect(hallActive(a, f, d as 0 | 1) || hallActive(b, f, d as 0 | 1)).toBe(true);
      }));
    }), { numRuns: 200 });
  });
});
