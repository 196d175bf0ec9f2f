/**
 * The chat server's context and the small helpers every handler uses: sending, deferring a
 * reply until the store has flushed, writing to the store, and deriving membership from
 * the log. Handlers are pure functions `(context, event) => context`, pushing what the
 * server emits onto an `Out` list; the machine in server.ts only dispatches to them.
 */
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { MessageEvent } from '../../runtime/messages.ts';
import { emptyChatState, type ChatState } from './chatState.ts';
import { compareIds, sameTerm, type Entry, type Snapshot, type StoreRecord, type Term } from './types.ts';

/** Timing and limits of a server, in ticks of `tickMs` (a server's only clock). */
export interface ServerTuning {
  tickMs: number;
  /** The leader sends appends (heartbeats) every tick; a follower silent this long is not live. */
  followerTimeoutTicks: number;
  /** A leader silent this long starts a failover round (the k-th lowest live server stands in round k+1). */
  electionTicks: number;
  /** A candidate resends SYNC to servers that have not answered. */
  syncRetryTicks: number;
  /** Unacknowledged store writes (and opens) are resent. */
  storeRetryTicks: number;
  /** With fewer than two live followers this long, the leader spawns a new server. */
  repairTicks: number;
  /** A leader that cannot reach a majority this long steps down (it could not acknowledge anyway). */
  stepDownTicks: number;
  /** Most entries in one append. */
  batchMax: number;
  /** Copies (leader included) a write needs before it is acknowledged. */
  replicasMin: number;
  /** Most servers one leader spawns in its term; at it, it waits for restarts instead. */
  spawnsMax: number;
  /** Longest log; at it the leader answers new writes with a redirect-free 'log full' error. */
  logEntriesMax: number;
  /** Most replies waiting for a flush; at it the oldest is dropped (its sender retries). */
  deferredMax: number;
  /** Applied entries are folded into a snapshot once this many have piled up, keeping log and store short. */
  compactEntries: number;
}

export const defaultServerTuning: ServerTuning = {
  tickMs: 50,
  followerTimeoutTicks: 8,
  electionTicks: 8,
  syncRetryTicks: 3,
  storeRetryTicks: 2,
  repairTicks: 20,
  stepDownTicks: 16,
  batchMax: 64,
  replicasMin: 3,
  spawnsMax: 2,
  logEntriesMax: 20_000,
  deferredMax: 256,
  compactEntries: 32,
};

export type Role = 'recovering' | 'follower' | 'candidate' | 'leader';

export interface SyncReply {
  lastIndex: number;
  lastTerm: Term | null;
  suffix: Entry[];
  /** Present when the responder had compacted past the candidate's commit: the suffix follows it. */
  snapshot?: Snapshot;
}

export interface ServerContext {
  id: string;
  store: string;
  tuning: ServerTuning;
  initialServers: string[];
  knownLeader: string;
  role: Role;
  term: Term | null;
  leader: string | null;
  /** True once this incarnation heard from a leader (or is the initial leader): only then may it stand. */
  contact: boolean;
  /** Entries up to `base` are folded into `chat` (a snapshot); `log` holds entries base+1 … */
  base: number;
  baseTerm: Term | null;
  baseMembers: string[];
  log: Entry[];
  commit: number;
  applied: number;
  chat: ChatState;
  members: string[];
  ticks: number;
  lastLeaderTick: number;
  silentRounds: number;
  /** The leader's last word on which followers are live: the failover order. */
  live: string[];
  // leader
  match: Record<string, number>;
  next: Record<string, number>;
  lastAck: Record<string, number>;
  durable: number;
  belowSince: number | null;
  noMajoritySince: number | null;
  spawned: number;
  // candidate
  syncFrom: number;
  syncTick: number;
  syncReplies: Record<string, SyncReply>;
  // store
  epoch: number;
  storeTick: number;
  seqSent: number;
  seqAcked: number;
  /** The one write in flight (group commit: the network may reorder, so never more than one). */
  unacked: { seq: number; records: StoreRecord[]; lastIndex: number; compact: boolean }[];
  /** Records waiting for the write in flight to be acknowledged; they go out together as the next write. */
  queued: StoreRecord[];
  queuedCompact: boolean;
  deferred: { seq: number; to: string; event: MessageEvent }[];
  recovered: StoreRecord[] | null;
}

