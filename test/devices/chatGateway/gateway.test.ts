/**
 * The chat gateway with real WebSocket clients on 127.0.0.1: two people chat through a
 * realtime run of the replicated chat service, and the chat survives a restart of the
 * whole gateway through its store files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { ChatGateway, type GatewayEvent } from '../../../src/devices/chatGateway/index.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A WebSocket client that records events and waits for one matching a predicate. */
async function connect(port: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  const events: GatewayEvent[] = [];
  const waiters: { match: (e: GatewayEvent) => boolean; resolve: (e: GatewayEvent) => void }[] = [];
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString()) as GatewayEvent;
    events.push(event);
    for (const waiter of [...waiters]) if (waiter.match(event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  cleanups.push(() => socket.close());
  return {
    events,
    send: (command: object) => socket.send(JSON.stringify(command)),
    next: (match: (e: GatewayEvent) => boolean, timeoutMs = 5_000) => {
      const seen = events.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<GatewayEvent>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}

const result = (kind: string) => (e: GatewayEvent) => e.type === 'result' && e.op.kind === kind;

async function startGateway(dataDir: string) {
  const gateway = await ChatGateway.start({ dataDir, humans: 2 });
  cleanups.push(() => gateway.close());
  return gateway;
}

describe('chat gateway', () => {
  it('lets two people chat over WebSocket, and keeps the chat across a restart through its files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'troupe-chat-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const gateway = await startGateway(dataDir);
    const ann = await connect(gateway.port);
    const bob = await connect(gateway.port);
    expect(ann.events[0]).toMatchObject({ type: 'hello', slot: 'human-1' });
    ann.send({ kind: 'create', name: 'ann' });
    bob.send({ kind: 'create', name: 'bob' });
    expect(await ann.next(result('create'))).toMatchObject({ result: { ok: true } });
    expect(await bob.next(result('create'))).toMatchObject({ result: { ok: true } });
    ann.send({ kind: 'send', to: 'bob', text: 'hello bob' });
    expect(await bob.next((e) => e.type === 'message')).toMatchObject({ message: { from: 'ann', text: 'hello bob' } });
    bob.send({ kind: 'send', to: 'ann', text: 'hi ann' });
    await bob.next(result('send'));
    await ann.next((e) => e.type === 'message');
    expect(readdirSync(dataDir).filter((f) => f.startsWith('store-server-'))).toHaveLength(3);

    // Restart everything: a new gateway recovers the accounts from the store files.
    await cleanups.splice(1).reverse().reduce((p, c) => p.then(() => c()), Promise.resolve());
    const again = await startGateway(dataDir);
    const carol = await connect(again.port);
    carol.send({ kind: 'login', name: 'bob' });
    expect(await carol.next(result('login'), 8_000)).toMatchObject({ result: { ok: true } });
    carol.send({ kind: 'list', pattern: '*' });
    expect(await carol.next(result('list'))).toMatchObject({ result: { ok: true, names: ['ann', 'bob'] } });
  }, 30_000);

  it('answers a malformed command with CHAT_COMMAND_INVALID, and a send before login with a hint', async () => {
    const gateway = await ChatGateway.start({ humans: 1 });
    cleanups.push(() => gateway.close());
    const person = await connect(gateway.port);
    person.send({ kind: 'shout' });
    expect(await person.next((e) => e.type === 'error')).toMatchObject({ code: 'CHAT_COMMAND_INVALID' });
    person.send({ kind: 'send', to: 'x', text: 'y' });
    expect(await person.next((e) => e.type === 'error' && e.message.includes('log in first'))).toBeDefined();
    const extra = new WebSocket(`ws://127.0.0.1:${gateway.port}`);
    const closed = await new Promise<number>((resolve) => extra.on('close', (code) => resolve(code)));
    expect(closed).toBe(1013); // one seat, already taken
  }, 15_000);
});
