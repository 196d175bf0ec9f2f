/**
 * The chat server's protocol in isolation: its pure step function driven by hand, with
 * virtual time as ticks, no network and no supervisor.
 */
import { describe, expect, it } from 'vitest';
import { foldRecords, initialServerContext, serverStep, type ServerContext, type ServerEvent } from '../../../src/actors/chat/index.ts';

const servers = ['server-1', 'server-2', 'server-3'];
type Emitted = { type: string; to?: string; event?: { type: string; [k: string]: unknown }; name?: string; value?: unknown };

function step(context: ServerContext, event: Record<string, unknown>, from = ''): [ServerContext, Emitted[]] {
  const out: Emitted[] = [];
  const next = serverStep(context, { from, ...event } as ServerEvent, out as never);
  return [next, out];
}

/** Boots a server on a store holding `records`: open, claim. */
function boot(id: string, records: unknown[] = []): [ServerContext, Emitted[]] {
  let context = initialServerContext(id, { id, servers, leader: 'server-1' });
  [context] = step(context, { type: 'ST_DATA', epoch: 0, records }, `store-${id}`);
  return step(context, { type: 'ST_CLAIMED', epoch: 1, ok: true }, `store-${id}`);
}

/** Acknowledges store writes until none is in flight (group commit sends the queued records after each). */
function flushAll(context: ServerContext): [ServerContext, Emitted[]] {
  let out: Emitted[] = [];
  for (let i = 0; i < 10 && context.unacked.length > 0; i++) {
    let emitted: Emitted[];
    [context, emitted] = step(context, { type: 'ST_ACK', epoch: context.epoch, seq: context.seqSent }, context.store);
    out = out.concat(emitted);
  }
  return [context, out];
}
const sent = (out: Emitted[], type: string) => out.filter((e) => e.type === 'troupe.send' && e.event?.type === type);
const facts = (out: Emitted[], name: string) => out.filter((e) => e.type === 'troupe.fact' && e.name === name).map((e) => e.value);