export type Out = TroupeEmitted[];

export interface ServerInput {
  seed?: number;
  /** This server's actor id (the runtime does not pass it). */
  id: string;
  /** Every server known at start, including this one. */
  servers: string[];
  /** The leader at start. Only that server, starting with an empty store, leads without a failover. */
  leader: string;
  /** The store actor's id; `store-<id>` by default. */
  store?: string;
  tuning?: Partial<ServerTuning>;
}

/** A fresh server context from its input (before it has read its store). */
export function initialServerContext(id: string, input: ServerInput): ServerContext {
  return {
    id, store: input.store ?? `store-${id}`, tuning: { ...defaultServerTuning, ...input.tuning },
    initialServers: [...input.servers].sort(compareIds), knownLeader: input.leader,
    role: 'recovering', term: null, leader: null, contact: false,
    base: 0, baseTerm: null, baseMembers: [...input.servers].sort(compareIds),
    log: [], commit: 0, applied: 0, chat: emptyChatState(), members: [...input.servers].sort(compareIds),
    ticks: 0, lastLeaderTick: 0, silentRounds: 0, live: [],
    match: {}, next: {}, lastAck: {}, durable: 0, belowSince: null, noMajoritySince: null, spawned: 0,
    syncFrom: 0, syncTick: 0, syncReplies: {},
    epoch: 0, storeTick: 0, seqSent: 0, seqAcked: 0, unacked: [], queued: [], queuedCompact: false, deferred: [], recovered: null,
  };
}

/** Sends a message now. */
export function send(out: Out, to: string, event: MessageEvent): void {
  out.push(sendEvent(to, event));
}

export function fact(out: Out, name: string, value: unknown): void {
  out.push(factEvent(name, value));
}

/** The write that will hold everything written so far: the one in flight, or the next if records are queued. */
export const pendingSeq = (context: ServerContext) => context.seqSent + (context.queued.length > 0 ? 1 : 0);

/** Sends a reply once everything written so far is flushed (a promise made from memory must not outlive a crash). */
export function replyDurable(context: ServerContext, out: Out, to: string, event: MessageEvent): ServerContext {
  const seq = pendingSeq(context);
  if (context.seqAcked >= seq) {
    send(out, to, event);
    return context;
  }
  const deferred = [...context.deferred, { seq, to, event }];
  return { ...context, deferred: deferred.length > context.tuning.deferredMax ? deferred.slice(1) : deferred };
}

/** Writes records to the store, flushed (`compact`: they replace everything stored before). */
export function persistRecords(context: ServerContext, out: Out, records: StoreRecord[], compact = false): ServerContext {
  if (records.length === 0) return context;
  // A compaction rewrites the whole log, so it supersedes whatever was still queued.
  const queued = compact ? [...records] : [...context.queued, ...records];
  return flushQueue({ ...context, queued, queuedCompact: compact || context.queuedCompact }, out);
}

/** Sends the queued records as one write when no write is in flight. */
export function flushQueue(context: ServerContext, out: Out): ServerContext {
  if (context.queued.length === 0 || context.unacked.length > 0) return context;
  const seq = context.seqSent + 1;
  const write = { seq, records: context.queued, lastIndex: lastIndex(context), compact: context.queuedCompact };
  send(out, context.store, { type: 'ST_WRITE', epoch: context.epoch, seq, records: write.records, flush: true, compact: write.compact });
  return { ...context, seqSent: seq, storeTick: context.ticks, unacked: [write], queued: [], queuedCompact: false };
}

/** Index of the last entry (compacted ones included). */
export const lastIndex = (context: ServerContext) => context.base + context.log.length;

/** Term of the last entry. */
export const lastTerm = (context: ServerContext) => context.log.at(-1)?.t ?? context.baseTerm;

/** Entries after `index` (index >= base). */
export const entriesAfter = (context: ServerContext, index: number) => context.log.slice(Math.max(0, index - context.base));

/** The entry at `index`, if it is still in the log. */
export const entryAt = (context: ServerContext, index: number): Entry | undefined =>
  index > context.base ? context.log[index - context.base - 1] : undefined;

