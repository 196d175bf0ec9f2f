/**
 * Failover and repair. A follower that hears nothing from its leader for `electionTicks`
 * starts a round; the lowest live server (in the leader's last list of live followers)
 * stands in the first round, the next one in the second if the first did not take over,
 * and so on. A server stands only once this incarnation has heard from a leader (a server
 * started with a known leader, or restarted, never declares itself leader on its own).
 *
 * A candidate takes a term of its own (number + id), collects the log tails of a majority
 * of members (SYNC), adopts the most up-to-date one (by last term, then length: Raft's
 * rule, so every committed entry survives), appends a no-op and leads. It never calls a
 * follower from inside that follower's call (no nested calls: every message is one-way).
 *
 * The leader repairs: with fewer than two live followers for `repairTicks` it spawns a new
 * server and adds it to the membership (one change at a time), and once no change is
 * pending it removes a member that has been dead that long.
 */
import { spawnEvent } from '../../runtime/effects.ts';
import {
  entriesAfter, fact, installSnapshot, lastIndex, lastTerm, persistRecords, replyDurable, send, snapshotOf, withLog,
  type Out, type ServerContext, type SyncReply,
} from './serverContext.ts';
import { adoptTerm, appendLocal, applyCommitted, broadcastAppend, heardLeader, liveFollowers } from './serverReplication.ts';
import { compareIds, compareTerm, sameTerm, type Entry, type PeerMessage, type StoreRecord } from './types.ts';

type Sync = Extract<PeerMessage, { type: 'SYNC' }>;
type SyncReplyMessage = Extract<PeerMessage, { type: 'SYNC_REPLY' }>;

const majority = (context: ServerContext) => Math.floor(context.members.length / 2) + 1;

/** A follower's tick: count silent rounds and stand when its turn comes. */
export function followerTick(context: ServerContext, out: Out): ServerContext {
  if (!context.contact || context.ticks - context.lastLeaderTick < context.tuning.electionTicks) return context;
  const silentRounds = context.silentRounds + 1;
  const next = { ...context, silentRounds, lastLeaderTick: context.ticks };
  const order = [...new Set([...context.live, context.id])]
    .filter((id) => (id !== context.leader || id === context.id) && context.members.includes(id))
    .sort(compareIds);
  const rank = order.indexOf(context.id);
  if (rank < 0 || silentRounds <= rank) return next;
  return becomeCandidate(next, out);
}

function becomeCandidate(context: ServerContext, out: Out): ServerContext {
  const term = [(context.term?.[0] ?? 0) + 1, context.id] as const;
  const self: SyncReply = { lastIndex: lastIndex(context), lastTerm: lastTerm(context), suffix: entriesAfter(context, context.commit) };
  let next: ServerContext = { ...context, role: 'candidate', term, leader: context.id, syncFrom: context.commit, syncTick: context.ticks, syncReplies: { [context.id]: self } };
  fact(out, 'role', 'candidate');
  next = persistRecords(next, out, [{ k: 'term', t: term }]);
  sendSync(next, out);
  return maybeLead(next, out);
}

function sendSync(context: ServerContext, out: Out): void {
  for (const member of context.members) {
    if (member !== context.id && context.syncReplies[member] === undefined) send(out, member, { type: 'SYNC', term: context.term, fromIndex: context.syncFrom });
  }
}

/** A candidate's tick: ask again those that have not answered. */
export function candidateTick(context: ServerContext, out: Out): ServerContext {
  if (context.ticks - context.syncTick < context.tuning.syncRetryTicks) return context;
  sendSync(context, out);
  return { ...context, syncTick: context.ticks };
}

/** Any server handles a candidate's SYNC: a higher term wins; the answer carries its log tail. */
export function handleSync(context: ServerContext, out: Out, from: string, message: Sync): ServerContext {
  if (compareTerm(message.term, context.term) < 0 || message.term[1] !== from) {
    send(out, from, { type: 'SYNC_REPLY', term: context.term, ok: false, lastIndex: 0, lastTerm: null, fromIndex: message.fromIndex, suffix: [] });
    return context;
  }
  if (context.role === 'recovering') return context;
  const next = heardLeader(adoptTerm(context, out, message.term), from);
  const compacted = message.fromIndex < next.base;
  const reply = {
    type: 'SYNC_REPLY', term: next.term, ok: true, lastIndex: lastIndex(next), lastTerm: lastTerm(next), fromIndex: message.fromIndex,
    suffix: entriesAfter(next, compacted ? next.applied : message.fromIndex), ...(compacted ? { snapshot: snapshotOf(next) } : {}),
  };
  // Durable first: the term it just adopted must survive a crash, or it could later help an older leader.
  return replyDurable(next, out, from, reply);
}

/** A candidate collects SYNC answers. */
export function handleSyncReply(context: ServerContext, out: Out, from: string, message: SyncReplyMessage): ServerContext {
  if (compareTerm(message.term, context.term) > 0) return adoptTerm(context, out, message.term);
  if (!message.ok || context.role !== 'candidate' || !sameTerm(message.term, context.term) || message.fromIndex !== context.syncFrom) return context;
  const reply: SyncReply = { lastIndex: message.lastIndex, lastTerm: message.lastTerm, suffix: message.suffix, ...(message.snapshot === undefined ? {} : { snapshot: message.snapshot }) };
  return maybeLead({ ...context, syncReplies: { ...context.syncReplies, [from]: reply } }, out);
}

