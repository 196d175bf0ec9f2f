/**
 * The replicated chat state and how a committed log entry changes it. Every server applies
 * the same entries in the same order, so every server computes the same state and the
 * same results. Retries are idempotent: each client's last operation id and result are
 * part of the state, so a retried operation that was already applied returns the first
 * result and changes nothing (the idempotency key is the pair client, operation id).
 */
import type { ChatMessage, Entry, OpResult } from './types.ts';

export interface Account {
  mailbox: ChatMessage[];
  /** The client logged in to this account, which gets its messages pushed. */
  session?: string;
}

export interface ChatState {
  accounts: Record<string, Account>;
  /** Per client (and session): the last applied operation id and its result. Bounded by the number of client sessions. */
  last: Record<string, { o: number; r: OpResult }>;
}

/** Most undelivered messages one account keeps; a send to a full mailbox fails with 'mailbox full'. */
export const mailboxMax = 200;
/** Longest account name and message text accepted. */
export const nameLengthMax = 32;
export const textLengthMax = 500;

export const emptyChatState = (): ChatState => ({ accounts: {}, last: {} });

/**
 * Applies the committed entry at `index`. Pure: returns the next state and the result.
 *
 * @example
 * const [state, result] = applyEntry(emptyChatState(), { t: [1, 's1'], op: { kind: 'create', name: 'ann' }, c: 'client-1', o: 1 }, 1);
 */
export function applyEntry(state: ChatState, entry: Entry, index: number): [ChatState, OpResult | undefined] {
  const op = entry.op;
  if (op.kind === 'noop' || op.kind === 'config') return [state, undefined];
  const client = entry.c ?? '';
  const key = entry.s === undefined ? client : `${client}~${entry.s}`;
  const seen = state.last[key];
  if (seen !== undefined && entry.o !== undefined && entry.o <= seen.o) {
    // A retry of an applied operation: the first result stands. Older ids are stale duplicates.
    return [state, entry.o === seen.o ? seen.r : { ok: false, error: 'stale retry' }];
  }
  const [next, result] = applyOp(state, entry, index, client);
  return [{ ...next, last: { ...next.last, [key]: { o: entry.o ?? 0, r: result } } }, result];
}

function applyOp(state: ChatState, entry: Entry, index: number, client: string): [ChatState, OpResult] {
  const op = entry.op;
  const accounts = state.accounts;
  const put = (name: string, account: Account | undefined): ChatState => {
    const next = { ...accounts };
    if (account === undefined) delete next[name];
    else next[name] = account;
    return { ...state, accounts: next };
  };
  switch (op.kind) {
    case 'create':
      if (!validName(op.name)) return [state, { ok: false, error: 'invalid name' }];
      if (accounts[op.name] !== undefined) return [state, { ok: false, error: 'name taken' }];
      return [put(op.name, { mailbox: [], session: client }), { ok: true }];
    case 'login': {
      const account = accounts[op.name];
      if (account === undefined) return [state, { ok: false, error: 'no such account' }];
      return [put(op.name, { ...account, session: client }), { ok: true, unread: account.mailbox.length }];
    }
    case 'list':
      return [state, { ok: true, names: Object.keys(accounts).filter((name) => matchesWildcard(op.pattern, name)).sort() }];
    case 'send': {
      const account = accounts[op.to];
      if (account === undefined) return [state, { ok: false, error: 'no such account' }];
      if (account.mailbox.length >= mailboxMax) return [state, { ok: false, error: 'mailbox full' }];
      const message: ChatMessage = { id: index, from: op.from, fc: client, o: entry.o ?? 0, text: op.text.slice(0, textLengthMax) };
      return [put(op.to, { ...account, mailbox: [...account.mailbox, message] }), { ok: true }];
    }
    case 'fetch': {
      const account = accounts[op.name];
      if (account === undefined) return [state, { ok: false, error: 'no such account' }];
      return [state, { ok: true, messages: account.mailbox }];
    }
    case 'ack': {
      const account = accounts[op.name];
      if (account === undefined) return [state, { ok: false, error: 'no such account' }];
      const mailbox = account.mailbox.filter((message) => message.id > op.upTo);
      return [put(op.name, { ...account, mailbox }), { ok: true, removed: account.mailbox.length - mailbox.length }];
    }
    case 'delete':
      if (accounts[op.name] === undefined) return [state, { ok: false, error: 'no such account' }];
      return [put(op.name, undefined), { ok: true }];
    default:
      return [state, { ok: false, error: `unknown operation '${(op as { kind: string }).kind}'` }];
  }
}

function validName(name: string): boolean {
  return typeof name === 'string' && /^[\w.-]+$/.test(name) && name.length <= nameLengthMax;
}

/**
 * Wildcard match: `*` any run of characters, `?` one character, the rest literal.
 *
 * @example
 * matchesWildcard('a*', 'ann') // => true
 */
export function matchesWildcard(pattern: string, name: string): boolean {
  const source = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.+()[\]{}|]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(name);
}
