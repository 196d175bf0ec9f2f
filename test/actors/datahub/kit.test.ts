/**
 * The data hub's machines alone, on the testing kit (troupe/testing): each test actor runs
 * one machine with a seed and a virtual clock; fake peers stand in for the hub, handlers
 * and streamers; the outbox holds what the machine sent and the facts it reported. The
 * last block asserts which states and transitions these tests reached.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { hubFront, hubHandler, operator, reader, router, streamer } from '../../../src/actors/datahub/index.ts';
import type { AnyStateMachine } from 'xstate';
import { createTestActor, expectFullCoverage, fakePeer, pathCoverage, type TestActor, type TestActorOptions } from '../../../src/testing/index.ts';

const tested = new Map<AnyStateMachine, TestActor[]>();

function start(machine: AnyStateMachine, options: TestActorOptions): TestActor {
  const actor = createTestActor(machine, { seed: 7, ...options });
  tested.set(machine, [...(tested.get(machine) ?? []), actor]);
  return actor;
}

const frameOf = (seq: number, conn = '1/1', source = 'pi-1.eeg') => ({
  type: 'FRAME', source, conn, seq, sentCount: seq + 1, captureMs: seq * 100, kind: 'eeg', payload: new ArrayBuffer(8), fps: 10, quality: 75,
});

describe('streamer on the kit', () => {
  it('searches until a hub welcomes it, streams frames to the handler, and searches again when the hub goes silent', () => {
    // The fake hub answers the second HELLO only: the first search goes unanswered.
    const hub = fakePeer({ HELLO: (_event, { count }) => (count === 2 ? { type: 'WELCOME', conn: '1/2', handler: 'handler-1' } : undefined) }, { delayMs: 10 });
    const pi = start(streamer, { id: 'pi-1.eeg', input: { pi: 'pi-1', kind: 'eeg', hub: 'hub', searchPeriodMs: 1_000, hubSilenceMs: 500 }, peers: { hub } });
    pi.expectState({ running: { clock: 'ticking', link: 'searching' } });
    pi.advance(1_005);
    expect(pi.sent('hub', 'HELLO').map((hello) => hello.attempt)).toEqual([1, 2]);
    expect(pi.sent('handler-1')).toEqual([]);
    pi.advance(5); // the WELCOME arrives at 1 010 ms
    pi.expectState({ running: { clock: 'ticking', link: 'connected' } });
    expect(pi.lastFact('datahub.link')).toEqual({ state: 'connected', conn: '1/2', handler: 'handler-1' });
    pi.advance(300); // ticks at 1 100, 1 200, 1 300
    const frames = pi.sent('handler-1', 'FRAME');
    expect(frames.map((frame) => [frame.seq, frame.sentCount, frame.conn])).toEqual([[0, 1, '1/2'], [1, 2, '1/2'], [2, 3, '1/2']]);
    // A RATE for the connection keeps it alive; one for another connection does not.
    pi.send({ type: 'RATE', conn: '1/2', receivedPerS: 10, lost: 0, lastSeq: 2 }, 'handler-1');
    pi.send({ type: 'RATE', conn: '9/9', receivedPerS: 10, lost: 0, lastSeq: 2 }, 'handler-1');
    pi.advance(499);
    pi.expectState({ running: { clock: 'ticking', link: 'connected' } });
    pi.advance(1); // 500 ms without a RATE for this connection
    pi.expectState({ running: { clock: 'ticking', link: 'searching' } });
    expect(pi.lastFact('datahub.link')).toEqual({ state: 'searching' });
    expect(pi.sent('hub', 'HELLO')).toHaveLength(3);
  });

  it('a RESET for its connection sends it searching; STOP and START only toggle streaming; SHUTDOWN says BYE and halts', () => {
    const hub = fakePeer({ HELLO: { type: 'WELCOME', conn: '1/1', handler: 'h' } });
    const pi = start(streamer, { id: 'pi-1.eeg', input: { pi: 'pi-1', kind: 'eeg', hub: 'hub', hubSilenceMs: 10_000 }, peers: { hub } });
    pi.advance(250);
    expect(pi.sent('h', 'FRAME')).toHaveLength(2);
    pi.send({ type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' }, 'hub');
    pi.send({ type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' }, 'hub');
    expect(pi.outbox.facts.filter((fact) => fact.name === 'datahub.control').map((fact) => fact.value)).toEqual([
      { command: 'STOP', effect: 'stopped' }, { command: 'STOP', effect: 'ignored' },
    ]);
    pi.advance(500);
    expect(pi.sent('h', 'FRAME')).toHaveLength(2); // stopped: the clock ticks, nothing is sent
    pi.send({ type: 'CONTROL', source: 'pi-1.eeg', command: 'START' }, 'hub');
    pi.advance(100);
    expect(pi.sent('h', 'FRAME').map((frame) => frame.seq)).toEqual([0, 1, 2]);
    pi.send({ type: 'RESET', conn: '1/1' }, 'h');
    pi.expectState({ running: { clock: 'ticking', link: 'searching' } });
    pi.advance(1); // welcomed again
    pi.send({ type: 'CONTROL', source: 'pi-1.eeg', command: 'SHUTDOWN' }, 'hub');
    pi.expectState('halted');
    expect(pi.sent('h', 'BYE')).toEqual([{ type: 'BYE', source: 'pi-1.eeg', conn: '1/1' }]);
    expect(pi.lastFact('datahub.link')).toEqual({ state: 'shutdown' });
  });

  it('stays off until powered on, then says HELLO through its router', () => {
    const pi = start(streamer, { id: 'pi-2.log', input: { pi: 'pi-2', kind: 'log', hub: 'hub', via: 'router', powerOnAtMs: 2_000 } });
    pi.expectState({ running: { clock: 'ticking', link: 'off' } });
    pi.advance(1_999);
    expect(pi.outbox.sends).toEqual([]);
    pi.advance(1);
    expect(pi.sent('router')).toEqual([{ type: 'RELAY', to: 'hub', event: expect.objectContaining({ type: 'HELLO', source: 'pi-2.log', attempt: 1 }) }]);
  });
});

describe('hub front on the kit', () => {
  it('routes a HELLO to a free handler, keeps it for a reconnect, refuses when the pool is full', () => {
    const front = start(hubFront, { id: 'hub', input: { handlers: ['h1', 'h2'] } });
    const hello = (source: string, attempt: number) => ({ type: 'HELLO', source, pi: source.split('.')[0], kind: 'eeg', device: 'd', name: source, attempt });
    front.send(hello('pi-1.eeg', 1), 'pi-1.eeg').send(hello('pi-2.eeg', 1), 'pi-2.eeg').send(hello('pi-1.eeg', 2), 'pi-1.eeg');
    expect(front.sent('h1', 'ACCEPT').map((accept) => accept.conn)).toEqual(['1/1', '3/2']);
    expect(front.sent('h2', 'ACCEPT').map((accept) => accept.source)).toEqual(['pi-2.eeg']);
    front.send(hello('pi-3.eeg', 1), 'pi-3.eeg');
    expect(front.lastFact('datahub.refused')).toEqual({ source: 'pi-3.eeg', reason: 'no free handler', handlersMax: 2 });
  });

  it('attaches a subscriber to the stream handler or says NO_STREAM; forwards CONTROL only to known sources; spawns each proxy once', () => {
    const front = start(hubFront, { id: 'hub', input: { handlers: ['h1'], proxyTemplate: 'proxy' } });
    front.send({ type: 'SUBSCRIBE', stream: 'pi-1.eeg', mode: 'every' }, 'tab-1');
    expect(front.sent('tab-1')).toEqual([{ type: 'NO_STREAM', stream: 'pi-1.eeg' }]);
    front.send({ type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' }, 'person');
    expect(front.lastFact('datahub.refused')).toMatchObject({ reason: 'unknown source' });
    front.send({ type: 'HELLO', source: 'pi-1.eeg', pi: 'pi-1', kind: 'eeg', device: 'd', name: 'n', attempt: 1 }, 'pi-1.eeg');
    front.send({ type: 'SUBSCRIBE', stream: 'pi-1.eeg', mode: 'latest' }, 'tab-1');
    expect(front.sent('h1', 'ATTACH')).toEqual([{ type: 'ATTACH', reader: 'tab-1', stream: 'pi-1.eeg', mode: 'latest' }]);
    front.send({ type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' }, 'person');
    expect(front.sent('pi-1.eeg', 'CONTROL')).toEqual([{ type: 'CONTROL', source: 'pi-1.eeg', command: 'STOP' }]);
    front.send({ type: 'SPAWN_PROXIES', ids: ['a', 'b'] }).send({ type: 'SPAWN_PROXIES', ids: ['b', 'c'] });
    expect(front.outbox.spawns.map((spawn) => [spawn.id, spawn.template])).toEqual([['a', 'proxy'], ['b', 'proxy'], ['c', 'proxy']]);
  });
});

describe('hub handler on the kit', () => {
  it('welcomes an accepted stream, resets frames of another connection, parks a READ until a frame, and reports its rate', () => {
    const handler = start(hubHandler, { id: 'h1', input: { id: 'h1', reportMs: 500 } });
    handler.send({ type: 'ACCEPT', source: 'pi-1.eeg', pi: 'pi-1', kind: 'eeg', device: 'd', name: 'n', conn: '1/1' }, 'hub');
    expect(handler.sent('pi-1.eeg')).toEqual([{ type: 'WELCOME', conn: '1/1', handler: 'h1' }]);
    handler.send(frameOf(0, '0/9'), 'pi-1.eeg');
    expect(handler.sent('pi-1.eeg', 'RESET')).toEqual([{ type: 'RESET', conn: '0/9' }]);
    handler.send({ type: 'READ', framesMax: 4 }, 'tab-1');
    expect(handler.sent('tab-1')).toEqual([{ type: 'NOT_ATTACHED' }]);
    handler.send({ type: 'ATTACH', reader: 'tab-1', stream: 'pi-1.eeg', mode: 'every' }, 'hub');
    expect(handler.sent('tab-1', 'ATTACHED')).toHaveLength(1);
    handler.send({ type: 'READ', framesMax: 4 }, 'tab-1');
    expect(handler.sent('tab-1', 'FRAMES')).toEqual([]); // parked: nothing to read yet
    handler.send(frameOf(0), 'pi-1.eeg').send(frameOf(2), 'pi-1.eeg'); // seq 1 lost on the way
    const batches = () => handler.sent('tab-1', 'FRAMES').map((batch) => (batch.frames as { seq: number }[]).map((frame) => frame.seq));
    expect(batches()).toEqual([[0]]);
    handler.send({ type: 'READ', framesMax: 4 }, 'tab-1');
    expect(batches()).toEqual([[0], [2]]);
    handler.advance(500);
    expect(handler.sent('pi-1.eeg', 'RATE')).toEqual([{ type: 'RATE', conn: '1/1', receivedPerS: 4, lost: 1, lastSeq: 2 }]);
    expect(handler.lastFact('datahub.stats')).toMatchObject({ received: 2, sent: 3, lost: 1, readers: 1 });
    handler.send({ type: 'BYE', source: 'pi-1.eeg', conn: '1/1' }, 'pi-1.eeg');
    expect(handler.lastFact('datahub.conn')).toEqual({ source: 'pi-1.eeg', conn: null });
    handler.advance(500);
    expect(handler.sent('pi-1.eeg', 'RATE')).toHaveLength(1); // no connection, no report
  });
});

describe('reader on the kit', () => {
  it('retries after NO_STREAM, reads when attached, and subscribes again after NOT_ATTACHED or a silence', () => {
    // The front knows no stream at first; the handler (h1) attaches the reader itself in the real hub.
    const hub = fakePeer({ SUBSCRIBE: (_event, { count }) => (count === 1 ? { type: 'NO_STREAM', stream: 's' } : undefined) }, { delayMs: 5 });
    let reads = 0;
    const h1 = fakePeer({
      READ: () => {
        reads++;
        if (reads === 1) return { type: 'FRAMES', stream: 's', frames: [], missed: 0 };
        if (reads === 2) return { type: 'FRAMES', stream: 's', frames: [], missed: 3 };
        return reads === 3 ? { type: 'NOT_ATTACHED' } : undefined;
      },
    }, { delayMs: 10 });
    const tab = start(reader, { id: 'tab-1', input: { hub: 'hub', stream: 's', retryMs: 500, silenceMs: 1_000 }, peers: { hub, h1 } });
    tab.advance(5);
    tab.expectState('waiting');
    tab.advance(500);
    expect(hub.received.map(({ t }) => t)).toEqual([0, 505]);
    tab.send({ type: 'ATTACHED', stream: 's', handler: 'h1' }, 'h1');
    tab.expectState('reading');
    tab.advance(30); // FRAMES at 515, READ, FRAMES at 525, READ, NOT_ATTACHED at 535
    expect(h1.received.map(({ t }) => t)).toEqual([505, 515, 525]);
    expect(tab.lastFact('datahub.missed')).toEqual({ stream: 's', missed: 3, missedTotal: 3 });
    expect(hub.received.map(({ t }) => t)).toEqual([0, 505, 535]); // NOT_ATTACHED: subscribe again
    tab.send({ type: 'ATTACHED', stream: 's', handler: 'h1' }, 'h1');
    tab.advance(1_000); // the fourth READ is never answered: after 1 s of silence, subscribe again
    expect(hub.received.map(({ t }) => t)).toEqual([0, 505, 535, 1_535]);
    tab.expectState('subscribing');
  });

  it('a slow reader spends processMsPerFrame on each frame before the next READ; an unanswered SUBSCRIBE is repeated', () => {
    const h1 = fakePeer({ READ: { type: 'FRAMES', stream: 's', frames: [{ seq: 0 }, { seq: 1 }], missed: 0 } as never }, { delayMs: 1 });
    const tab = start(reader, { id: 'tab-2', input: { hub: 'hub', stream: 's', processMsPerFrame: 50, silenceMs: 1_000 }, peers: { h1 } });
    tab.advance(1_000);
    expect(tab.sent('hub', 'SUBSCRIBE')).toHaveLength(2); // silent hub: asked again after 1 s
    tab.send({ type: 'ATTACHED', stream: 's', handler: 'h1' }, 'h1');
    tab.advance(1);
    tab.expectState('processing');
    tab.advance(99); // FRAMES (2 frames) at 1 001: 100 ms of processing
    expect(h1.received.map(({ t }) => t)).toEqual([1_000]);
    tab.advance(1);
    expect(h1.received.map(({ t }) => t)).toEqual([1_000, 1_101]);
    expect(tab.context.framesRead).toBe(2);
  });
});

describe('router and operator on the kit', () => {
  it('the router sends each RELAY on to its destination', () => {
    const uplink = start(router, { id: 'router' });
    uplink.send({ type: 'RELAY', to: 'hub', event: { type: 'HELLO', attempt: 1 } }, 'pi-1.eeg');
    expect(uplink.outbox.sends).toEqual([{ t: 0, to: 'hub', event: { type: 'HELLO', attempt: 1 } }]);
    expect(uplink.context.relayed).toBe(1);
  });

  it('the operator sends its steps at their times, in time order, then is done', () => {
    const person = start(operator, {
      id: 'operator',
      input: { steps: [{ atMs: 3_000, to: 'hub', event: { type: 'CONTROL', command: 'START' } }, { atMs: 1_000, to: 'hub', event: { type: 'CONTROL', command: 'STOP' } }] },
    });
    person.advance(10_000);
    expect(person.outbox.sends.map(({ t, event }) => [t, event.command])).toEqual([[1_000, 'STOP'], [3_000, 'START']]);
    expect(person.lastFact('datahub.operator')).toEqual({ to: 'hub', type: 'CONTROL', command: 'START' });
    person.expectState('done');
    expect(person.nextDueMs).toBeUndefined();
  });
});

describe('coverage of the data hub machines by these tests', () => {
  afterAll(() => tested.clear());
  it.each([
    ['hubFront', hubFront], ['hubHandler', hubHandler], ['reader', reader], ['router', router], ['operator', operator],
  ] as const)('%s: every state and transition reached', (_name, machine) => {
    const report = expectFullCoverage(machine, tested.get(machine) ?? []);
    expect(report.complete).toBe(true);
  });

  it('streamer: every state and transition reached but the transient initial `booting` state', () => {
    // Missing, and not reachable through the kit: `link.booting` is the initial state and leaves
    // at once by an eventless transition. xstate resolves it inside the initial snapshot and emits
    // no microstep for it, so no test actor can see it. The tests above do take both branches
    // (powered later -> `off`; powered now -> `searching`), as the asserted states show.
    const report = pathCoverage(streamer, tested.get(streamer) ?? []);
    expect(report.states.missing).toEqual(['streamer.running.link.booting']);
    expect(report.transitions.missing).toEqual([
      'streamer.running.link.booting|always|streamer.running.link.off',
      'streamer.running.link.booting|always|streamer.running.link.searching',
    ]);
    expect([report.states.covered.length, report.states.total, report.transitions.covered.length, report.transitions.total]).toEqual([8, 9, 9, 11]);
  });
});
