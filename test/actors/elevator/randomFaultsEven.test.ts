/** The even seeds of 1..200 of the random-fault run (see randomFaults.test.ts). */
import { describe, expect, it } from 'vitest';
import { failedChecksOnSeeds } from './randomSeeds.ts';

describe('elevators under random faults', () => {
  it('hold every check on the 100 even seeds of 1..200', async () => {
    const seeds = Array.from({ length: 100 }, (_, i) => 2 * i + 2);
    expect(await failedChecksOnSeeds(seeds)).toEqual([]);
  }, 180_000);
});
