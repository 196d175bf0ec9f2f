import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignHallRequests } from '../../../src/actors/elevator/assigner.ts';
import type { AssignerElevatorState, AssignerInput, HallPair } from '../../../src/actors/elevator/assigner.ts';
import { isTroupeError } from '../../../src/runtime/errors.ts';

const F = false;
const T = true;
const none = (floors: number): HallPair[] => Array.from({ length: floors }, (): HallPair => [F, F]);
const idle = (floor: number, cab = [F, F, F, F]): AssignerElevatorState => ({ behaviour: 'idle', floor, direction: 'stop', cabRequests: cab });

function expectInputError(input: unknown, field: string): void {
  try {
    assignHallRequests(input as AssignerInput);
  } catch (error) {
    expect(isTroupeError(error, 'ELEVATOR_ASSIGNER_INPUT')).toBe(true);
    expect((error as { detail: { field: string } }).detail.field).toBe(field);
    return;
  }
  throw new Error(`expected an ELEVATOR_ASSIGNER_INPUT error on ${field}`);
}

describe('assignHallRequests', () => {
  it('gives exactly the output stated in SYSTEMS.md §5 for its example', () => {
    const input = JSON.parse(`{"hallRequests":[[false,false],[true,false],[false,false],[false,true]],
      "states":{"one":{"behaviour":"moving","floor":2,"direction":"up","cabRequests":[false,false,true,true]},
                "two":{"behaviour":"idle","floor":0,"direction":"stop","cabRequests":[false,false,false,false]}}}`);
    expect(JSON.stringify(assignHallRequests(input))).toBe(
      '{"one":[[false,false],[false,false],[false,false],[false,true]],"two":[[false,false],[true,false],[false,false],[false,false]]}',
    );
  });

  it('gives a single elevator every hall call', () => {
    const hallRequests: HallPair[] = [[T, F], [T, T], [F, T], [F, T]];
    const out = assignHallRequests({ hallRequests, states: { solo: idle(2) } });
    expect(out).toEqual({ solo: hallRequests });
  });

  it('gives the call to an idle elevator already at its floor, even over a lower id', () => {
    // "b" takes the call in its initial move; "a" would need a trip.
    const out = assignHallRequests({ hallRequests: [[F, F], [F, F], [F, T], [F, F]], states: { a: idle(0), b: idle(2) } });
    expect(out.b[2]).toEqual([F, T]);
    expect(out.a).toEqual(none(4));
  });

  it('breaks a tie between identical elevators towards the lowest id, whatever the key order', () => {
    // Both idle at 0, call at 2: both reach floor 2 at 5 s, "a" one microsecond earlier.
    const hallRequests: HallPair[] = [[F, F], [F, F], [T, F], [F, F]];
    const out = assignHallRequests({ hallRequests, states: { b: idle(0), a: idle(0) } });
    expect(out.a[2]).toEqual([T, F]);
    expect(out.b).toEqual(none(4));
    // Both idle at the calling floor: the lowest id takes it in its initial move.
    const atFloor = assignHallRequests({ hallRequests, states: { z: idle(2), y: idle(2) } });
    expect(atFloor.y[2]).toEqual([T, F]);
  });

  it('starts an open door half a door period late, so an idle elevator as far away wins', () => {
    const hallRequests: HallPair[] = [[F, F], [F, F], [F, T], [F, F]];
    // "a" idle at 1 departs at 0 s and reaches 2 at 2.5 s, before "b" comes down from 3.
    const idleOut = assignHallRequests({ hallRequests, states: { a: idle(1), b: idle(3) } });
    expect(idleOut.a[2]).toEqual([F, T]);
    // With its door open, "a" only departs at 1.5 s; "b" reaches 2 first.
    const doorOut = assignHallRequests({
      hallRequests,
      states: { a: { behaviour: 'doorOpen', floor: 1, direction: 'stop', cabRequests: [F, F, F, F] }, b: idle(3) },
    });
    expect(doorOut.b[2]).toEqual([F, T]);
    expect(doorOut.a).toEqual(none(4));
  });

  it('prefers an elevator moving towards the call over one with its door open at the same floor', () => {
    // "27" arrives at 0 after 1.25 s (half a trip); "20" has 1.5 s of door left.
    const out = assignHallRequests({
      hallRequests: [[T, F], [F, F], [F, F], [F, F]],
      states: {
        27: { behaviour: 'moving', floor: 1, direction: 'down', cabRequests: [F, F, F, F] },
        20: { behaviour: 'doorOpen', floor: 1, direction: 'down', cabRequests: [F, F, F, F] },
      },
    });
    expect(out['27'][0]).toEqual([T, F]);
  });

  it('clears in the direction of travel, so a floor with both calls can be split', () => {
    // "one" goes up from 0 and clears only "up" at 1 (more work above: 2 up); "two" comes
    // down from 3, passes 2 (its down call is not there) and clears "down" at 1.
    const out = assignHallRequests({
      hallRequests: [[F, F], [T, T], [T, F], [F, F]],
      states: {
        one: { behaviour: 'idle', floor: 0, direction: 'down', cabRequests: [F, F, F, F] },
        two: { behaviour: 'idle', floor: 3, direction: 'down', cabRequests: [F, F, F, F] },
      },
    });
    expect(out).toEqual({ one: [[F, F], [T, F], [T, F], [F, F]], two: [[F, F], [F, T], [F, F], [F, F]] });
  });

  it('gives an elevator with no calls an all-false share of the right length', () => {
    const out = assignHallRequests({
      hallRequests: [[F, F], [F, F], [F, F], [F, F], [F, F]],
      states: { a: idle(0, [F, F, F, F, F]), b: idle(4, [T, F, F, F, F]) },
    });
    expect(out).toEqual({ a: none(5), b: none(5) });
  });

  it('is deterministic: the same input gives the same output, independent of key order', () => {
    const states: AssignerInput['states'] = {
      x: { behaviour: 'moving', floor: 1, direction: 'up', cabRequests: [F, F, T, F] },
      y: idle(3),
      z: { behaviour: 'doorOpen', floor: 0, direction: 'stop', cabRequests: [F, T, F, F] },
    };
    const hallRequests: HallPair[] = [[T, F], [T, T], [F, T], [F, T]];
    const first = assignHallRequests({ hallRequests, states: structuredClone(states) });
    const reversed = Object.fromEntries(Object.entries(structuredClone(states)).reverse());
    expect(assignHallRequests({ hallRequests, states: reversed })).toEqual(first);
  });

  it('rejects malformed input with ELEVATOR_ASSIGNER_INPUT naming the field', () => {
    expectInputError({ hallRequests: [[F, F]], states: {} }, 'states');
    expectInputError({ hallRequests: [[F]], states: { a: idle(0, [F]) } }, 'hallRequests[0]');
    expectInputError({ hallRequests: none(4), states: { a: idle(0, [F, F, F]) } }, 'states.a.cabRequests');
    expectInputError({ hallRequests: none(4), states: { a: idle(4) } }, 'states.a.floor');
    expectInputError({ hallRequests: none(4), states: { a: { ...idle(0), behaviour: 'flying' } } }, 'states.a.behaviour');
    expectInputError({ hallRequests: none(4), states: { a: { ...idle(3), behaviour: 'moving', direction: 'up' } } }, 'states.a');
    expectInputError(null, 'input');
  });

  it('assigns every hall call to exactly one elevator and nothing unrequested (property)', () => {
    const scenario = fc.integer({ min: 2, max: 6 }).chain((floors) => {
      const state = fc
        .record({
          behaviour: fc.constantFrom('idle', 'moving', 'doorOpen'),
          floor: fc.integer({ min: 0, max: floors - 1 }),
          direction: fc.constantFrom('up', 'down', 'stop'),
          cabRequests: fc.array(fc.boolean(), { minLength: floors, maxLength: floors }),
        })
        .map((s) => {
          // A moving elevator cannot head out of the building: turn it around.
          if (s.behaviour === 'moving' && s.floor === floors - 1 && s.direction === 'up') return { ...s, direction: 'down' };
          if (s.behaviour === 'moving' && s.floor === 0 && s.direction === 'down') return { ...s, direction: 'up' };
          return s;
        });
      return fc.record({
        hallRequests: fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: floors, maxLength: floors }),
        states: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', '10', '9'), state, { minKeys: 1, maxKeys: 4 }),
      });
    });
    fc.assert(
      fc.property(scenario, (input) => {
        const out = assignHallRequests(input as AssignerInput);
        expect(Object.keys(out).sort()).toEqual(Object.keys(input.states).sort());
        input.hallRequests.forEach((pair, floor) => {
          for (const c of [0, 1] as const) {
            const holders = Object.values(out).filter((share) => share[floor][c]).length;
            expect(holders).toBe(pair[c] ? 1 : 0);
          }
        });
      }),
      { numRuns: 500, seed: 20240915 },
    );
  });
});
