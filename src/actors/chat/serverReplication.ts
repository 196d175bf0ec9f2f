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
  entriesAfter, entryAt, fact, installSnapshot, lastIndex, maybeCompact, persistRecords, quorumOf, replyDurable, send, snapshotOf, termAt, withLog,
  type Out, type ServerContext,
} from './serverContext.ts';
import { compareTerm, sameTerm, type ClientRequest, type Entry, type PeerMessage, type StoreRecord, type Term } from './types.ts';

type Append = Extract<PeerMessage, { type: 'APPEND' }>;
type SnapshotMessage = Extract<PeerMessage, { type: 'SNAPSHOT' }>;
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

/** Checks an append's or snapshot's term: answers a stale leader, adopts a newer term, marks leader contact. */
function acceptLeader(context: ServerContext, out: Out, from: string, term: Term): ServerContext | undefined {
  if (compareTerm(term, context.term) < 0 || term[1] !== from) {
    send(out, from, { type: 'APPEND_REPLY', term: context.term, ok: false, match: 0 });
    return undefined;
  }
  const next = adoptTerm(context, out, term);
  return next.role === 'follower' ? heardLeader(next, from) : undefined; // a leader's own term names it: cannot happen
}

/** A follower handles an append from a leader. */
export function handleAppend(context: ServerContext, out: Out, from: string, message: Append): ServerContext {
  const accepted = acceptLeader(context, out, from, message.term);
  if (accepted === undefined) return context;
  let next: ServerContext = { ...accepted, live: message.live };
  let { prevIndex, prevTerm, entries } = message;
  if (prevIndex < next.base) {
    // Entries up to base are committed here and so equal the leader's: skip them.
    entries = entries.slice(next.base - prevIndex);
    prevIndex = next.base;
    prevTerm = next.baseTerm;
    if (message.prevIndex + message.entries.length < next.base) entries = [];
  }
  if (prevIndex > lastIndex(next) || !sameTerm(termAt(next, prevIndex), prevTerm)) {
    const hint = Math.max(next.base, Math.min(lastIndex(next), prevIndex - 1));
    return replyDurable(next, out, from, { type: 'APPEND_REPLY', term: next.term, ok: false, match: hint });
  }
  const records: StoreRecord[] = [];
  let log = next.log;
  entries.forEach((entry, k) => {
    const index = prevIndex + 1 + k;
    if (sameTerm(termAt(next, index), entry.t) && log === next.log) return; // already have it (a duplicate or a resend)
    if (index <= next.commit) return; // never rewrite a committed entry
    if (log === next.log) log = log.slice(0, index - next.base - 1);
    log.push(entry);
    records.push({ k: 'e', i: index, e: entry });
  });
  if (records.length > 0) next = persistRecords(withLog(next, log), out, records);
  const lastNew = prevIndex + entries.length;
  next = { ...next, commit: Math.max(next.commit, Math.min(message.commit, lastNew)) };
  next = maybeCompact(applyCommitted(next, out), out);
  return replyDurable(next, out, from, { type: 'APPEND_REPLY', term: next.term, ok: true, match: Math.max(lastNew, next.base) });
}

/** A follower (or a new server) handles the leader's snapshot: the state transfer for one too far behind. */
export function handleSnapshot(context: ServerContext, out: Out, from: string, message: SnapshotMessage): ServerContext {
  const accepted = acceptLeader(context, out, from, message.term);
  if (accepted === undefined) return context;
  let next: ServerContext = { ...accepted, live: message.live };
  if (message.snapshot.base > next.applied) {
    next = installSnapshot(next, message.snapshot);
    const records: StoreRecord[] = [{ k: 'snap', s: message.snapshot }, { k: 'term', t: next.term! },
      ...next.log.map((e, k) => ({ k: 'e' as const, i: next.base + 1 + k, e }))];
    next = persistRecords(next, out, records, true);
    fact(out, 'chat.installed', { base: message.snapshot.base, from });
  }
  return replyDurable(next, out, from, { type: 'APPEND_REPLY', term: next.term, ok: true, match: message.snapshot.base });
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

/** Sends one member the entries it lacks (at most batchMax), a heartbeat, or the snapshot when it lags behind the log. */
export function sendAppend(context: ServerContext, out: Out, to: string): void {
  const nextIndex = Math.min(context.next[to] ?? lastIndex(context) + 1, lastIndex(context) + 1);
  const live = liveFollowers(context);
  if (nextIndex <= context.base) {
    send(out, to, { type: 'SNAPSHOT', term: context.term, snapshot: snapshotOf(context), commit: context.commit, live });
    return;
  }
  const prevIndex = nextIndex - 1;
  send(out, to, {
    type: 'APPEND', term: context.term, prevIndex, prevTerm: termAt(context, prevIndex),
    entries: entriesAfter(context, prevIndex).slice(0, context.tuning.batchMax), commit: context.commit, live,
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
  for (let n = lastIndex(context); n > context.commit; n--) {
    if (!sameTerm(termAt(context, n), context.term)) break;
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
    const entry = entryAt(context, index)!;
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
  return maybeCompactLeader({ ...context, chat, applied: context.commit }, out);
}

/** Compaction on the leader keeps entries a lagging follower still needs only while it is live (else it gets the snapshot). */
function maybeCompactLeader(context: ServerContext, out: Out): ServerContext {
  return context.role === 'leader' ? maybeCompact(context, out) : context;
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
  for (let i = lastIndex(context); i > context.commit; i--) {
    const entry = entryAt(context, i)!;
    if (entry.c === from && entry.o === message.opId && entry.s === message.session && sameTerm(entry.t, context.term)) return context; // already on its way
  }
  return appendLocal(context, out, { t: context.term!, op: message.op, c: from, o: message.opId, ...(message.session === undefined ? {} : { s: message.session }) });
}

/** The leader appends an entry to its own log, writes it to its store and sends it out. */
export function appendLocal(context: ServerContext, out: Out, entry: Entry): ServerContext {
  const index = lastIndex(context) + 1;
  let next = withLog(context, [...context.log, entry]);
  next = persistRecords(next, out, [{ k: 'e', i: index, e: entry }]);
  let skip: string | undefined;
  if (entry.op.kind === 'config' && entry.op.add !== undefined) {
    skip = entry.op.add;
    next = { ...next, next: { ...next.next, [skip]: 1 }, match: { ...next.match, [skip]: 0 }, lastAck: { ...next.lastAck, [skip]: next.ticks } };
  }
  // The runtime routes a step's sends before its spawns: a server spawned in this step hears from us from the next tick on.
  for (const member of next.members) if (member !== next.id && member !== skip) sendAppend(next, out, member);
  return next;
}
