import { describe, expect, it } from 'vitest';
import { applyEntry, emptyChatState, matchesWildcard, type Entry } from '../../../src/actors/chat/index.ts';

const t = [1, 'server-1'] as const;
const entry = (c: string, o: number, op: Entry['op']): Entry => ({ t, op, c, o });

describe('chat state', () => {
  it('applies a retried send once: the idempotency key is client and operation id', () => {
    let state = emptyChatState();
    [state] = applyEntry(state, entry('c1', 1, { kind: 'create', name: 'ann' }), 1);
    [state] = applyEntry(state, entry('c2', 1, { kind: 'create', name: 'bob' }), 2);
    const send = entry('c1', 2, { kind: 'send', from: 'ann', to: 'bob', text: 'hi' });
    [state] = applyEntry(state, send, 3);
    const [again, result] = applyEntry(state, send, 4);
    expect(again.accounts.bob!.mailbox.map((m) => m.id)).toEqual([3]);
    expect(result).toEqual({ ok: true });
  });

  it('keeps messages until acknowledged, and delete drops the account with its messages', () => {
    let state = emptyChatState();
    [state] = applyEntry(state, entry('c2', 1, { kind: 'create', name: 'bob' }), 1);
    [state] = applyEntry(state, entry('c1', 1, { kind: 'send', from: 'ann', to: 'bob', text: 'a' }), 2);
    [state] = applyEntry(state, entry('c1', 2, { kind: 'send', from: 'ann', to: 'bob', text: 'b' }), 3);
    const [, fetched] = applyEntry(state, entry('c2', 2, { kind: 'fetch', name: 'bob' }), 4);
    expect(fetched).toMatchObject({ ok: true, messages: [{ id: 2 }, { id: 3 }] });
    [state] = applyEntry(state, entry('c2', 3, { kind: 'ack', name: 'bob', upTo: 2 }), 5);
    expect(state.accounts.bob!.mailbox.map((m) => m.id)).toEqual([3]);
    [state] = applyEntry(state, entry('c2', 4, { kind: 'delete', name: 'bob' }), 6);
    expect(applyEntry(state, entry('c1', 3, { kind: 'send', from: 'ann', to: 'bob', text: 'c' }), 7)[1]).toEqual({ ok: false, error: 'no such account' });
  });

  it('refuses a taken name and lists by wildcard in name order', () => {
    let state = emptyChatState();
    for (const [i, name] of ['bob', 'ann', 'anna'].entries()) [state] = applyEntry(state, entry(`c${i}`, 1, { kind: 'create', name }), i + 1);
    expect(applyEntry(state, entry('c9', 1, { kind: 'create', name: 'ann' }), 9)[1]).toEqual({ ok: false, error: 'name taken' });
    expect(applyEntry(state, entry('c9', 2, { kind: 'list', pattern: 'an*' }), 10)[1]).toEqual({ ok: true, names: ['ann', 'anna'] });
    expect(matchesWildcard('a?n', 'ann')).toBe(true);
    expect(matchesWildcard('a.n', 'ann')).toBe(false);
  });
});
