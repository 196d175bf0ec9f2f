/**
 * The history checker on hand-made traces: a clean history passes, and each promise,
 * broken on purpose, is caught by its own check (so the checker is known to see it).
 */
import { describe, expect, it } from 'vitest';
import { TraceView, type TraceRecord } from '../../../src/runtime/index.ts';
import { chatChecks, readHistory } from '../../../src/actors/chat/index.ts';
import type { ClientOp, OpResult } from '../../../src/actors/chat/index.ts';

/** Builds trace records in time order. */
class History {
  records: TraceRecord[] = [];
  private add(t: number, record: Record<string, unknown>) {
    this.records.push({ seq: this.records.length, t, ...record } as TraceRecord);
    return this;
  }
  fact(t: number, actor: string, name: string, value: unknown) {
    return this.add(t, { kind: 'fact', actor, name, value });
  }
  op(client: string, opId: number, op: ClientOp, invokeMs: number, okMs?: number, result: OpResult = { ok: true }, leader = 'server-1', term: [number, string] = [1, 'server-1']) {
    this.fact(invokeMs, client, 'chat.op', { client, opId, op, phase: 'invoke' });
    if (okMs !== undefined) {
      this.fact(okMs - 1, leader, 'chat.ack', { term, client, opId, index: 0 });
      this.fact(okMs, client, 'chat.op', { client, opId, op, phase: 'ok', result });
    }
    return this;
  }
  delivered(t: number, client: string, to: string, fromClient: string, opId: number, msgId = opId) {
    return this.fact(t, client, 'chat.delivered', { to, msgId, from: 'user-x', fromClient, opId });
  }
  crash(t: number, actor: string) {
    return this.add(t, { kind: 'crash', actor, reason: 'killed', message: 'crashed by a fault' });
  }
  check(durationMs = 20_000) {
    const sorted = [...this.records].sort((a, b) => a.t - b.t).map((r, seq) => ({ ...r, seq }));
    const view = new TraceView({ kind: 'header', troupe: 1, scenario: 'chat/hand-made', seed: 1, durationMs } as never, sorted, []);
    return Object.fromEntries(chatChecks({ settleMs: 1_000, failoverBoundMs: 3_000 }).map((c) => [c.name.split(' ').slice(0, 3).join(' '), c.check(view)]));
  }
}

const send = (to: string, text = 'hi'): ClientOp => ({ kind: 'send', from: 'user-1', to, text });

function cleanHistory() {
  return new History()
    .fact(0, 'server-1', 'role', 'leader')
    .op('client-1', 1, { kind: 'create', name: 'user-1' }, 10, 20)
    .op('client-2', 1, { kind: 'create', name: 'user-2' }, 10, 25)
    .op('client-1', 2, send('user-2', 'a'), 100, 120)
    .op('client-1', 3, send('user-2', 'b'), 130, 150)
    .delivered(160, 'client-2', 'user-2', 'client-1', 2)
    .delivered(170, 'client-2', 'user-2', 'client-1', 3)
    .op('client-2', 2, { kind: 'list', pattern: 'user-*' }, 200, 220, { ok: true, names: ['user-1', 'user-2'] });
}

