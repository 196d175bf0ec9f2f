import { describe, expect, it } from 'vitest';
import { enqueueActions, setup, raise } from 'xstate';
import { createTestActor, fakePeer } from '../../src/testing/index.ts';
import { factEvent, sendEvent, type TroupeEmitted } from '../../src/runtime/index.ts';
import { lockClient, lockServer } from '../fixtures/explore/lock.ts';

const chain = setup({ types: { emitted: {} as TroupeEmitted } }).createMachine({
  id: 'chain',
  initial: 'a',
  states: {
    a: { after: { 100: 'b' } },
    b: { entry: enqueueActions(({ enqueue }) => enqueue.emit(factEvent('reached', 'b'))), after: { 50: 'c' } },
    c: { entry: [enqueueActions(({ enqueue }) => enqueue.emit(factEvent('reached', 'c'))), raise({ type: 'NEVER' }, { id: 'never', delay: 1_000 })] },
  },
});

describe('test actor', () => {
  it('advances one deadline at a time, so a timer set by a timer inside the same advance fires at its own time', () => {
    const actor = createTestActor(chain);
    expect(actor.advance(1_000)).toBe(2);
    expect(actor.outbox.facts.map(({ t, value }) => [t, value])).toEqual([[100, 'b'], [150, 'c']]);
    expect(actor.nowMs).toBe(1_000);
    expect(actor.nextDueMs).toBe(1_150);
    actor.expectState('c');
    expect(() => actor.expectState('a')).toThrow(/is in "c", expected "a"/);
  });

  it('runs timers faster on a fast clock', () => {
    const actor = createTestActor(chain, { clockRate: 2 });
    actor.advance(75);
    expect(actor.matches('c')).toBe(true);
  });

  it('delivers events with from, collects sends by peer, and empties the outbox on takeOutbox', () => {
    const server = createTestActor(lockServer, { id: 'server', input: { leaseMs: 500 } });
    server.send({ type: 'ACQUIRE' }, 'c1').send({ type: 'ACQUIRE' }, 'c2');
    expect(server.context).toMatchObject({ holder: 'c1', waiting: ['c2'] });
    expect(server.sent('c1', 'GRANTED')).toHaveLength(1);
    expect(server.lastFact('lock.holder')).toBe('c1');
    server.takeOutbox();
    server.advance(500); // the lease runs out: c2 gets the lock
    expect(server.sent('c2')).toEqual([{ type: 'GRANTED' }]);
    expect(server.outbox.sends).toEqual([{ t: 500, to: 'c2', event: { type: 'GRANTED' } }]);
  });

  it('lets fake peers answer by rule after their delay, and stay silent without one', () => {
    const server = fakePeer({ ACQUIRE: (_event, { count }) => (count === 1 ? undefined : { type: 'GRANTED' }) }, { delayMs: 5 });
    const storage = fakePeer({});
    const client = createTestActor(lockClient, { id: 'c1', input: { server: 'server', storage: 'storage', writesPerLease: 1 }, peers: { server, storage } });
    client.advance(999);
    client.expectState('acquiring'); // the first ACQUIRE went unanswered
    client.advance(1);
    expect(client.sent('server', 'ACQUIRE')).toHaveLength(2);
    client.advance(5);
    client.expectState('holding');
    client.advance(100);
    expect(storage.received).toEqual([{ t: 1_105, event: { type: 'WRITE', n: 1 } }]);
  });

  it('crashes and restarts from a persisted snapshot, and reports a throwing action with the actor and time', () => {
    const server = createTestActor(lockServer, { id: 'server' });
    server.send({ type: 'ACQUIRE' }, 'c1');
    const saved = server.persistedSnapshot();
    server.crash();
    expect(() => server.state).toThrow(/not running/);
    server.start(saved);
    expect(server.context.holder).toBe('c1');
    const thrower = setup({ types: { emitted: {} as TroupeEmitted } }).createMachine({
      on: { BOOM: { actions: () => { throw new Error('kaboom'); } }, HI: { actions: enqueueActions(({ enqueue }) => enqueue.emit(sendEvent('x', { type: 'HELLO' }))) } },
    });
    const actor = createTestActor(thrower, { id: 't' });
    actor.send({ type: 'HI' });
    expect(actor.sent('x')).toEqual([{ type: 'HELLO' }]);
    expect(() => actor.send({ type: 'BOOM' })).toThrow(/actor 't' failed on 'BOOM' from test at t=0 ms: kaboom/);
  });

  it('gives the machine its seed in input, so seeded draws repeat', () => {
    const a = createTestActor(lockServer, { seed: 42 });
    expect(a.context.leaseMs).toBe(1_000);
    const seeded = setup({ types: { input: {} as { seed: number }, context: {} as { seed: number } } }).createMachine({ context: ({ input }) => ({ seed: input.seed }) });
    expect(createTestActor(seeded, { seed: 42 }).context.seed).toBe(42);
  });
});

describe('test actor: errors in effects', () => {
  it('raises a fake peer rule that throws in the step that sent the message, naming the actor', () => {
    const broken = fakePeer({ ACQUIRE: () => { throw new Error('rule broke'); } });
    expect(() => createTestActor(lockClient, { id: 'c1', input: { server: 'server', storage: 'storage' }, peers: { server: broken } })).toThrow(/actor 'c1' at t=0 ms, on start: rule broke/);
  });
});
