import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime/index.ts';

// test/scenarios/determinism.test.ts runs every scenario on seeds 1-3, inline and in
// workers; this file keeps one fast inline seed per scenario and pins who leads after a restart.
describe('mirror scenarios (inline, seed 1)', () => {
  for (const name of ['startup', 'leader-crash', 'partition', 'gossip-loss', 'strip-unreachable', 'restart-higher']) {
    it(`${name}: every check passes`, async () => {
      for (const seed of [1]) {
        const result = await runScenario(`scenarios/mirror/${name}.ts`, { seed, host: 'inline' });
        expect(result.checks.filter((check) => !check.ok), `seed ${seed}`).toEqual([]);
      }
    }, 60_000);
  }

  it('restart-higher: the returning bulb (highest UUID) leads at the end', async () => {
    const result = await runScenario('scenarios/mirror/restart-higher.ts', { seed: 2, host: 'inline' });
    const crashed = (result.records.find((r) => r.kind === 'crash') as { actor: string }).actor;
    const leaders = result.records.filter((r) => r.kind === 'fact' && r.name === 'role' && r.value === 'leader') as { actor: string; t: number }[];
    expect(leaders[leaders.length - 1]!.actor).toBe(crashed);
    expect(leaders.some((r) => r.actor !== crashed && r.t > 6000 && r.t < 14_000)).toBe(true);
  }, 30_000);
});
