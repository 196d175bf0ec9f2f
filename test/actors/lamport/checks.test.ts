/**
 * Each Lamport check passes a hand-made consistent trace and fails a hand-made trace that
 * violates exactly its promise.
 */
import { describe, expect, it } from 'vitest';
import { lamportChecks, type LamportLogEntry } from '../../../src/actors/lamport/index.ts';
import { TraceView, type TraceHeader, type TraceRecord } from '../../../src/runtime/index.ts';
import { defaultNetworkOptions } from '../../../src/runtime/index.ts';

const header: TraceHeader = { kind: 'header', troupe: 1, scenario: 'lamport/hand-made', seed: 1, durationMs: 10_000, network: defaultNetworkOptions, params: {} };

type Draft = TraceRecord extends infer R ? (R extends TraceRecord ? Omit<R, 'seq'> : never) : never;

function view(drafts: Draft[]): TraceView {
  const records = drafts.map((draft, seq) => ({ ...draft, seq }) as TraceRecord);
  return new TraceView(header, records, ['vm-1', 'vm-2']);
}

const start = (actor: string, t = 0): Draft => ({ t, kind: 'start', actor, mode: 'initial', digest: 'd' });
const timer = (actor: string, t: number): Draft => ({ t, kind: 'timer', actor, timer: 1, digest: 'd' });
const log = (actor: string, t: number, value: LamportLogEntry): Draft => ({ t, kind: 'fact', actor, name: 'lamport.log', value });
const send = (actor: string, to: string, t: number, msg: number, clock: number): Draft => ({ t, kind: 'send', actor, to, msg, event: { type: 'MESSAGE', clock }, deliverAtMs: [t + 1] });
const deliver = (actor: string, from: string, t: number, msg: number): Draft => ({ t, kind: 'deliver', actor, msg, from, digest: 'd' });

/** vm-1 sends clock 1 to vm-2; vm-2 ticks once internally (clock 1) then receives it (clock 2). */
function consistent(): Draft[] {
  return [
    start('vm-1'), start('vm-2'),
    timer('vm-1', 100), log('vm-1', 100, { event: 'send', clock: 1, queueLength: 0, to: ['vm-2'] }), send('vm-1', 'vm-2', 100, 1, 1),
    deliver('vm-2', 'vm-1', 105, 1),
    timer('vm-2', 150), log('vm-2', 150, { event: 'receive', clock: 2, queueLength: 0, from: 'vm-1', sentClock: 1 }),
    timer('vm-2', 300), log('vm-2', 300, { event: 'internal', clock: 3, queueLength: 0 }),
  ];
}

function results(drafts: Draft[]) {
  return Object.fromEntries(lamportChecks.map((check) => [check.name, check.check(view(drafts))]));
}

const [receiveAfterSend, clockMonotonic, logsComplete] = lamportChecks.map((check) => check.name) as [string, string, string];

