/**
 * The chat system's data: operations, results, log entries and the messages actors
 * exchange. Everything is plain data (it crosses threads and lands in traces).
 */

/** A leader's term: a number and the id of the one server that leads it, so two candidates never share a term. */
export type Term = readonly [number, string];

/** A client operation (SYSTEMS.md §4). `ack` removes delivered messages from a mailbox. */
export type ClientOp =
  | { kind: 'create'; name: string }
  | { kind: 'login'; name: string }
  | { kind: 'list'; pattern: string }
  | { kind: 'send'; from: string; to: string; text: string }
  | { kind: 'fetch'; name: string }
  | { kind: 'ack'; name: string; upTo: number }
  | { kind: 'delete'; name: string };

/** Log-only operations: a new leader's first entry, and one-server membership changes. */
export type InternalOp = { kind: 'noop' } | { kind: 'config'; add?: string; remove?: string };

export type Op = ClientOp | InternalOp;

/** A message in a mailbox. `id` is the log index of the send that made it. */
export interface ChatMessage {
  id: number;
  from: string;
  /** The sending client and its operation id (the idempotency key). */
  fc: string;
  o: number;
  text: string;
}

export type OpResult =
  | { ok: true; names?: string[]; messages?: ChatMessage[]; unread?: number; removed?: number }
  | { ok: false; error: string };

/** One log entry. `c`/`o`: the client and operation id, for client operations; `s`: the client's session, if it has one. */
export interface Entry {
  t: Term;
  op: Op;
  c?: string;
  o?: number;
  s?: string;
}

/** The applied state up to `base`: what replaces the log entries up to it (compaction, state transfer). */
export interface Snapshot {
  base: number;
  baseTerm: Term | null;
  chat: import('./chatState.ts').ChatState;
  members: string[];
}

/** What a server writes to its store. The log is rebuilt by folding these in order; a snapshot replaces everything before it. */
export type StoreRecord =
  | { k: 'term'; t: Term }
  | { k: 'e'; i: number; e: Entry }
  | { k: 'len'; n: number }
  | { k: 'snap'; s: Snapshot };

/** Client -> server. */
/** `session`: set by clients that may restart (a person's seat): with opId it forms the idempotency key. */
export type ClientRequest = { type: 'C_REQ'; opId: number; op: ClientOp; session?: string };

/** Server -> client. */
export type ServerToClient =
  | { type: 'C_REPLY'; opId: number; result: OpResult }
  | { type: 'C_REDIRECT'; opId: number; leader: string | null }
  | { type: 'C_PUSH'; name: string; messages: ChatMessage[] };

/** Server <-> server. (No top-level `from` field: the runtime sets `from` to the sender on delivery.) */
export type PeerMessage =
  | { type: 'APPEND'; term: Term; prevIndex: number; prevTerm: Term | null; entries: Entry[]; commit: number; live: string[] }
  | { type: 'APPEND_REPLY'; term: Term; ok: boolean; match: number }
  | { type: 'SYNC'; term: Term; fromIndex: number }
  | { type: 'SYNC_REPLY'; term: Term; ok: boolean; lastIndex: number; lastTerm: Term | null; fromIndex: number; suffix: Entry[]; snapshot?: Snapshot }
  | { type: 'SNAPSHOT'; term: Term; snapshot: Snapshot; commit: number; live: string[] };

/** Server <-> its store. */
export type StoreMessage =
  | { type: 'ST_OPEN' }
  | { type: 'ST_DATA'; epoch: number; records: StoreRecord[] }
  | { type: 'ST_CLAIM'; epoch: number }
  | { type: 'ST_CLAIMED'; epoch: number; ok: boolean }
  /** `compact`: the first record supersedes every record before this write. */
  | { type: 'ST_WRITE'; epoch: number; seq: number; records: StoreRecord[]; flush: boolean; compact?: boolean }
  | { type: 'ST_ACK'; epoch: number; seq: number };

/**
 * Orders terms: by number, then by leader id.
 *
 * @example
 * compareTerm([2, 'server-1'], [1, 'server-3']) // => 1
 */
export function compareTerm(a: Term | null, b: Term | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a[0] - b[0] || compareIds(a[1], b[1]);
}

/**
 * Orders server addresses: numeric-aware, so `server-2` < `server-10`.
 *
 * @example
 * ['server-10', 'server-2'].sort(compareIds) // => ['server-2', 'server-10']
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!, y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x), ny = /^\d/.test(y);
    if (nx && ny) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : 1);
}

/** True when two terms are the same. */
export function sameTerm(a: Term | null, b: Term | null): boolean {
  return compareTerm(a, b) === 0;
}
