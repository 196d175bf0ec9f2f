/**
 * Bad input from every side is a coded error naming what was wrong, and never takes more
 * down than it must: a worker's malformed envelope crashes that actor only; a message to an
 * unknown actor is dropped and the run goes on; bad scenarios, traces and live commands are
 * rejected with their field or line named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caught } from '../support/caught.ts';
import {
  defineScenario, isTroupeError, loadScenario, parseTrace, readTrace, replayTrace, runScenario, writeTrace,
  type ExternalInput, type Supervisor, type TroupeError,
} from '../../src/runtime/index.ts';
import { ticker } from '../fixtures/machines.ts';

const dir = mkdtempSync(join(tmpdir(), 'troupe-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a malformed envelope from a worker', () => {
  it('crashes that actor only, with an ENVELOPE_INVALID message; the others run on', async () => {
    const { records } = await runScenario('test/fixtures/scenarios/bad-envelope.ts', { seed: 1, host: 'worker' });
    const crashes = records.filter((r) => r.kind === 'crash');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ t: 200, actor: 'forger', reason: 'error' });
    expect(crashes[0]!.kind === 'crash' && crashes[0]!.message).toMatch(/^ENVELOPE_INVALID: .*999999/);
    // restart mode 'never': nothing more from the forger.
    expect(records.filter((r) => 'actor' in r && r.actor === 'forger' && r.t > 200)).toEqual([]);
    expect(records.filter((r) => r.kind === 'fact' && r.actor === 'ticker').map((r) => r.t)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(records.at(-1)).toMatchObject({ kind: 'end', t: 1_000 });
  });
});

describe('a payload that cannot cross threads', () => {
  it('crashes the sender alike in a worker and inline, so both hosts give the same trace', async () => {
    const worker = await runScenario('test/fixtures/scenarios/uncloneable.ts', { seed: 1, host: 'worker' });
    expect(worker.records.filter((r) => r.kind === 'crash')).toEqual([expect.objectContaining({ t: 100, actor: 'sender', reason: 'error' })]);
    expect(worker.records.filter((r) => r.kind === 'fact' && r.actor === 'ticker').map((r) => r.t)).toEqual([100, 200, 300]);
    const inline = await runScenario('test/fixtures/scenarios/uncloneable.ts', { seed: 1, host: 'inline' });
    expect(inline.records.filter((r) => r.kind === 'crash')).toHaveLength(1);
    expect(inline.traceHash).toBe(worker.traceHash);
  });
});

describe('a message to an unknown actor', () => {
  it('is a send with no delivery, a drop unknown-target and an UNKNOWN_ACTOR error record; the run goes on', async () => {
    const scenario = defineScenario({
      name: 'fixtures/unknown-target', description: 'a pings nobody', durationMs: 350,
      actors: [{ id: 'a', machine: ticker, input: { peer: 'nobody' } }],
    });
    const { records } = await runScenario(scenario, { host: 'inline' });
    const at100 = records.filter((r) => r.t === 100 && r.kind !== 'timer' && r.kind !== 'fact');
    expect(at100.map((r) => r.kind)).toEqual(['send', 'drop', 'error']);
    expect(at100[0]).toMatchObject({ actor: 'a', to: 'nobody', deliverAtMs: [] });
    expect(at100[1]).toMatchObject({ actor: 'nobody', reason: 'unknown-target', msg: (at100[0] as { msg: number }).msg });
    expect(at100[2]).toMatchObject({ actor: 'a', code: 'UNKNOWN_ACTOR' });
    expect((at100[2] as { message: string }).message).toContain('nobody');
    expect(records.filter((r) => r.kind === 'fact').map((r) => r.t)).toEqual([100, 200, 300]);
    expect(records.filter((r) => r.kind === 'crash')).toEqual([]);
  });
});

describe('an invalid scenario', () => {
  const base = { name: 'fixtures/bad', description: 'x', durationMs: 100, actors: [{ id: 'a', machine: ticker }] };
  it.each([
    ['durationMs', '{ durationMs: 0 }', { durationMs: 0 }],
    ['durationMs', '{ durationMs: -5 }', { durationMs: -5 }],
    ['durationMs', '{ durationMs: Number.NaN }', { durationMs: Number.NaN }],
    ['durationMs', "{ durationMs: '100' }", { durationMs: '100' }],
    ['name', "{ name: 'no spaces allowed' }", { name: 'no spaces allowed' }],
    ['description', "{ description: '' }", { description: '' }],
    ['actors', '{ actors: [] }', { actors: [] }],
    ['actors', "{ actors: 'a' }", { actors: 'a' }],
    ['actors[1].id', "{ actors: [{ id: 'a', machine }, { id: 'a', machine }] }", { actors: [{ id: 'a', machine: ticker }, { id: 'a', machine: ticker }] }],
    ['actors[0].id', "{ actors: [{ id: 'a b', machine }] }", { actors: [{ id: 'a b', machine: ticker }] }],
    ['actors[0].machine', "{ actors: [{ id: 'a', machine: { not: 'a machine' } }] }", { actors: [{ id: 'a', machine: { not: 'a machine' } }] }],
    ['actors[0].machine', "{ actors: [{ id: 'a' }] }", { actors: [{ id: 'a' }] }],
    ['checks[0]', "{ checks: [{ name: 'no function' }] }", { checks: [{ name: 'no function' }] }],
  ] as [string, string, object][])('SCENARIO_INVALID naming %s: %s', (field, _label, change) => {
    const error = caught(() => defineScenario({ ...base, ...change } as never));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.detail.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('an actor list from a function is validated when the run starts', async () => {
    const scenario = defineScenario({ ...base, actors: () => [{ id: 'x', machine: ticker }, { id: 'x', machine: ticker }] });
    await expect(runScenario(scenario, { host: 'inline' })).rejects.toMatchObject({ code: 'SCENARIO_INVALID', detail: { field: 'actors[1].id' } });
  });

  it('a missing scenario file is SCENARIO_NOT_FOUND; a file without a scenario export too', async () => {
    await expect(loadScenario('test/fixtures/scenarios/does-not-exist.ts')).rejects.toMatchObject({ code: 'SCENARIO_NOT_FOUND' });
    await expect(loadScenario('test/fixtures/machines.ts')).rejects.toMatchObject({ code: 'SCENARIO_NOT_FOUND' });
  });

  it.each([
    [{ seed: -1 }, /seed/],
    [{ seed: 1.5 }, /seed/],
    [{ host: 'cloud' }, /host/],
    [{ pacing: 'warp' }, /pacing/],
    [{ durationMs: 0 }, /duration/],
    [{ speed: 0, pacing: 'paced' }, /speed/],
    [{ params: { nope: 1 } }, /nope/],
  ])('run option %j is OPTION_INVALID naming it', async (options, pattern) => {
    const scenario = defineScenario(base);
    const error = await runScenario(scenario, { host: 'inline', ...(options as object) }).then(() => undefined, (e: unknown) => e);
    expect(isTroupeError(error, 'OPTION_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  });
});

describe('an invalid trace', () => {
  async function goodTraceText(): Promise<string> {
    const run = await runScenario('test/fixtures/scenarios/ping-ticker.ts', { seed: 1, host: 'inline', durationMs: 300 });
    const path = join(dir, 'good.jsonl');
    writeTrace(path, run.header, run.records);
    const { readFileSync } = await import('node:fs');
    return readFileSync(path, 'utf8');
  }

  it('reads back a well-formed trace', async () => {
    const text = await goodTraceText();
    const { records } = parseTrace(text);
    expect(records.at(-1)?.kind).toBe('end');
  });

  it('a file cut mid-line is TRACE_INVALID naming the incomplete line', async () => {
    const text = await goodTraceText();
    const cut = text.slice(0, text.length - 20);
    const incompleteLine = cut.split('\n').length;
    const path = join(dir, 'truncated.jsonl');
    writeFileSync(path, cut);
    const error = caught(() => readTrace(path));
    expect(error.code).toBe('TRACE_INVALID');
    expect(error.message).toMatch(/truncated/);
    expect(error.detail.line).toBe(incompleteLine);
    await expect(replayTrace(path, { host: 'inline' })).rejects.toMatchObject({ code: 'TRACE_INVALID' });
  });

  it('a file cut at a line boundary (no end record) is TRACE_INVALID', async () => {
    const lines = (await goodTraceText()).split('\n');
    const error = caught(() => parseTrace(lines.slice(0, 6).join('\n') + '\n'));
    expect(error.code).toBe('TRACE_INVALID');
    expect(error.message).toMatch(/end/);
  });

  it('a line that is not JSON is TRACE_INVALID naming that line', async () => {
    const lines = (await goodTraceText()).split('\n');
    lines[2] = '{"seq":1,"t":0,"kind":"start",';
    const error = caught(() => parseTrace(lines.join('\n'), 'x.jsonl'));
    expect(error.code).toBe('TRACE_INVALID');
    expect(error.detail.line).toBe(3);
    expect(error.message).toContain('line 3');
  });

  it('a record out of sequence is TRACE_INVALID naming its line', async () => {
    const lines = (await goodTraceText()).split('\n');
    lines.splice(4, 1); // drop record 3 (line 5): line 5 now holds record 4
    const error = caught(() => parseTrace(lines.join('\n')));
    expect(error.detail.line).toBe(5);
    expect(error.message).toContain('line 5');
  });

  it('a header that is not a troupe header, or of another format version, is TRACE_INVALID', async () => {
    const lines = (await goodTraceText()).split('\n');
    expect(caught(() => parseTrace(['[1,2]', ...lines.slice(1)].join('\n'))).detail.line).toBe(1);
    expect(caught(() => parseTrace([JSON.stringify({ kind: 'record' }), ...lines.slice(1)].join('\n'))).detail.line).toBe(1);
    const header = { ...JSON.parse(lines[0]!), troupe: 99 };
    expect(caught(() => parseTrace([JSON.stringify(header), ...lines.slice(1)].join('\n'))).message).toMatch(/format 99/);
    expect(caught(() => parseTrace('')).code).toBe('TRACE_INVALID');
    expect(caught(() => readTrace(join(dir, 'missing.jsonl'))).code).toBe('TRACE_INVALID');
  });
});

describe('bad live commands', () => {
  it('are rejected with COMMAND_INVALID, UNKNOWN_ACTOR or FAULT_INVALID, nothing is recorded, and the run goes on', async () => {
    const bad: [unknown, string][] = [
      [{ kind: 'teleport' }, 'COMMAND_INVALID'],
      [null, 'COMMAND_INVALID'],
      [{ kind: 'message', to: 'ghost', from: 'ui', event: { type: 'PING', n: 1 } }, 'UNKNOWN_ACTOR'],
      [{ kind: 'message', to: 'a', from: 'ui', event: { n: 1 } }, 'COMMAND_INVALID'],
      [{ kind: 'message', to: 'a', from: 'ui' }, 'COMMAND_INVALID'],
      [{ kind: 'fault', fault: { action: 'loss', probability: 3 } }, 'FAULT_INVALID'],
      [{ kind: 'fault', fault: { action: 'crash', targets: ['ghost'] } }, 'FAULT_INVALID'],
      [{ kind: 'fault' }, 'FAULT_INVALID'],
    ];
    const codes: string[] = [];
    let supervisor: Supervisor | undefined;
    const scenario = defineScenario({
      name: 'fixtures/commands', description: 'a ticks', durationMs: 500, actors: [{ id: 'a', machine: ticker }],
    });
    const run = await runScenario(scenario, {
      host: 'inline',
      onSupervisor: (s) => {
        supervisor = s;
        s.trace.subscribe((record) => {
          if (record.kind !== 'fact' || record.value !== 2) return;
          for (const [input] of bad) {
            try {
              s.submit(input as ExternalInput);
              codes.push('accepted');
            } catch (error) {
              codes.push(isTroupeError(error) ? error.code : `not a TroupeError: ${String(error)}`);
            }
          }
        });
      },
    });
    expect(codes).toEqual(bad.map(([, code]) => code));
    expect(run.records.filter((r) => r.kind === 'input')).toEqual([]);
    expect(run.records.filter((r) => r.kind === 'fact').map((r) => r.t)).toEqual([100, 200, 300, 400]);
    expect(() => supervisor!.submit({ kind: 'message', to: 'a', from: 'ui', event: { type: 'PING' } })).toThrow(expect.objectContaining({ code: 'COMMAND_INVALID' }));
    await expect(supervisor!.inspect('ghost')).rejects.toMatchObject({ code: 'UNKNOWN_ACTOR' });
  });
});
