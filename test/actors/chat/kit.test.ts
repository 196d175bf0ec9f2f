/**
 * The chat machines alone, on the testing kit (troupe/testing): a server against a fake
 * store and fake followers, a client against fake servers (one redirects, one answers, one
 * is dead), and the store actor, each on a virtual clock with a seed. The last block
 * asserts which states and transitions these tests reached.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { chatClient, chatServer, chatStore } from '../../../src/actors/chat/index.ts';
import { createTestActor, expectFullCoverage, fakePeer, type TestActor, type TestActorOptions } from '../../../src/testing/index.ts';

const tested = new Map<AnyStateMachine, TestActor[]>();

function start(machine: AnyStateMachine, options: TestActorOptions): TestActor {
  const actor = createTestActor(machine, { seed: 1, ...options });
  tested.set(machine, [...(tested.get(machine) ?? []), actor]);
  return actor;
}

/** An empty store that grants every claim and acknowledges every write, 1 ms later. */
function fakeStore() {
  return fakePeer({
    ST_OPEN: { type: 'ST_DATA', epoch: 0, records: [] },
    ST_CLAIM: (event) => ({ type: 'ST_CLAIMED', epoch: event.epoch, ok: true }),
    ST_WRITE: (event) => ({ type: 'ST_ACK', epoch: event.epoch, seq: event.seq }),
  });
}

/** A follower that accepts every append. */
function fakeFollower() {
  return fakePeer({ APPEND: (event) => ({ type: 'APPEND_REPLY', term: event.term, ok: true, match: (event.prevIndex as number) + (event.entries as unknown[]).length }) });
}

describe('chat server on the kit', () => {
  it('redirects clients while it recovers, then leads on an empty store and answers once replicasMin servers have the entry', () => {
    const store = fakeStore();
    const s2 = fakeFollower();
    // s3 is down at first: a majority (s1, s2) is not enough, the entry needs replicasMin (3) copies.
    let s3Up = false;
    const accept = fakeFollower();
    const s3 = fakePeer({ APPEND: (event, request) => (s3Up ? accept.answer(event, request.from, request.t)[0]!.event : undefined) });
    const s1 = start(chatServer, { id: 's1', input: { id: 's1', servers: ['s1', 's2', 's3'], leader: 's1' }, peers: { 'store-s1': store, s2, s3 } });
    expect(s1.sent('store-s1')).toEqual([{ type: 'ST_OPEN' }]);
    s1.send({ type: 'C_REQ', opId: 1, op: { kind: 'create', name: 'alice' } }, 'c1');
    expect(s1.sent('c1')).toEqual([{ type: 'C_REDIRECT', opId: 1, leader: null }]);
    s1.advance(2); // ST_DATA at 1, ST_CLAIMED at 2
    expect(store.received.map(({ event }) => event.type)).toEqual(['ST_OPEN', 'ST_CLAIM', 'ST_WRITE']);
    expect(s1.lastFact('role')).toBe('leader');
    s1.send({ type: 'C_REQ', opId: 1, op: { kind: 'create', name: 'alice' } }, 'c1');
    s1.advance(200);
    expect(s1.sent('c1', 'C_REPLY')).toEqual([]);
    s3Up = true;
    s1.advance(50); // the next tick's append reaches s3, which now answers
    expect(s1.sent('c1').at(-1)).toEqual({ type: 'C_REPLY', opId: 1, result: { ok: true } });
    s1.send({ type: 'C_REQ', opId: 2, op: { kind: 'send', from: 'alice', to: 'alice', text: 'hi' } }, 'c1');
    s1.advance(10);
    expect(s1.sent('c1').slice(-2)).toEqual([
      { type: 'C_REPLY', opId: 2, result: { ok: true } },
      { type: 'C_PUSH', name: 'alice', messages: [{ id: 3, from: 'alice', fc: 'c1', o: 2, text: 'hi' }] },
    ]);
    expect(s2.received.some(({ event }) => event.type === 'APPEND' && (event.entries as unknown[]).length > 0)).toBe(true);
  });

  it('heartbeats its followers every tick while it leads', () => {
    const s1 = start(chatServer, { id: 's1', input: { id: 's1', servers: ['s1', 's2', 's3'], leader: 's1', tuning: { tickMs: 50 } }, peers: { 'store-s1': fakeStore(), s2: fakeFollower(), s3: fakeFollower() } });
    s1.advance(2);
    const before = s1.sent('s2', 'APPEND').length;
    s1.advance(500);
    expect(s1.sent('s2', 'APPEND').length - before).toBe(10);
    expect(s1.lastFact('role')).toBe('leader');
  });

  it('a server that is not the initial leader recovers as a follower and redirects clients to the leader it hears from', () => {
    const s2 = start(chatServer, { id: 's2', input: { id: 's2', servers: ['s1', 's2', 's3'], leader: 's1' }, peers: { 'store-s2': fakeStore() } });
    s2.advance(2);
    expect(s2.lastFact('role')).toBe('follower');
    s2.send({ type: 'APPEND', term: [1, 's1'], prevIndex: 0, prevTerm: null, entries: [], commit: 0, live: ['s2'] }, 's1');
    s2.advance(2);
    expect(s2.sent('s1', 'APPEND_REPLY').at(-1)).toMatchObject({ type: 'APPEND_REPLY', ok: true });
    s2.send({ type: 'C_REQ', opId: 1, op: { kind: 'list', pattern: '*' } }, 'c1');
    expect(s2.sent('c1')).toEqual([{ type: 'C_REDIRECT', opId: 1, leader: 's1' }]);
  });
});

