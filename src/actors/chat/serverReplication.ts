/**
 * Replication: the leader appends client operations to its log, sends them to every
 * member, and commits an entry of its own term once a quorum has it flushed (the leader
 * counts itself once its own store has flushed it). Followers accept appends only from
 * the leader of the highest term they know, so an old leader, cut off or outvoted, never
 * gathers a quorum again: it cannot acknowledge a write. Committed entries are applied in
 * order on every server; the leader answers the client and pushes new messages.
 */
import { applyEntry } from './chatState.ts';
import {
  fact, persistRecords, quorumOf, replyDurable, send, termAt, withLog,
  type Out, type ServerContext,
} from './serverContext.ts';
import { compareTerm, sameTerm, type ClientRequest, type Entry, type PeerMessage, type StoreRecord, type Term } from './types.ts';

type Append = Extract<PeerMessage, { type: 'APPEND' }>;
type AppendReply = Extract<PeerMessage, { type: 'APPEND_REPLY' }>;

/**
 * Moves to a higher term (persisted before any reply, see replyDurable); a leader or
 * candidate of a lower term steps down.
 */
export function adoptTerm(context: ServerContext, out: Out, term: Term): ServerContext {
  if (compareTerm(term, context.term) <= 0) return context;
  let next: ServerContext = { ...context, term, leader: term[1] };
  if (context.role === 'leader' || context.role === 'candidate') {
    next = { ...next, role: 'follower', syncReplies: {} };
    fact(out, 'role', 'follower');
  }
  return persistRecords(next, out, [{ k: 'term', t: term }]);
}

/** Marks fresh contact with the current leader. */
export function heardLeader(context: ServerContext, leader: string): ServerContext {
  return { ...context, leader, contact: true, lastLeaderTick: context.ticks, silentRounds: 0 };
}

/** A follower handles an append from a leader. */
export function handleAppend(context: ServerContext, out: Out, from: string, message: Append): ServerContext {
  if (compareTerm(message.term, context.term) < 0 || message.term[1] !== from) {
    send(out, from, { type: 'APPEND_REPLY', term: context.term, ok: false, match: 0 });
    return context;
  }
  let next = adoptTerm(context, out, message.term);
  if (next.role !== 'follower') return next; // a leader or candidate of this very term: cannot happen, term names its leader
  next = { ...heardLeader(next, from), live: message.live };
  const { prevIndex, prevTerm, entries } = message;
  if (prevIndex > next.log.length || !sameTerm(termAt(next.log, prevIndex), prevTerm)) {
    const hint = Math.min(next.log.length, prevIndex - 1);
    return replyDurable(next, out, from, { type: 'APPEND_REPLY', term: next.term, ok: false, match: Math.max(0, hint) });
  }
  const records: StoreRecord[] = [];
  let log = next.log;
  entries.forEach((entry, k) => {
    const index = prevIndex + 1 + k;
    if (sameTerm(termAt(log, index), entry.t)) return; // already have it (a duplicate or a resend)
    if (index <= next.commit) return; // never rewrite a committed entry
    if (log === next.log) log = log.slice(0, index - 1);
    else log.length = index - 1;
    log.push(entry);
    records.push({ k: 'e', i: index, e: entry });
  });
  if (records.length > 0) next = persistRecords(withLog(next, log), out, records);
  const lastNew = prevIndex + entries.length;
  next = { ...next, commit: Math.max(next.commit, Math.min(message.commit, lastNew)) };
  next = applyCommitted(next, out);
  return replyDurable(next, out, from, { type: 'APPEND_REPLY', term: next.term, ok: true, match: lastNew });
}

/** The leader handles a follower's answer. */
export function handleAppendReply(context: ServerContext, out: Out, from: string, message: AppendReply): ServerContext {
  if (compareTerm(message.term, context.term) > 0) return adoptTerm(context, out, message.term);
  if (context.role !== 'leader' || !sameTerm(message.term, context.term)) return context;
  const lastAck = { ...context.lastAck, [from]: context.ticks };
  if (message.ok) {
    const match = Math.max(context.match[from] ?? 0, message.match);
    const next = { ...context, lastAck, match: { ...context.match, [from]: match }, next: { ...context.next, [from]: match + 1 } };
    return applyCommitted(advanceCommit(next), out);
  }
  const nextIndex = Math.max(1, Math.min((context.next[from] ?? 1) - 1, message.match + 1));
  const next = { ...context, lastAck, next: { ...context.next, [from]: nextIndex } };
  sendAppend(next, out, from);
  return next;
}