describe('chat server', () => {
  it('the designated initial leader on an empty store leads at once', () => {
    const [context, out] = boot('server-1');
    expect(context.role).toBe('leader');
    expect(facts(out, 'role')).toEqual(['leader']);
  });

  it('a server started with a known leader never declares itself leader while it has heard from none', () => {
    let [context] = boot('server-2');
    let out: Emitted[] = [];
    for (let tick = 0; tick < 200; tick++) {
      let emitted: Emitted[];
      [context, emitted] = step(context, { type: 'TICK' });
      out = out.concat(emitted);
    }
    expect(context.role).toBe('follower');
    expect(facts(out, 'role')).toEqual([]);
    expect(sent(out, 'SYNC')).toEqual([]);
  });

  it('acknowledges a write only once both followers and its own store have flushed it', () => {
    let [leader] = boot('server-1');
    [leader] = flushAll(leader);
    let out: Emitted[];
    [leader, out] = step(leader, { type: 'C_REQ', opId: 1, op: { kind: 'create', name: 'ann' } }, 'client-1');
    expect(sent(out, 'APPEND').map((e) => e.to)).toEqual(['server-2', 'server-3']);
    const index = leader.base + leader.log.length;
    [leader, out] = flushAll(leader);
    [leader, out] = step(leader, { type: 'APPEND_REPLY', term: leader.term, ok: true, match: index }, 'server-2');
    expect(sent(out, 'C_REPLY')).toEqual([]);
    [leader, out] = step(leader, { type: 'APPEND_REPLY', term: leader.term, ok: true, match: index }, 'server-3');
    expect(sent(out, 'C_REPLY').map((e) => e.event)).toEqual([{ type: 'C_REPLY', opId: 1, result: { ok: true } }]);
    expect(facts(out, 'chat.ack')).toHaveLength(1);
  });

  it('a cut-off leader never acknowledges, and steps down', () => {
    let [leader] = boot('server-1');
    [leader] = flushAll(leader);
    let out: Emitted[] = [];
    [leader] = step(leader, { type: 'C_REQ', opId: 1, op: { kind: 'create', name: 'ann' } }, 'client-1');
    [leader] = flushAll(leader);
    for (let tick = 0; tick < 40; tick++) {
      let emitted: Emitted[];
      [leader, emitted] = step(leader, { type: 'TICK' });
      out = out.concat(emitted);
    }
    expect(sent(out, 'C_REPLY')).toEqual([]);
    expect(leader.role).not.toBe('leader');
    expect(facts(out, 'role')[0]).toBe('follower');
  });

  it('a follower refuses an append from an older term and tells the old leader the new term', () => {
    let [follower] = boot('server-2');
    [follower] = step(follower, { type: 'APPEND', term: [3, 'server-3'], prevIndex: 0, prevTerm: null, entries: [], commit: 0, live: [] }, 'server-3');
    [follower] = flushAll(follower);
    const [, out] = step(follower, { type: 'APPEND', term: [1, 'server-1'], prevIndex: 0, prevTerm: null, entries: [], commit: 0, live: [] }, 'server-1');
    expect(sent(out, 'APPEND_REPLY').map((e) => e.event)).toEqual([{ type: 'APPEND_REPLY', term: [3, 'server-3'], ok: false, match: 0 }]);
  });

  it('a follower answers an append only after its store flushed the new entries', () => {
    let [follower] = boot('server-2');
    [follower] = flushAll(follower);
    const entry = { t: [1, 'server-1'], op: { kind: 'create', name: 'ann' }, c: 'client-1', o: 1 };
    let out: Emitted[];
    [follower, out] = step(follower, { type: 'APPEND', term: [1, 'server-1'], prevIndex: 0, prevTerm: null, entries: [entry], commit: 0, live: [] }, 'server-1');
    expect(sent(out, 'ST_WRITE').length).toBeGreaterThan(0); // the new term, then the entry
    expect(sent(out, 'APPEND_REPLY')).toEqual([]);
    [follower, out] = flushAll(follower);
    expect(sent(out, 'APPEND_REPLY').map((e) => e.event?.match)).toEqual([1]);
  });

  it('after hearing from a leader, the lowest live follower stands when the leader falls silent; the next one waits a round', () => {
    let [s2] = boot('server-2');
    let [s3] = boot('server-3');
    const append = { type: 'APPEND', term: [1, 'server-1'], prevIndex: 0, prevTerm: null, entries: [], commit: 0, live: ['server-2', 'server-3'] };
    [s2] = flushAll(step(s2, append, 'server-1')[0]);
    [s3] = flushAll(step(s3, append, 'server-1')[0]);
    const run = (context: ServerContext, ticks: number) => {
      let roles: unknown[] = [];
      for (let i = 0; i < ticks; i++) {
        let out: Emitted[];
        [context, out] = step(context, { type: 'TICK' });
        roles = roles.concat(facts(out, 'role'));
      }
      return roles;
    };
    expect(run(s2, s2.tuning.electionTicks)).toEqual(['candidate']);
    expect(run(s3, s3.tuning.electionTicks)).toEqual([]);
    expect(run(s3, s3.tuning.electionTicks * 2)).toEqual(['candidate']);
  });

  it('a restarted server rebuilds snapshot, log and term from its store records', () => {
    const t1 = [1, 'server-1'] as const;
    const snapshot = { base: 2, baseTerm: t1, chat: { accounts: { ann: { mailbox: [] } }, last: {} }, members: servers };
    const e3 = { t: t1, op: { kind: 'noop' } } as const;
    const folded = foldRecords([
      { k: 'e', i: 1, e: e3 }, { k: 'snap', s: snapshot }, { k: 'term', t: [2, 'server-2'] },
      { k: 'e', i: 3, e: e3 }, { k: 'e', i: 4, e: e3 }, { k: 'len', n: 3 },
    ]);
    expect(folded.snapshot?.base).toBe(2);
    expect(folded.log).toHaveLength(1);
    expect(folded.term).toEqual([2, 'server-2']);
    const [context] = boot('server-1', [{ k: 'snap', s: snapshot }, { k: 'term', t: [2, 'server-2'] }, { k: 'e', i: 3, e: e3 }]);
    expect(context.role).toBe('follower'); // it led once, but a restart waits for the cluster
    expect(context.chat.accounts.ann).toBeDefined();
    expect(context.base + context.log.length).toBe(3);
  });
});