describe('chat client on the kit', () => {
  // Three servers: s1 points to s2, s2 answers, s3 is dead.
  function servers() {
    return {
      s1: fakePeer({ C_REQ: (event) => ({ type: 'C_REDIRECT', opId: event.opId, leader: 's2' }) }, { delayMs: 5 }),
      s2: fakePeer({ C_REQ: (event) => ({ type: 'C_REPLY', opId: event.opId, result: { ok: true } }) }, { delayMs: 5 }),
      s3: fakePeer({}),
    };
  }
  const ops = (client: TestActor) => client.outbox.facts.filter((fact) => fact.name === 'chat.op').map((fact) => fact.value as { opId: number; phase: string });

  it('times out on a dead server, tries the next, follows a redirect after a backoff, and is answered', () => {
    const peers = servers();
    // Seed 2 picks s3 first.
    const client = start(chatClient, { id: 'c1', seed: 2, input: { id: 'c1', account: 'alice', servers: ['s1', 's2', 's3'], pollMs: 0, attemptTimeoutMs: 300, backoffMs: 30 }, peers });
    expect(client.sent('s3', 'C_REQ')).toEqual([{ type: 'C_REQ', opId: 1, op: { kind: 'create', name: 'alice' } }]);
    client.advance(300); // timeout: the next server, s1 (it wraps around)
    expect(client.sent('s1', 'C_REQ')).toHaveLength(1);
    client.advance(5); // redirected to s2: back off 30 ms
    client.expectState('backoff');
    client.advance(30);
    client.expectState('busy');
    client.advance(5);
    client.expectState('idle');
    expect(ops(client).map((op) => [op.opId, op.phase])).toEqual([[1, 'invoke'], [1, 'ok']]);
    expect(client.sent('s2', 'C_REQ').map((request) => request.opId)).toEqual([1]); // the same operation id every try
  });

  it('logs each pushed message once, acknowledges it, and runs a person\'s operations', () => {
    const peers = servers();
    const client = start(chatClient, { id: 'c1', seed: 3, input: { id: 'c1', account: 'alice', servers: ['s1', 's2', 's3'], pollMs: 0 }, peers });
    client.advance(5); // s2 (seed 3) answers the create
    client.expectState('idle');
    const message = { id: 7, from: 'bob', fc: 'c2', o: 1, text: 'hello' };
    client.send({ type: 'C_PUSH', name: 'alice', messages: [message] }, 's2');
    client.send({ type: 'C_PUSH', name: 'alice', messages: [message] }, 's2'); // a duplicate push
    expect(client.outbox.facts.filter((fact) => fact.name === 'chat.delivered')).toHaveLength(1);
    client.expectState('busy');
    expect(client.sent('s2', 'C_REQ').at(-1)).toMatchObject({ op: { kind: 'ack', name: 'alice', upTo: 7 } });
    client.advance(5);
    client.send({ type: 'USER_OP', op: { kind: 'list', pattern: 'b*' } }, 'gateway');
    expect(client.sent('s2', 'C_REQ').at(-1)).toMatchObject({ op: { kind: 'list', pattern: 'b*' } });
  });

  it('gives an operation up after attemptsMax tries, whether the servers are silent or only redirect; thinks while idle', () => {
    const silent = start(chatClient, { id: 'c1', seed: 2, input: { id: 'c1', account: 'alice', servers: ['s3'], pollMs: 0, attemptsMax: 2, attemptTimeoutMs: 100 }, peers: { s3: fakePeer({}) } });
    silent.advance(200);
    expect(ops(silent)).toEqual([expect.objectContaining({ phase: 'invoke' }), expect.objectContaining({ phase: 'fail', attempts: 2 })]);
    silent.expectState('idle');
    silent.advance(2_000);
    expect(silent.sent('s3')).toHaveLength(2); // nothing to do: it only thinks

    const redirected = start(chatClient, { id: 'c2', seed: 1, input: { id: 'c2', account: 'bob', servers: ['s1'], pollMs: 0, attemptsMax: 1 }, peers: { s1: fakePeer({ C_REQ: (event) => ({ type: 'C_REDIRECT', opId: event.opId, leader: null }) }) } });
    redirected.advance(100);
    expect(ops(redirected).map((op) => op.phase)).toEqual(['invoke', 'fail']);
  });

  it('polls its mailbox every pollMs', () => {
    const peers = servers();
    const client = start(chatClient, { id: 'c1', seed: 3, input: { id: 'c1', account: 'alice', servers: ['s1', 's2', 's3'], pollMs: 1_000 }, peers });
    client.advance(3_000);
    expect(peers.s2.received.filter(({ event }) => (event.op as { kind: string }).kind === 'fetch').length).toBeGreaterThanOrEqual(2);
  });
});

