import { describe, expect, it } from 'vitest';
import { ActorRunner } from '../../../src/runtime/host/actorRunner.ts';
import type { HostEvent, StepResult } from '../../../src/runtime/messages.ts';
import { streamer } from '../../../src/actors/datahub/index.ts';

/** Drives one machine with a virtual clock: timers fire in order; returns every send. */
class Harness {
  readonly runner: ActorRunner;
  readonly sends: { t: number; to: string; event: Record<string, unknown> }[] = [];
  private timers: { timer: number; dueMs: number }[] = [];
  private nowMs = 0;
  constructor(input: Record<string, unknown>) {
    this.runner = new ActorRunner('pi-1.eeg', streamer, { seed: 3, ...input });
    this.apply(this.runner.runWindow({ windowEndMs: 0, clockRate: 1, events: [{ kind: 'start', t: 0, mode: 'initial' }] }));
  }
  advance(toMs: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.dueMs - b.dueMs || a.timer - b.timer);
      const next = this.timers[0];
      if (next === undefined || next.dueMs > toMs) break;
      this.timers.shift();
      this.nowMs = next.dueMs;
      this.run({ kind: 'timer', t: next.dueMs, timer: next.timer });
    }
    this.nowMs = toMs;
  }
  deliver(from: string, event: Record<string, unknown> & { type: string }): void {
    this.run({ kind: 'deliver', t: this.nowMs, msg: 0, from, event });
  }
  frames(): number[] {
    return this.sends.filter((s) => s.event.type === 'FRAME').map((s) => s.event.seq as number);
  }
  private run(event: HostEvent): void {
    this.apply(this.runner.runWindow({ windowEndMs: event.t, clockRate: 1, events: [event] }));
  }
  private apply(result: ReturnType<ActorRunner['runWindow']>): void {
    if (!result.ok) throw new Error('crashed');
    for (const step of result.steps as StepResult[]) {
      this.timers = this.timers.filter((t) => !step.timersCleared.includes(t.timer));
      this.timers.push(...step.timersSet);
      for (const send of step.sends) this.sends.push({ t: step.t, to: send.to, event: send.event as Record<string, unknown> });
      if (step.error) throw new Error(step.error.message);
    }
  }
}

describe('streamer', () => {
  it('searches every search period until welcomed, then streams numbered frames with sent counts', () => {
    const pi = new Harness({ pi: 'pi-1', kind: 'eeg', hub: 'hub', searchPeriodMs: 1_000 });
    pi.advance(2_500);
    expect(pi.sends.filter((s) => s.event.type === 'HELLO').map((s) => s.t)).toEqual([0, 1_000, 2_000]);
    pi.deliver('handler-1', { type: 'WELCOME', conn: '1/3', handler: 'handler-1' });
    pi.advance(3_000);
    const frames = pi.sends.filter((s) => s.event.type === 'FRAME');
    expect(frames.map((s) => s.event.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(frames.map((s) => s.event.sentCount)).toEqual([1, 2, 3, 4, 5]);
    expect((frames[0]!.event.payload as ArrayBuffer).byteLength).toBe(25 * 33);
  });

  it('ignores a second START: one frame per period, never two loops', () => {
    const pi = new Harness({ pi: 'pi-1', kind: 'eeg', hub: 'hub' });
    pi.deliver('handler-1', { type: 'WELCOME', conn: '1/1', handler: 'handler-1' });
    pi.advance(1_000);
    for (let i = 0; i < 3; i++) pi.deliver('hub', { type: 'CONTROL', source: 'pi-1.eeg', command: 'START' });
    pi.advance(2_000);
    const times = pi.sends.filter((s) => s.event.type === 'FRAME').map((s) => s.t);
    expect(times.length).toBe(20);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(100, 6);
  });

  it('stops on STOP, stays stopped on a second STOP, and goes back to searching on RESET', () => {
    const pi = new Harness({ pi: 'pi-1', kind: 'eeg', hub: 'hub' });
    pi.deliver('handler-1', { type: 'WELCOME', conn: '1/1', handler: 'handler-1' });
    pi.advance(500);
    pi.deliver('hub', { type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' });
    pi.deliver('hub', { type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' });
    const before = pi.frames().length;
    pi.advance(1_500);
    expect(pi.frames().length).toBe(before);
    pi.deliver('handler-1', { type: 'RESET', conn: '1/1' });
    expect(pi.sends[pi.sends.length - 1]!.event.type).toBe('HELLO');
  });

  it('returns to searching when the hub stays silent', () => {
    const pi = new Harness({ pi: 'pi-1', kind: 'eeg', hub: 'hub', hubSilenceMs: 1_000, searchPeriodMs: 5_000 });
    pi.deliver('handler-1', { type: 'WELCOME', conn: '1/1', handler: 'handler-1' });
    pi.advance(1_050);
    expect(pi.sends.filter((s) => s.event.type === 'HELLO').map((s) => s.t)).toEqual([0, 1_000]);
  });

  it('cuts video frame rate when the hub reports frames piling up in flight', () => {
    const pi = new Harness({ pi: 'pi-1', kind: 'video', hub: 'hub', fps: 10, frameBytes: 500, targetLagMs: 300 });
    pi.deliver('handler-1', { type: 'WELCOME', conn: '1/1', handler: 'handler-1' });
    pi.advance(2_000);
    pi.deliver('handler-1', { type: 'RATE', conn: '1/1', receivedPerS: 5, lost: 0, lastSeq: 5 });
    const last = () => pi.sends.filter((s) => s.event.type === 'FRAME').pop()!.event;
    pi.advance(2_500);
    expect(last().fps).toBeLessThan(10);
    expect(last().quality).toBeLessThan(75);
  });
});
