import { describe, expect, it } from 'vitest';
import { setup, enqueueActions } from 'xstate';
import { createTestNetwork, pathCoverage } from '../../src/testing/index.ts';
import { factEvent, sendEvent, type TroupeEmitted } from '../../src/runtime/index.ts';

/** Answers every PING with a PONG; pings `to` every 100 ms when given; reports how many PONGs it got. */
const pinger = setup({
  types: { context: {} as { to?: string; pongs: number }, input: {} as { to?: string }, emitted: {} as TroupeEmitted },
}).createMachine({
  id: 'pinger',
  context: ({ input }) => ({ to: input.to, pongs: 0 }),
  initial: 'idle',
  states: {
    idle: {
      after: {
        100: {
          target: 'idle',
          reenter: true,
          actions: enqueueActions(({ context, enqueue }) => {
            if (context.to !== undefined) enqueue.emit(sendEvent(context.to, { type: 'PING' }));
          }),
        },
      },
    },
  },
  on: {
    PING: { actions: enqueueActions(({ event, enqueue }) => enqueue.emit(sendEvent((event as any).from, { type: 'PONG' }))) },
    PONG: { actions: enqueueActions(({ context, enqueue }) => { enqueue.assign({ pongs: context.pongs + 1 }); enqueue.emit(factEvent('pongs', context.pongs + 1)); }) },
  },
});

describe('test network', () => {
  it('delivers messages between actors after delayMs, on one clock, and logs sends and facts with times', () => {
    const net = createTestNetwork({ delayMs: 5 });
    net.add('a', pinger, { input: { to: 'b' } });
    net.add('b', pinger);
    net.advance(210);
    expect(net.sent.map(({ t, from, to, event }) => [t, from, to, event.type])).toEqual([
      [100, 'a', 'b', 'PING'], [105, 'b', 'a', 'PONG'], [200, 'a', 'b', 'PING'], [205, 'b', 'a', 'PONG'],
    ]);
    expect(net.facts).toEqual([{ t: 110, actor: 'a', name: 'pongs', value: 1 }, { t: 210, actor: 'a', name: 'pongs', value: 2 }]);
    expect(net.latest('pongs')).toEqual(new Map([['a', 2]]));
    expect(net.count('PING', 150)).toBe(1);
  });

  it('route drops and duplicates; a crashed actor loses what reaches it, while its messages on their way still arrive', () => {
    const net = createTestNetwork({ delayMs: 5 });
    net.add('a', pinger, { input: { to: 'b' } });
    net.add('b', pinger);
    net.route = (message) => (message.event.type === 'PONG' ? 2 : 1);
    net.advance(110);
    expect(net.actor('a').context.pongs).toBe(2);
    net.route = () => 0;
    net.advance(100);
    expect(net.actor('a').context.pongs).toBe(2);
    net.route = () => 1;
    net.advance(95); // a pings at 300; b answers at 305
    net.crash('b');
    net.advance(100); // a's ping at 400 finds b crashed
    expect(net.lost.map(({ t, to }) => [t, to])).toEqual([[400, 'b']]);
    expect(net.actor('a').context.pongs).toBe(3);
    expect(net.latest('pongs').get('a')).toBe(3);
    expect(() => net.add('a', pinger)).toThrow(/already running/);
    net.route = () => -1;
    expect(() => net.advance(100)).toThrow(/integer 0..10/);
  });

  it('lets a crashed id be added again, and keeps both actors for coverage', () => {
    const net = createTestNetwork();
    net.add('a', pinger);
    net.crash('a');
    expect(net.latest('pongs').size).toBe(0);
    net.add('a', pinger, { input: { to: 'a' } });
    net.advance(110); // a pings itself at 100, answers at 105, gets the PONG at 110
    expect(net.actor('a').context.pongs).toBe(1);
    expect(net.actors).toHaveLength(2);
    expect(pathCoverage(pinger, net.actors).complete).toBe(true);
    expect(() => net.actor('zz')).toThrow(/no actor 'zz'; it has a/);
  });
});
