/**
 * A logical-clock VM (SYSTEMS.md §3). Each VM ticks at its own rate of 1–6 ticks per
 * second (drawn from its seed unless given). Incoming messages join a queue at once,
 * whatever the VM is doing. On each tick it takes one queued message (clock = max(local,
 * received) + 1) or, with an empty queue, rolls 1..internalEventMax: 1 sends to the first
 * peer, 2 to the second, 3 to both (the clock ticks first and the message carries it),
 * anything else is an internal event. Every tick logs one `lamport.log` fact.
 */
import { enqueueActions, raise, setup } from 'xstate';
import { createRng, randomInt, type Rng } from '../../runtime/rng.ts';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';

export interface LamportVmInput {
  seed: number;
  /** The other VMs, in a fixed order: roll 1 sends to peers[0], 2 to peers[1]. */
  peers: string[];
  /** Ticks per second; drawn from 1..6 when omitted. */
  ticksPerSecond?: number;
  /** Upper end of the roll; larger values make internal events likelier. Default 10. */
  internalEventMax?: number;
  /** Most messages the queue holds; one more is dropped and logged as an overflow. */
  queueLengthMax?: number;
}

export interface QueuedMessage {
  from: string;
  clock: number;
}

export interface LamportContext {
  rng: Rng;
  peers: string[];
  ticksPerSecond: number;
  internalEventMax: number;
  queueLengthMax: number;
  clock: number;
  queue: QueuedMessage[];
}

/** One line of a VM's log, as the `lamport.log` fact's value. */
export interface LamportLogEntry {
  event: 'receive' | 'send' | 'internal' | 'overflow';
  clock: number;
  queueLength: number;
  /** receive: who sent it and the clock it carried. */
  from?: string;
  sentClock?: number;
  /** send: to whom. */
  to?: string[];
}

type LamportEvent = { type: 'MESSAGE'; clock: number; from: string } | { type: 'TICK' };

export const lamportVm = setup({
  types: {
    context: {} as LamportContext,
    events: {} as LamportEvent,
    input: {} as LamportVmInput,
    emitted: {} as TroupeEmitted,
  },
  delays: {
    tick: ({ context }) => 1000 / context.ticksPerSecond,
  },
  actions: {
    // A delayed self-event with an explicit id, re-armed on every tick: cheaper than
    // re-entering a state with `after`, and its id never comes from Math.random.
    scheduleTick: raise({ type: 'TICK' }, { delay: 'tick', id: 'tick' }),
    enqueueMessage: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'MESSAGE') return;
      if (context.queue.length >= context.queueLengthMax) {
        enqueue.emit(factEvent('lamport.log', { event: 'overflow', clock: context.clock, queueLength: context.queue.length, from: event.from, sentClock: event.clock } satisfies LamportLogEntry));
        return;
      }
      enqueue.assign({ queue: [...context.queue, { from: event.from, clock: event.clock }] });
    }),
    tick: enqueueActions(({ context, enqueue }) => {
      const [head, ...rest] = context.queue;
      if (head !== undefined) {
        const clock = Math.max(context.clock, head.clock) + 1;
        enqueue.assign({ clock, queue: rest });
        enqueue.emit(factEvent('lamport.log', { event: 'receive', clock, queueLength: rest.length, from: head.from, sentClock: head.clock } satisfies LamportLogEntry));
        return;
      }
      const [roll, rng] = randomInt(context.rng, 1, context.internalEventMax);
      const clock = context.clock + 1;
      enqueue.assign({ rng, clock });
      const to = roll === 1 ? [context.peers[0]!] : roll === 2 ? [context.peers[1]!] : roll === 3 ? context.peers.slice(0, 2) : [];
      for (const peer of to) enqueue.emit(sendEvent(peer, { type: 'MESSAGE', clock }));
      const entry: LamportLogEntry = to.length > 0 ? { event: 'send', clock, queueLength: 0, to } : { event: 'internal', clock, queueLength: 0 };
      enqueue.emit(factEvent('lamport.log', entry));
    }),
  },
}).createMachine({
  id: 'lamport-vm',
  context: ({ input }) => {
    let rng = createRng(input.seed);
    let ticksPerSecond = input.ticksPerSecond;
    if (ticksPerSecond === undefined) [ticksPerSecond, rng] = randomInt(rng, 1, 6);
    return {
      rng,
      peers: input.peers,
      ticksPerSecond,
      internalEventMax: input.internalEventMax ?? 10,
      queueLengthMax: input.queueLengthMax ?? 10_000,
      clock: 0,
      queue: [],
    };
  },
  entry: [enqueueActions(({ context, enqueue }) => enqueue.emit(factEvent('lamport.rate', context.ticksPerSecond))), 'scheduleTick'],
  on: {
    MESSAGE: { actions: 'enqueueMessage' },
    TICK: { actions: ['tick', 'scheduleTick'] },
  },
  initial: 'running',
  states: {
    running: {},
  },
});