/** Sends one member the entries it lacks (at most batchMax), or a heartbeat. */
export function sendAppend(context: ServerContext, out: Out, to: string): void {
  const nextIndex = Math.min(context.next[to] ?? context.log.length + 1, context.log.length + 1);
  const prevIndex = nextIndex - 1;
  send(out, to, {
    type: 'APPEND', term: context.term, prevIndex, prevTerm: termAt(context.log, prevIndex),
    entries: context.log.slice(prevIndex, prevIndex + context.tuning.batchMax), commit: context.commit, live: liveFollowers(context),
  });
}

/** Sends every other member an append. */
export function broadcastAppend(context: ServerContext, out: Out): void {
  for (const member of context.members) if (member !== context.id) sendAppend(context, out, member);
}

/** Followers heard from within the follower timeout. */
export function liveFollowers(context: ServerContext): string[] {
  return context.members.filter((m) => m !== context.id && context.ticks - (context.lastAck[m] ?? -Infinity) <= context.tuning.followerTimeoutTicks);
}

/** Commits the highest entry of the current term that a quorum has flushed (earlier entries commit with it). */
export function advanceCommit(context: ServerContext): ServerContext {
  const quorum = quorumOf(context);
  for (let n = context.log.length; n > context.commit; n--) {
    if (!sameTerm(context.log[n - 1]!.t, context.term)) break;
    let count = context.members.includes(context.id) && context.durable >= n ? 1 : 0;
    for (const member of context.members) if (member !== context.id && (context.match[member] ?? 0) >= n) count++;
    if (count >= quorum) return { ...context, commit: n };
  }
  return context;
}

/** Applies committed entries; the leader answers clients of its own term's entries and pushes new messages. */
export function applyCommitted(context: ServerContext, out: Out): ServerContext {
  if (context.applied >= context.commit) return context;
  let chat = context.chat;
  for (let index = context.applied + 1; index <= context.commit; index++) {
    const entry = context.log[index - 1]!;
    const [next, result] = applyEntry(chat, entry, index);
    chat = next;
    if (result === undefined || context.role !== 'leader' || !sameTerm(entry.t, context.term) || entry.c === undefined) continue;
    fact(out, 'chat.ack', { term: context.term, client: entry.c, opId: entry.o, index });
    send(out, entry.c, { type: 'C_REPLY', opId: entry.o, result });
    const op = entry.op;
    const pushTo = op.kind === 'send' && result.ok ? op.to : op.kind === 'login' && result.ok ? op.name : undefined;
    const account = pushTo === undefined ? undefined : chat.accounts[pushTo];
    if (account?.session !== undefined && account.mailbox.length > 0) {
      send(out, account.session, { type: 'C_PUSH', name: pushTo!, messages: account.mailbox });
    }
  }
  return { ...context, chat, applied: context.commit };
}

/** A client operation reaches a server. Only the leader takes it; others point to the leader they know. */
export function handleClientRequest(context: ServerContext, out: Out, from: string, message: ClientRequest): ServerContext {
  if (context.role !== 'leader') {
    send(out, from, { type: 'C_REDIRECT', opId: message.opId, leader: context.role === 'recovering' ? null : context.leader === context.id ? null : context.leader });
    return context;
  }
  if (context.log.length >= context.tuning.logEntriesMax) {
    send(out, from, { type: 'C_REPLY', opId: message.opId, result: { ok: false, error: 'log full' } });
    return context;
  }
  for (let i = context.log.length; i > context.commit; i--) {
    const entry = context.log[i - 1]!;
    if (entry.c === from && entry.o === message.opId && sameTerm(entry.t, context.term)) return context; // already on its way
  }
  return appendLocal(context, out, { t: context.term!, op: message.op, c: from, o: message.opId });
}

/** The leader appends an entry to its own log, writes it to its store and sends it out. */
export function appendLocal(context: ServerContext, out: Out, entry: Entry): ServerContext {
  const index = context.log.length + 1;
  let next = withLog(context, [...context.log, entry]);
  next = persistRecords(next, out, [{ k: 'e', i: index, e: entry }]);
  if (entry.op.kind === 'config' && entry.op.add !== undefined) {
    const add = entry.op.add;
    next = { ...next, next: { ...next.next, [add]: 1 }, match: { ...next.match, [add]: 0 }, lastAck: { ...next.lastAck, [add]: next.ticks } };
  }
  broadcastAppend(next, out);
  return next;
}