function maybeLead(context: ServerContext, out: Out): ServerContext {
  const answered = Object.keys(context.syncReplies).filter((id) => context.members.includes(id));
  if (answered.length < majority(context)) return context;
  let best = context.syncReplies[context.id]!;
  for (const id of answered) {
    const reply = context.syncReplies[id]!;
    const order = compareTerm(reply.lastTerm, best.lastTerm) || reply.lastIndex - best.lastIndex;
    if (order > 0) best = reply;
  }
  let next = context;
  const own = context.syncReplies[context.id]!;
  if (best !== own && best.snapshot !== undefined && best.snapshot.base > context.commit) {
    next = withLog(installSnapshot({ ...next, log: [] }, best.snapshot), best.suffix);
    const records: StoreRecord[] = [{ k: 'snap', s: best.snapshot }, { k: 'term', t: next.term! }, ...best.suffix.map((e, k) => ({ k: 'e' as const, i: next.base + 1 + k, e }))];
    next = persistRecords(next, out, records, true);
  } else if (best !== own) {
    const from = context.syncFrom; // our commit: every log agrees up to it
    const log: Entry[] = [...context.log.slice(0, from - context.base), ...best.suffix];
    const records: StoreRecord[] = [{ k: 'len', n: from }, ...best.suffix.map((e, k) => ({ k: 'e' as const, i: from + 1 + k, e }))];
    next = persistRecords(withLog(next, log), out, records);
  }
  const lastAck: Record<string, number> = {};
  const nextIndex: Record<string, number> = {};
  for (const member of next.members) {
    lastAck[member] = next.ticks; // a grace period before anyone counts as dead
    nextIndex[member] = lastIndex(next) + 1;
  }
  next = {
    ...next, role: 'leader', leader: next.id, contact: true, syncReplies: {}, match: {}, next: nextIndex, lastAck,
    durable: next.unacked.length === 0 ? lastIndex(next) : Math.min(next.syncFrom, lastIndex(next)), belowSince: null, noMajoritySince: null, spawned: 0,
  };
  fact(out, 'role', 'leader');
  fact(out, 'chat.leader', { term: next.term, lastIndex: lastIndex(next) });
  return appendLocal(next, out, { t: next.term!, op: { kind: 'noop' } });
}

/** The initial leader of a fresh cluster takes term 1 without a failover. */
export function becomeInitialLeader(context: ServerContext, out: Out): ServerContext {
  const term = [1, context.id] as const;
  let next: ServerContext = { ...context, term, role: 'leader', leader: context.id, contact: true };
  next = persistRecords(next, out, [{ k: 'term', t: term }]);
  return maybeLead({ ...next, syncFrom: 0, syncReplies: Object.fromEntries(next.members.map((m) => [m, { lastIndex: 0, lastTerm: null, suffix: [] }])) }, out);
}

/** The leader's tick: heartbeats, stepping down when cut off, repair and membership cleanup. */
export function leaderTick(context: ServerContext, out: Out): ServerContext {
  broadcastAppend(context, out);
  const live = liveFollowers(context);
  let next = context;
  if (live.length + 1 < majority(context)) {
    const since = context.noMajoritySince ?? context.ticks;
    if (context.ticks - since >= context.tuning.stepDownTicks) {
      fact(out, 'role', 'follower');
      return { ...context, role: 'follower', leader: null, lastLeaderTick: context.ticks, silentRounds: 0, live, noMajoritySince: null };
    }
    next = { ...next, noMajoritySince: since };
  } else if (context.noMajoritySince !== null) next = { ...next, noMajoritySince: null };
  const configPending = entriesAfter(next, next.commit).some((entry) => entry.op.kind === 'config');
  if (live.length + 1 < next.tuning.replicasMin) {
    const since = next.belowSince ?? next.ticks;
    next = { ...next, belowSince: since };
    if (next.ticks - since >= next.tuning.repairTicks && !configPending && next.spawned < next.tuning.spawnsMax) return spawnReplica(next, out);
    return next;
  }
  if (next.belowSince !== null) next = { ...next, belowSince: null };
  if (configPending || next.members.length <= next.tuning.replicasMin) return next;
  const dead = next.members.find((m) => m !== next.id && next.ticks - (next.lastAck[m] ?? -Infinity) >= next.tuning.repairTicks);
  return dead === undefined ? next : appendLocal(next, out, { t: next.term!, op: { kind: 'config', remove: dead } });
}

function spawnReplica(context: ServerContext, out: Out): ServerContext {
  const spawned = context.spawned + 1;
  const id = `${context.id}-r${context.term![0]}.${spawned}`;
  out.push(spawnEvent(`store-${id}`, 'chat-store', {}));
  out.push(spawnEvent(id, 'chat-server', { id, servers: context.initialServers, leader: context.id, tuning: context.tuning }));
  fact(out, 'chat.spawn', { id });
  return appendLocal({ ...context, spawned, belowSince: null }, out, { t: context.term!, op: { kind: 'config', add: id } });
}

export { applyCommitted };