/** Term at `index`: the snapshot's at `base`, null before it (compacted) or past the end. */
export function termAt(context: ServerContext, index: number): Term | null {
  if (index === context.base) return context.baseTerm;
  return entryAt(context, index)?.t ?? null;
}

/** The snapshot at `applied`, for compaction and state transfer. */
export function snapshotOf(context: ServerContext): Snapshot {
  return {
    base: context.applied, baseTerm: termAt(context, context.applied), chat: context.chat,
    members: membersOf(context.baseMembers, context.log.slice(0, context.applied - context.base)),
  };
}

/** Folds applied entries into a snapshot once enough have piled up, and rewrites the store to match. */
export function maybeCompact(context: ServerContext, out: Out): ServerContext {
  if (context.applied - context.base < context.tuning.compactEntries) return context;
  const snapshot = snapshotOf(context);
  const log = entriesAfter(context, context.applied);
  const next: ServerContext = { ...context, base: snapshot.base, baseTerm: snapshot.baseTerm, baseMembers: snapshot.members, log };
  const records: StoreRecord[] = [{ k: 'snap', s: snapshot }, ...(context.term === null ? [] : [{ k: 'term' as const, t: context.term }]),
    ...log.map((e, k) => ({ k: 'e' as const, i: snapshot.base + 1 + k, e }))];
  return persistRecords(next, out, records, true);
}

/** Installs a snapshot newer than what this server applied, keeping log entries after it when they agree. */
export function installSnapshot(context: ServerContext, snapshot: Snapshot): ServerContext {
  const keep = sameTerm(termAt(context, snapshot.base), snapshot.baseTerm) ? entriesAfter(context, snapshot.base) : [];
  const next: ServerContext = {
    ...context, base: snapshot.base, baseTerm: snapshot.baseTerm, baseMembers: snapshot.members, chat: snapshot.chat,
    log: keep, commit: Math.max(context.commit, snapshot.base), applied: snapshot.base,
  };
  return { ...next, members: membersOf(next.baseMembers, keep) };
}

/** Members: the starting servers, changed by every config entry in the log (committed or not, as Raft does). */
export function membersOf(initial: readonly string[], log: readonly Entry[]): string[] {
  const members = new Set(initial);
  for (const entry of log) {
    if (entry.op.kind !== 'config') continue;
    if (entry.op.add !== undefined) members.add(entry.op.add);
    if (entry.op.remove !== undefined) members.delete(entry.op.remove);
  }
  return [...members].sort(compareIds);
}

/** Replaces the log (and the members derived from it, recomputed only when a config entry came or went). */
export function withLog(context: ServerContext, log: Entry[]): ServerContext {
  let same = 0;
  while (same < log.length && same < context.log.length && log[same] === context.log[same]) same++;
  const isConfig = (entry: Entry) => entry.op.kind === 'config';
  const changed = context.log.slice(same).some(isConfig) || log.slice(same).some(isConfig);
  return { ...context, log, members: changed ? membersOf(context.baseMembers, log) : context.members };
}

/** Votes needed: a majority of members, and at least `replicasMin` copies while there are that many members. */
export function quorumOf(context: ServerContext): number {
  const n = context.members.length;
  return Math.max(Math.floor(n / 2) + 1, Math.min(context.tuning.replicasMin, n));
}

/** Rebuilds snapshot, log and term from store records. */
export function foldRecords(records: readonly StoreRecord[]): { snapshot: Snapshot | null; log: Entry[]; term: Term | null } {
  let log: Entry[] = [];
  let term: Term | null = null;
  let snapshot: Snapshot | null = null;
  for (const record of records) {
    const base = snapshot?.base ?? 0;
    if (record.k === 'term') term = record.t;
    else if (record.k === 'snap') {
      snapshot = record.s;
      log = [];
    } else if (record.k === 'len') log.length = Math.max(0, Math.min(log.length, record.n - base));
    else if (record.i > base) {
      log.length = Math.min(log.length, record.i - base - 1);
      if (log.length === record.i - base - 1) log.push(record.e);
    }
  }
  return { snapshot, log, term };
}
