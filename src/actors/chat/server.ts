/**
 * `chat-server` (SYSTEMS.md §4): leader or follower of the replicated chat service. The
 * machine is one state ticking every `tickMs` plus a dispatcher; the protocol lives in
 * pure functions (serverReplication.ts, serverElection.ts) that a test can drive directly.
 *
 * Start: read the store (`store-<id>`), claim a new epoch (which drops what the previous
 * incarnation wrote but never flushed), rebuild log and term from the records, and wait
 * for a leader. Only the designated initial leader, starting on an empty store, leads at
 * once.
 */
import { enqueueActions, setup } from 'xstate';
import { sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import {
  fact, flushQueue, foldRecords, initialServerContext, installSnapshot, lastIndex, send, withLog,
  type Out, type ServerContext, type ServerInput,
} from './serverContext.ts';
import { applyCommitted, advanceCommit, handleAppend, handleAppendReply, handleClientRequest, handleSnapshot } from './serverReplication.ts';
import { becomeInitialLeader, candidateTick, followerTick, handleSync, handleSyncReply, leaderTick } from './serverElection.ts';
import type { ClientRequest, PeerMessage, StoreMessage } from './types.ts';

export type ServerEvent = (ClientRequest | PeerMessage | StoreMessage) & { from: string };

/**
 * One step of a server: a message or a tick (`{ type: 'TICK' }`). Pure.
 *
 * @example
 * const out: Out = [];
 * const next = serverStep(context, { type: 'TICK', from: '' }, out);
 */
export function serverStep(context: ServerContext, event: ServerEvent | { type: 'TICK'; from?: string }, out: Out): ServerContext {
  switch (event.type) {
    case 'TICK':
      return tick({ ...context, ticks: context.ticks + 1 }, out);
    case 'ST_DATA':
      if (context.role !== 'recovering' || context.recovered !== null) return context;
      send(out, context.store, { type: 'ST_CLAIM', epoch: event.epoch + 1 });
      return { ...context, recovered: event.records, epoch: event.epoch + 1, storeTick: context.ticks };
    case 'ST_CLAIMED':
      return handleClaimed(context, out, event);
    case 'ST_ACK':
      return handleStoreAck(context, out, event);
    case 'ST_OPEN':
    case 'ST_CLAIM':
    case 'ST_WRITE':
      return context; // store messages addressed to a server by mistake
  }
  if (context.role === 'recovering') {
    if (event.type === 'C_REQ') send(out, event.from, { type: 'C_REDIRECT', opId: event.opId, leader: null });
    return context; // peers resend; nothing can be answered before the log is back
  }
  switch (event.type) {
    case 'C_REQ':
      return handleClientRequest(context, out, event.from, event);
    case 'APPEND':
      return handleAppend(context, out, event.from, event);
    case 'APPEND_REPLY':
      return handleAppendReply(context, out, event.from, event);
    case 'SNAPSHOT':
      return handleSnapshot(context, out, event.from, event);
    case 'SYNC':
      return handleSync(context, out, event.from, event);
    case 'SYNC_REPLY':
      return handleSyncReply(context, out, event.from, event);
  }
}

function tick(context: ServerContext, out: Out): ServerContext {
  let next = context;
  if (next.ticks - next.storeTick >= next.tuning.storeRetryTicks) {
    if (next.role === 'recovering') {
      send(out, next.store, next.recovered === null ? { type: 'ST_OPEN' } : { type: 'ST_CLAIM', epoch: next.epoch });
      next = { ...next, storeTick: next.ticks };
    } else if (next.unacked.length > 0) {
      for (const write of next.unacked) send(out, next.store, { type: 'ST_WRITE', epoch: next.epoch, seq: write.seq, records: write.records, flush: true, compact: write.compact });
      next = { ...next, storeTick: next.ticks };
    }
  }
  switch (next.role) {
    case 'follower':
      return followerTick(next, out);
    case 'candidate':
      return candidateTick(next, out);
    case 'leader':
      return leaderTick(next, out);
    default:
      return next;
  }
}

function handleClaimed(context: ServerContext, out: Out, event: Extract<StoreMessage, { type: 'ST_CLAIMED' }>): ServerContext {
  if (context.role !== 'recovering' || context.recovered === null) return context;
  if (!event.ok) {
    send(out, context.store, { type: 'ST_OPEN' });
    return { ...context, recovered: null, storeTick: context.ticks };
  }
  if (event.epoch !== context.epoch) return context;
  const { snapshot, log, term } = foldRecords(context.recovered);
  const restored = snapshot === null ? context : installSnapshot(context, snapshot);
  const next: ServerContext = { ...withLog(restored, log), term, recovered: null, role: 'follower', leader: term?.[1] ?? context.knownLeader, lastLeaderTick: context.ticks };
  fact(out, 'chat.recovered', { base: next.base, lastIndex: lastIndex(next), term });
  if (lastIndex(next) === 0 && term === null && context.knownLeader === context.id) return becomeInitialLeader(next, out);
  fact(out, 'role', 'follower');
  // The designated initial leader counts as knowing the cluster, so a whole cluster restarted at once can still
  // elect (through a majority SYNC, so safely); every other server waits to hear from a leader first.
  return context.knownLeader === context.id ? { ...next, contact: true } : next;
}

function handleStoreAck(context: ServerContext, out: Out, event: Extract<StoreMessage, { type: 'ST_ACK' }>): ServerContext {
  if (event.epoch !== context.epoch || event.seq <= context.seqAcked) return context;
  const done = context.unacked.filter((write) => write.seq <= event.seq);
  const doneIndex = done.at(-1)?.lastIndex ?? 0;
  const ready = context.deferred.filter((reply) => reply.seq <= event.seq);
  for (const reply of ready) send(out, reply.to, reply.event);
  let next: ServerContext = {
    ...context,
    seqAcked: event.seq,
    unacked: context.unacked.filter((write) => write.seq > event.seq),
    deferred: context.deferred.filter((reply) => reply.seq > event.seq),
    durable: Math.max(context.durable, Math.min(doneIndex, lastIndex(context))),
  };
  next = flushQueue(next, out);
  if (next.role === 'leader') next = applyCommitted(advanceCommit(next), out);
  return next;
}

/** The chat server machine. */
export const chatServer = setup({
  types: { context: {} as ServerContext, events: {} as ServerEvent, input: {} as ServerInput, emitted: {} as TroupeEmitted },
  delays: { tick: ({ context }) => context.tuning.tickMs },
  actions: {
    step: enqueueActions(({ context, event, enqueue }) => {
      const out: Out = [];
      const next = serverStep(context, event as ServerEvent, out);
      if (next !== context) enqueue.assign(() => next);
      for (const emitted of out) enqueue.emit(emitted);
    }),
  },
}).createMachine({
  id: 'chat-server',
  context: ({ input }) => initialServerContext(input.id, input),
  entry: enqueueActions(({ context, enqueue }) => enqueue.emit(sendEvent(context.store, { type: 'ST_OPEN' }))),
  on: { '*': { actions: 'step' } },
  initial: 'running',
  states: {
    running: {
      after: { tick: { target: 'running', reenter: true, actions: enqueueActions(({ context, enqueue }) => {
        const out: Out = [];
        const next = serverStep(context, { type: 'TICK' }, out);
        if (next !== context) enqueue.assign(() => next);
        for (const emitted of out) enqueue.emit(emitted);
      }) } },
    },
  },
});
