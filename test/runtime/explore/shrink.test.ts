import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ddmin } from '../../../src/runtime/explore/shrink.ts';

describe('ddmin', () => {
  it('finds the two items that together cause a failure', async () => {
    let runs = 0;
    const result = await ddmin([1, 2, 3, 4, 5, 6, 7, 8], async (subset) => {
      runs++;
      return subset.includes(3) && subset.includes(7);
    });
    expect(result).toEqual([3, 7]);
    expect(runs).toBeLessThan(30);
  });

  it('returns the empty list when the failure needs none of the items', async () => {
    expect(await ddmin([1, 2, 3], async () => true)).toEqual([]);
  });

  it('returns a 1-minimal subset: removing any single item makes the failure go away', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 3 }), async (items, k) => {
        const cause = items.slice(0, Math.min(k, items.length));
        const fails = async (subset: number[]) => cause.every((item) => subset.includes(item));
        const result = await ddmin(items, fails);
        expect(await fails(result)).toBe(true);
        for (const item of result) expect(await fails(result.filter((x) => x !== item))).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