describe('lamport checks', () => {
  it('all pass on a consistent trace', () => {
    for (const result of Object.values(results(consistent()))) expect(result).toMatchObject({ ok: true });
  });

  it('"every receive is later than its send" fails when a receive does not exceed the sent clock', () => {
    const drafts = consistent();
    drafts[7] = log('vm-2', 150, { event: 'receive', clock: 1, queueLength: 0, from: 'vm-1', sentClock: 1 });
    expect(results(drafts)[receiveAfterSend]).toMatchObject({ ok: false, atMs: 150 });
  });

  it('"every receive is later than its send" fails for a receive of a message never sent', () => {
    const drafts = consistent();
    drafts[7] = log('vm-2', 150, { event: 'receive', clock: 9, queueLength: 0, from: 'vm-1', sentClock: 8 });
    const result = results(drafts)[receiveAfterSend]!;
    expect(result).toMatchObject({ ok: false, atMs: 150 });
    expect(result.detail).toMatch(/never sent/);
  });

  it('"each logical clock never decreases" fails when a clock goes back, but not across a restart', () => {
    const back = consistent();
    back[9] = log('vm-2', 300, { event: 'internal', clock: 1, queueLength: 0 });
    expect(results(back)[clockMonotonic]).toMatchObject({ ok: false, atMs: 300 });
    const restarted = consistent();
    restarted.splice(8, 2, { ...start('vm-2', 250), mode: 'scratch' } as Draft, timer('vm-2', 300), log('vm-2', 300, { event: 'internal', clock: 1, queueLength: 0 }));
    expect(results(restarted)[clockMonotonic]).toMatchObject({ ok: true });
  });

  it('"logs are complete and in arrival order" fails when messages are received out of arrival order', () => {
    const drafts: Draft[] = [
      start('vm-1'), start('vm-2'),
      timer('vm-1', 100), log('vm-1', 100, { event: 'send', clock: 1, queueLength: 0, to: ['vm-2'] }), send('vm-1', 'vm-2', 100, 1, 1),
      timer('vm-1', 200), log('vm-1', 200, { event: 'send', clock: 2, queueLength: 0, to: ['vm-2'] }), send('vm-1', 'vm-2', 200, 2, 2),
      deliver('vm-2', 'vm-1', 201, 1), deliver('vm-2', 'vm-1', 202, 2),
      timer('vm-2', 300), log('vm-2', 300, { event: 'receive', clock: 3, queueLength: 1, from: 'vm-1', sentClock: 2 }),
      timer('vm-2', 400), log('vm-2', 400, { event: 'receive', clock: 4, queueLength: 0, from: 'vm-1', sentClock: 1 }),
    ];
    const result = results(drafts);
    expect(result[logsComplete]).toMatchObject({ ok: false, atMs: 300 });
    expect(result[receiveAfterSend]).toMatchObject({ ok: true });
    // Swapping the two receives back makes it pass.
    [drafts[11], drafts[13]] = [
      log('vm-2', 300, { event: 'receive', clock: 3, queueLength: 1, from: 'vm-1', sentClock: 1 }),
      log('vm-2', 400, { event: 'receive', clock: 4, queueLength: 0, from: 'vm-1', sentClock: 2 }),
    ];
    expect(results(drafts)[logsComplete]).toMatchObject({ ok: true });
  });

  it('"logs are complete and in arrival order" fails when a tick left no log line', () => {
    const drafts = consistent();
    drafts.splice(9, 1); // vm-2's tick at 300 logs nothing
    const result = results(drafts)[logsComplete]!;
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/vm-2 ticked 2 times but logged 1/);
  });

  it('"logs are complete and in arrival order" fails when a receive is logged that was never delivered', () => {
    const drafts = consistent();
    drafts.splice(5, 1); // no deliver record
    expect(results(drafts)[logsComplete]).toMatchObject({ ok: false, atMs: 150 });
  });

  it('"logs are complete and in arrival order" accepts a delivered message that overflowed the queue', () => {
    const drafts: Draft[] = [
      start('vm-1'), start('vm-2'),
      timer('vm-1', 100), log('vm-1', 100, { event: 'send', clock: 1, queueLength: 0, to: ['vm-2'] }), send('vm-1', 'vm-2', 100, 1, 1),
      timer('vm-1', 110), log('vm-1', 110, { event: 'send', clock: 2, queueLength: 0, to: ['vm-2'] }), send('vm-1', 'vm-2', 110, 2, 2),
      deliver('vm-2', 'vm-1', 101, 1),
      deliver('vm-2', 'vm-1', 111, 2), log('vm-2', 111, { event: 'overflow', clock: 0, queueLength: 1, from: 'vm-1', sentClock: 2 }),
      timer('vm-2', 300), log('vm-2', 300, { event: 'receive', clock: 2, queueLength: 0, from: 'vm-1', sentClock: 1 }),
    ];
    for (const result of Object.values(results(drafts))) expect(result).toMatchObject({ ok: true });
  });
});
