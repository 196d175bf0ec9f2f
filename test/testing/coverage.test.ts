import { describe, expect, it } from 'vitest';
import { createTestActor, expectFullCoverage, fakePeer, machineTransitions, pathCoverage } from '../../src/testing/index.ts';
import { setup } from 'xstate';
import { lockClient, lockServer } from '../fixtures/explore/lock.ts';

/** `deciding` is transient: left at once by an eventless transition, never in a step's final snapshot. */
const decider = setup({ types: { context: {} as { n: number }, events: {} as { type: 'GO'; n: number } } }).createMachine({
  id: 'decider',
  context: { n: 0 },
  initial: 'idle',
  states: {
    idle: { on: { GO: { target: 'deciding', actions: ({ context, event }) => { context.n = event.n; } } } },
    deciding: { always: [{ guard: ({ context }) => context.n > 0, target: 'high' }, { target: 'low' }] },
    high: {},
    low: {},
  },
});

describe('path coverage', () => {
  it('lists every declared transition, guarded branches apart', () => {
    expect(machineTransitions(lockServer).sort()).toEqual([
      'lock-server.free|ACQUIRE|lock-server.held',
      'lock-server.held|ACQUIRE|',
      'lock-server.held|RELEASE|lock-server.free',
      'lock-server.held|RELEASE|lock-server.held',
      'lock-server.held|xstate.after.lease.lock-server.held|lock-server.free',
      'lock-server.held|xstate.after.lease.lock-server.held|lock-server.held',
    ]);
  });

  it('names what a test did not reach', () => {
    const server = createTestActor(lockServer);
    server.send({ type: 'ACQUIRE' }, 'c1');
    const report = pathCoverage(lockServer, [server]);
    expect(report.complete).toBe(false);
    expect(report.states.missing).toEqual([]);
    expect(report.transitions.covered).toEqual(['lock-server.free|ACQUIRE|lock-server.held']);
    expect(() => expectFullCoverage(lockServer, [server])).toThrow(/transition lock-server.held\|RELEASE\|lock-server.free/);
  });

  it('reaches every state and transition of the lock server and client across a few test actors', () => {
    const expire = createTestActor(lockServer);
    expire.send({ type: 'ACQUIRE' }, 'c1').send({ type: 'ACQUIRE' }, 'c2').send({ type: 'ACQUIRE' }, 'c2');
    expire.advance(1_000); // lease ends, c2 waits: handed over
    expire.advance(1_000); // lease ends, nobody waits: free
    const release = createTestActor(lockServer);
    release.send({ type: 'ACQUIRE' }, 'c1').send({ type: 'ACQUIRE' }, 'c2').send({ type: 'RELEASE' }, 'c1').send({ type: 'RELEASE' }, 'c2');
    expectFullCoverage(lockServer, [expire, release]);

    const slowServer = fakePeer({ ACQUIRE: (_event, { count }) => (count === 1 ? undefined : { type: 'GRANTED' }) });
    const client = createTestActor(lockClient, { input: { server: 'server', storage: 'storage', writesPerLease: 2 }, peers: { server: slowServer } });
    client.advance(2_000);
    const report = expectFullCoverage(lockClient, [client]);
    expect(report.states.total).toBe(4);
  });

  it('lists eventless (always) transitions and counts transient states, which only microsteps show', () => {
    expect(machineTransitions(decider).filter((key) => key.includes('|always|')).sort()).toEqual(['decider.deciding|always|decider.high', 'decider.deciding|always|decider.low']);
    const high = createTestActor(decider).send({ type: 'GO', n: 1 } as never);
    const report = pathCoverage(decider, [high]);
    expect(report.states.missing).toEqual(['decider.low']);
    expect(report.transitions.missing).toEqual(['decider.deciding|always|decider.low']);
    const low = createTestActor(decider).send({ type: 'GO', n: 0 } as never);
    expect(expectFullCoverage(decider, [high, low]).states.covered).toContain('decider.deciding');
  });
});
