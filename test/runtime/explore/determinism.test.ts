import { describe, expect, it } from 'vitest';
import { checkDeterminism } from '../../../src/runtime/explore/determinism.ts';

describe('checkDeterminism', () => {
  it('reports equal hashes for a deterministic scenario, inline twice and in workers', async () => {
    const report = await checkDeterminism('test/fixtures/explore/ordering.ts', 2, { orphansMax: 6 });
    expect(report.ok).toBe(true);
    expect(new Set(Object.values(report.hashes)).size).toBe(1);
    expect(report.divergence).toBeUndefined();
  });

  it('names the first differing record and the actor that used Math.random', async () => {
    // The fixture's picker chooses its ping target with Math.random; it may need a few seeds to differ.
    let report = await checkDeterminism('test/fixtures/scenarios/nondeterministic.ts', 1);
    for (let seed = 2; report.ok && seed < 5; seed++) report = await checkDeterminism('test/fixtures/scenarios/nondeterministic.ts', seed);
    expect(report.ok).toBe(false);
    expect(report.divergence!.actor).toBe('picker');
    expect(report.divergence!.seq).toBeGreaterThanOrEqual(0);
    expect(report.divergence!.expected).not.toEqual(report.divergence!.actual);
  });
});