describe('chat store on the kit', () => {
  it('reads, claims an epoch, acknowledges and persists flushed writes, and ignores a stale epoch', () => {
    const store = start(chatStore, { id: 'store-s1', input: { mirror: true } });
    store.send({ type: 'ST_OPEN' }, 's1');
    store.send({ type: 'ST_CLAIM', epoch: 1 }, 's1');
    const records = [{ k: 'term', t: [1, 's1'] }];
    store.send({ type: 'ST_WRITE', epoch: 1, seq: 1, records, flush: true }, 's1');
    store.send({ type: 'ST_WRITE', epoch: 0, seq: 2, records, flush: true }, 's1'); // a write of an older incarnation
    expect(store.outbox.sends.map(({ event }) => event)).toEqual([
      { type: 'ST_DATA', epoch: 0, records: [] }, { type: 'ST_CLAIMED', epoch: 1, ok: true }, { type: 'ST_ACK', epoch: 1, seq: 1 },
    ]);
    expect(store.outbox.persists).toEqual([0]);
    expect(store.lastFact('store.flushed')).toEqual({ records, compact: false });
    store.send({ type: 'ST_OPEN' }, 's1');
    expect(store.outbox.sends.at(-1)!.event).toEqual({ type: 'ST_DATA', epoch: 1, records });
  });
});

describe('coverage of the chat machines by these tests', () => {
  it.each([['chatServer', chatServer], ['chatStore', chatStore], ['chatClient', chatClient]] as const)('%s: every state and transition reached', (_name, machine) => {
    const report = expectFullCoverage(machine, tested.get(machine) ?? []);
    expect(report.complete).toBe(true);
  });
});
