/**
 * Device actors: real hardware whose answers and facts are recorded inputs, so a realtime
 * run replays exactly in sim with the device inert — also when the run was stopped early
 * and when the device failed.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTroupeError, replayTrace, runScenario, writeTrace, type Supervisor } from '../../src/runtime/index.ts';

const fixture = 'test/fixtures/scenarios/device-echo.ts';

describe('device actors', () => {
  it('answer with messages and facts recorded as inputs; a failing receive is a device.error fact, not a crash', async () => {
    const run = await runScenario(fixture, { host: 'inline', pacing: 'realtime', durationMs: 500 });
    const inputs = run.records.filter((record) => record.kind === 'input');
    expect(inputs.some((record) => record.kind === 'input' && record.input.kind === 'fact')).toBe(true);
    expect(inputs.some((record) => record.kind === 'input' && record.input.kind === 'message')).toBe(true);
    const facts = run.records.filter((record) => record.kind === 'fact');
    expect(facts.filter((f) => f.kind === 'fact' && f.name === 'answer').length).toBeGreaterThanOrEqual(5);
    expect(facts.filter((f) => f.kind === 'fact' && f.actor === 'echo' && f.name === 'device.error')).toEqual([
      expect.objectContaining({ value: { message: 'receive failed: the device is unplugged' } }),
    ]);
    expect(run.records.filter((record) => record.kind === 'crash')).toEqual([]);
  });

  it('a realtime run stopped early replays exactly, up to where it stopped, without the device', async () => {
    let supervisor: Supervisor | undefined;
    setTimeout(() => supervisor?.stop(), 400);
    const run = await runScenario(fixture, { host: 'inline', pacing: 'realtime', onSupervisor: (s) => (supervisor = s) });
    const end = run.records[run.records.length - 1]!;
    expect(end.kind === 'end' && end.stoppedBefore !== undefined).toBe(true);
    expect(end.t).toBeLessThan(2_000);
    const path = join(mkdtempSync(join(tmpdir(), 'troupe-device-')), 'run.jsonl');
    writeTrace(path, run.header, run.records);
    for (const host of ['inline', 'worker'] as const) {
      const replay = await replayTrace(path, { host });
      expect(replay.divergence).toBeUndefined();
      expect(replay.matches).toBe(true);
    }
  });

  it('are refused in sim pacing, which cannot wait for the wall clock', async () => {
    const error = await runScenario(fixture, { host: 'inline', pacing: 'sim' }).catch((e: unknown) => e);
    expect(isTroupeError(error, 'OPTION_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/device actors \(echo\).*--pacing realtime/);
  });
});
