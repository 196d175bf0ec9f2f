import { describe, expect, it } from 'vitest';
import { RecordBatcher, thin, isPriorityRecord, parseCommand } from '../../src/web/index.ts';
import type { TraceRecord } from '../../src/runtime/index.ts';

const timer = (seq: number): TraceRecord => ({ seq, t: seq, kind: 'timer', actor: 'vm-1', timer: 1, digest: 'x' });
const crash = (seq: number): TraceRecord => ({ seq, t: seq, kind: 'crash', actor: 'vm-2', reason: 'killed', message: 'by a fault' });
const role = (seq: number): TraceRecord => ({ seq, t: seq, kind: 'fact', actor: 'vm-3', name: 'role', value: 'leader' });

describe('record batching', () => {
  it('thins bulk records to the budget but keeps every crash and role fact, in order', () => {
    const records = Array.from({ length: 1_000 }, (_, i) => (i === 500 ? crash(i) : i === 700 ? role(i) : timer(i)));
    const kept = thin(records, 50);
    expect(kept.filter((r) => !isPriorityRecord(r)).length).toBeLessThanOrEqual(50);
    expect(kept.map((r) => r.kind)).toContain('crash');
    expect(kept.some((r) => r.kind === 'fact' && r.value === 'leader')).toBe(true);
    expect(kept.map((r) => r.seq)).toEqual([...kept.map((r) => r.seq)].sort((a, b) => a - b));
  });

  it('counts every record of an interval, sent or thinned, and bounds what it holds', () => {
    const batcher = new RecordBatcher({ recordsPerSecondMax: 1_000, flushIntervalMs: 100, pendingRecordsMax: 400 });
    for (let i = 0; i < 1_000; i++) batcher.push(timer(i));
    expect(batcher.size).toBeLessThanOrEqual(400);
    const batch = batcher.flush(100)!;
    expect(batch.counts.timer).toBe(1_000);
    expect(batch.records.length + batch.thinned).toBe(1_000);
    expect(batch.records.length).toBeLessThanOrEqual(100);
    expect(batch.lastSeq).toBe(999);
    expect(batcher.flush()).toBeUndefined();
  });
});

describe('commands', () => {
  const context = { actors: ['vm-1', 'vm-2'], ended: false, paused: false, pacing: 'paced' };
  it('accept the max speed and refuse everything that changes the run once it has ended', () => {
    expect(parseCommand({ op: 'speed', speed: 'max' }, context)).toEqual({ op: 'speed', speed: 'max' });
    expect(() => parseCommand({ op: 'heal' }, { ...context, ended: true })).toThrow(/has ended/);
    expect(parseCommand({ op: 'inspect', actor: 'vm-1' }, { ...context, ended: true })).toEqual({ op: 'inspect', actor: 'vm-1' });
  });
});
