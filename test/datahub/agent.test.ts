import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { startDataHub, type DataHub } from '../../src/datahub/hubServer.ts';
import { Agent } from '../../src/datahub/agent.ts';
import WebSocket from 'ws';

const token = 'loopback-token-123';
let hub: DataHub | undefined;
let child: ChildProcess | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.stop();
  child?.kill('SIGTERM');
  await hub?.close();
  hub = child = agent = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function receivedFrom(port: number, stream: string): Promise<number | undefined> {
  const streams = (await (await fetch(`http://127.0.0.1:${port}/api/streams`)).json()) as { stream: string; stats: { received: number } | null }[];
  const received = streams.find((s) => s.stream === stream)?.stats?.received;
  return received !== undefined && received > 0 ? received : undefined;
}

describe('remote agent over WebSocket', () => {
  it('an agent process keeps searching while the hub is down, then streams once it starts and again after it restarts', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['bin/troupe.mjs', 'agent', '--hub', `ws://127.0.0.1:${port}`, '--token', token, '--streams', 'eeg,log',
      '--search-period-ms', '500', '--reconnect-ms', '200', '--quiet'], { stdio: 'ignore', env: { ...process.env } });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the hub is not there yet
    hub = await startDataHub({ token, port });
    await until(() => receivedFrom(port, 'pi-1.eeg'), 8_000);
    await hub.close();
    hub = await startDataHub({ token, port });
    const startedMs = Date.now();
    await until(() => receivedFrom(port, 'pi-1.eeg'), 8_000);
    // Back within the reconnect delay, the search period and one connect (plus a report period).
    expect(Date.now() - startedMs).toBeLessThan(200 + 500 + 1_500);
  }, 30_000);

  it('refuses a wrong or missing token', async () => {
    hub = await startDataHub({ token });
    const url = `ws://127.0.0.1:${hub.port}`;
    agent = new Agent({ hubUrl: url, token: 'not-the-token', pi: 'pi-7', kinds: ['eeg'], reconnectMs: 100 });
    agent.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(agent.stats.refusals).toBeGreaterThan(0);
    expect(agent.stats.connects).toBe(0);
    expect(hub.gateway.stats.agents).toBe(0);
    const status = await new Promise<number>((resolve) => {
      const bare = new WebSocket(`${url}/agent`); // no Authorization header at all
      bare.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      bare.on('open', () => resolve(101));
      bare.on('error', () => {});
    });
    expect(status).toBe(401);
  }, 15_000);
});