describe('chat history checker', () => {
  it('passes a clean history', () => {
    const results = cleanHistory().check();
    expect(Object.values(results).every((r) => r.ok)).toBe(true);
  });

  it('catches an acknowledged send that is never delivered', () => {
    const results = cleanHistory().op('client-1', 4, send('user-2', 'lost'), 300, 320).check();
    expect(results['no acknowledged write'].ok).toBe(false);
    expect(results['no acknowledged write'].detail).toContain('client-1\'s send #4 to user-2');
  });

  it('catches an acknowledged send missing from a later fetch of the mailbox, even near the end of the run', () => {
    const results = cleanHistory()
      .op('client-1', 4, send('user-2', 'lost'), 300, 320)
      .op('client-2', 3, { kind: 'fetch', name: 'user-2' }, 400, 420, { ok: true, messages: [] })
      .check(1_000);
    expect(results['no acknowledged write'].detail).toContain("missing from client-2's fetch at t=420 ms");
  });

  it('forgives an undelivered send whose recipient was deleted afterwards', () => {
    const results = cleanHistory().op('client-1', 4, send('user-2'), 300, 320).op('client-2', 3, { kind: 'delete', name: 'user-2' }, 330, 340).check();
    expect(results['no acknowledged write'].ok).toBe(true);
  });

  it('forgives an undelivered send overlapping a delete of the recipient that was acknowledged after it', () => {
    const results = cleanHistory().op('client-2', 3, { kind: 'delete', name: 'user-2' }, 290, 340).op('client-1', 4, send('user-2'), 300, 320).check();
    expect(results['no acknowledged write'].ok).toBe(true);
  });

  it('catches a listing that misses an acknowledged account', () => {
    const results = cleanHistory().op('client-3', 1, { kind: 'list', pattern: '*' }, 400, 410, { ok: true, names: ['user-2'] }).check();
    expect(results['no acknowledged write'].ok).toBe(false);
    expect(results['no acknowledged write'].detail).toContain("misses 'user-1'");
  });

  it('catches a listing that still shows a deleted account', () => {
    const results = cleanHistory()
      .op('client-2', 3, { kind: 'delete', name: 'user-2' }, 300, 310)
      .op('client-3', 1, { kind: 'list', pattern: 'user-?' }, 400, 410, { ok: true, names: ['user-1', 'user-2'] }).check();
    expect(results['no acknowledged write'].detail).toContain("still shows 'user-2'");
  });

  it('catches a message delivered twice', () => {
    const results = cleanHistory().delivered(180, 'client-2', 'user-2', 'client-1', 3, 99).check();
    expect(results['every message delivered'].ok).toBe(false);
    expect(results['every message delivered'].detail).toContain('twice');
  });

  it('catches messages delivered out of send order', () => {
    const h = new History()
      .op('client-1', 2, send('user-2', 'a'), 100, 120)
      .op('client-1', 3, send('user-2', 'b'), 130, 150)
      .delivered(170, 'client-2', 'user-2', 'client-1', 3)
      .delivered(180, 'client-2', 'user-2', 'client-1', 2);
    expect(h.check()['every message delivered'].detail).toContain('out of send order');
  });

  it('catches a delivered message nobody sent', () => {
    const results = cleanHistory().delivered(190, 'client-2', 'user-2', 'client-9', 1).check();
    expect(results['every message delivered'].detail).toContain('nobody sent');
  });

  it('catches an old leader acknowledging after a newer one', () => {
    const results = cleanHistory()
      .op('client-1', 4, send('user-2'), 300, 320, { ok: true }, 'server-2', [2, 'server-2'])
      .op('client-2', 3, { kind: 'fetch', name: 'user-2' }, 330, 350, { ok: true, messages: [] }, 'server-1', [1, 'server-1'])
      .delivered(360, 'client-2', 'user-2', 'client-1', 4).check();
    expect(results['at most one'].ok).toBe(false);
    expect(results['at most one'].detail).toContain('after server-2 had acknowledged');
  });

  it('catches a server acknowledging in a term that is not its own', () => {
    const results = cleanHistory().fact(400, 'server-3', 'chat.ack', { term: [1, 'server-1'], client: 'client-1', opId: 9, index: 1 }).check();
    expect(results['at most one'].detail).toContain('belongs to server-1');
  });

  it('catches a client answer that no leader acknowledged', () => {
    const results = cleanHistory()
      .fact(300, 'client-1', 'chat.op', { client: 'client-1', opId: 4, op: { kind: 'list', pattern: '*' }, phase: 'invoke' })
      .fact(310, 'client-1', 'chat.op', { client: 'client-1', opId: 4, op: { kind: 'list', pattern: '*' }, phase: 'ok', result: { ok: true, names: ['user-1', 'user-2'] } })
      .check();
    expect(results['at most one'].detail).toContain('no leader acknowledged');
  });

  it('catches a service that stays silent past the bound after the leader dies', () => {
    const h = cleanHistory().crash(1_000, 'server-1').op('client-1', 4, { kind: 'fetch', name: 'user-1' }, 1_100, 4_500, { ok: true, messages: [] }, 'server-2', [2, 'server-2']);
    const result = h.check()["the service answers"];
    expect(result.ok).toBe(false);
    expect(result.detail).toContain("server-1's crash at t=1000 ms");
  });

  it('accepts an answer within the bound after the leader dies, and reads the death from the trace', () => {
    const h = cleanHistory().crash(1_000, 'server-1').op('client-1', 4, { kind: 'fetch', name: 'user-1' }, 1_100, 2_500, { ok: true, messages: [] }, 'server-2', [2, 'server-2']);
    expect(h.check()['the service answers'].ok).toBe(true);
    const view = new TraceView({ durationMs: 20_000 } as never, [...h.records].sort((a, b) => a.t - b.t), []);
    expect(readHistory(view).leaderDeaths).toEqual([{ t: 1_000, leader: 'server-1', how: 'crash' }]);
  });
});
