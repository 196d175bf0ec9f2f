import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime/index.ts';

describe('datahub scenarios', () => {
  it('shared uplink: without backpressure the latency bound fails (the check can fail)', async () => {
    const result = await runScenario('scenarios/datahub/shared-uplink.ts', { seed: 1, host: 'inline', params: { adapt: false } });
    const latency = result.checks.find((check) => check.name.includes('arrive within'))!;
    expect(latency.ok).toBe(false);
  }, 20_000);

  it('shared uplink: with backpressure every check holds', async () => {
    const result = await runScenario('scenarios/datahub/shared-uplink.ts', { seed: 2, host: 'inline' });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
  }, 20_000);
});
