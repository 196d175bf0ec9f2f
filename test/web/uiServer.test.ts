import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { request } from 'node:http';
import { startUiServer, closeCodes, parseTraceLenient } from '../../src/web/index.ts';
import { parseTrace, replayTrace, isTroupeError } from '../../src/runtime/index.ts';

const scenarioPath = 'scenarios/lamport/three-vms.ts';
const token = 'test-token-0123456789';
let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

async function start(options: Parameters<typeof startUiServer>[0]) {
  const ui = await startUiServer({ port: 0, ...options });
  closers.push(() => ui.close());
  return ui;
}

/** Opens a socket and collects its messages; resolves once open (or closed). */
function openSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers });
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  closers.push(async () => void ws.close());
  const next = async (predicate: (m: any) => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = messages.findIndex(predicate);
      if (index >= 0) return messages.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error('no such message within the timeout');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { ws, messages, closed, next };
}

describe('ui server', () => {
  it('refuses pages and sockets without the token when bound with one', async () => {
    const ui = await start({ scenarioPath, host: '127.0.0.1', token });
    expect((await fetch(ui.url)).status).toBe(401);
    expect((await fetch(`${ui.url}assets/app.js`)).status).toBe(401);
    expect((await fetch(`${ui.url}?token=wrong-token-xxxx`)).status).toBe(401);
    const page = await fetch(`${ui.url}?token=${token}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).not.toContain(token);
    expect((await fetch(`${ui.url}assets/app.js`, { headers: { cookie } })).status).toBe(200);

    const refused = openSocket(`${ui.url}ws`);
    expect((await refused.closed).code).toBe(closeCodes.unauthorized);
    expect(refused.messages).toEqual([]);
    const allowed = openSocket(`${ui.url}ws?token=${token}`);
    expect((await allowed.next((m) => m.type === 'hello')).actors).toEqual(['vm-1', 'vm-2', 'vm-3']);
  });

  it('will not listen beyond loopback without a token', async () => {
    const error = await startUiServer({ scenarioPath, host: '0.0.0.0', port: 0 }).catch((e: unknown) => e);
    expect(isTroupeError(error, 'OPTION_INVALID')).toBe(true);
  });

  it('refuses sockets from other origins and requests for other host names', async () => {
    const ui = await start({ scenarioPath });
    const crossSite = openSocket(`${ui.url}ws`, { origin: 'http://evil.example' });
    expect((await crossSite.closed).code).toBe(closeCodes.forbidden);
    // fetch will not send a forged Host header; node:http will.
    const status = await new Promise<number>((resolve, reject) => {
      request(ui.url, { headers: { host: 'evil.example' } }, (response) => resolve(response.statusCode!)).on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('answers bad commands with an error and changes nothing', async () => {
    const ui = await start({ scenarioPath, speed: 5 });
    const socket = openSocket(`${ui.url}ws`);
    await socket.next((m) => m.type === 'hello');
    const bad: [unknown, string][] = [
      ['not json', 'COMMAND_INVALID'],
      [{ op: 'explode' }, 'COMMAND_INVALID'],
      [{ op: 'crash', actor: 'vm-9' }, 'UNKNOWN_ACTOR'],
      [{ op: 'crash' }, 'COMMAND_INVALID'],
      [{ op: 'partition', groups: [['vm-1'], ['vm-1', 'vm-2']] }, 'COMMAND_INVALID'],
      [{ op: 'partition', groups: [['vm-1'], ['vm-7']] }, 'UNKNOWN_ACTOR'],
      [{ op: 'loss', probability: 2 }, 'COMMAND_INVALID'],
      [{ op: 'delay', delayMsMin: 50, delayMsMax: 10 }, 'COMMAND_INVALID'],
      [{ op: 'speed', speed: 0 }, 'COMMAND_INVALID'],
      [{ op: 'step' }, 'COMMAND_INVALID'],
      [{ op: 'fault', fault: { action: 'crash', targets: 'nobody' } }, 'FAULT_INVALID'],
      [{ op: 'message', to: 'vm-1', event: { notype: 1 } }, 'COMMAND_INVALID'],
    ];
    for (const [i, [command, code]] of bad.entries()) {
      socket.ws.send(typeof command === "string" ? command : JSON.stringify({ id: i, ...(command as object) }));
      const reply = await socket.next((m) => m.type === 'error' || m.type === 'ok');
      expect(reply, JSON.stringify(command)).toMatchObject({ type: 'error', code });
      expect(reply.message.length).toBeGreaterThan(10);
    }
    const trace = parseTraceLenient(await (await fetch(`${ui.url}api/trace/current`)).text(), 'live trace').records;
    expect(trace.filter((r) => r.kind === 'input' || r.kind === 'crash' || r.kind === 'fault')).toEqual([]);
    const snapshot = await socket.next((m) => m.type === 'snapshot' && !m.starting);
    expect(snapshot.actors.map((a: any) => [a.status, a.paused])).toEqual([['up', false], ['up', false], ['up', false]]);
    expect(snapshot.network.groups).toEqual([]);
  });

  it('records every control as a trace input, so the session replays exactly', async () => {
    const ui = await start({ scenarioPath, speed: 60 });
    const socket = openSocket(`${ui.url}ws`);
    await socket.next((m) => m.type === 'hello');
    const send = async (command: object) => {
      socket.ws.send(JSON.stringify(command));
      return socket.next((m) => m.type === 'ok' || m.type === 'error');
    };
    expect(await send({ op: 'partition', groups: [['vm-1'], ['vm-2', 'vm-3']] })).toMatchObject({ type: 'ok' });
    expect(await send({ op: 'crash', actor: 'vm-2' })).toMatchObject({ type: 'ok' });
    expect(await send({ op: 'loss', probability: 0.2 })).toMatchObject({ type: 'ok' });
    expect(await send({ op: 'heal' })).toMatchObject({ type: 'ok' });
    expect(await send({ op: 'restart', actor: 'vm-2' })).toMatchObject({ type: 'ok' });
    await socket.next((m) => m.type === 'snapshot' && m.ended === true, 10_000);
    const text = await (await fetch(`${ui.url}api/trace/current`)).text();
    const { records } = parseTrace(text, 'ui trace');
    expect(records.filter((r) => r.kind === 'input').map((r) => (r as any).input.fault.action)).toEqual(['partition', 'crash', 'loss', 'heal', 'restart']);
    mkdirSync('test-output/web', { recursive: true });
    writeFileSync('test-output/web/ui-session.jsonl', text);
    const replay = await replayTrace('test-output/web/ui-session.jsonl', { host: 'inline' });
    expect(replay.matches).toBe(true);
  });
});
