/**
 * 200 random chat runs inline (random workload, random faults within the two-failure
 * bound, some loss and duplication): every promise of the chat service holds on each.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime/index.ts';
import { randomChatScenario } from './randomChat.ts';

const seedsTotal = 200;
const seedsPerTest = 50;

describe('chat: random runs within the two-failure bound', () => {
  for (let first = 1; first <= seedsTotal; first += seedsPerTest) {
    it(`seeds ${first}-${first + seedsPerTest - 1}: no check fails`, async () => {
      const failures: string[] = [];
      for (let seed = first; seed < first + seedsPerTest; seed++) {
        const result = await runScenario(randomChatScenario(seed), { seed, host: 'inline' });
        for (const check of result.checks) if (!check.ok) failures.push(`seed ${seed}: ${check.name}: ${check.detail}`);
      }
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
