/**
 * The UI's HTTP + WebSocket server: the page and its assets, the live session's socket
 * (`/ws`), traces for replay (`/api/trace`), and the live trace so far
 * (`/api/trace/current`). See auth.ts for who may connect.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { TroupeError, isTroupeError } from '../runtime/index.ts';
import { authCookieName, authorize, isLoopbackHost, tokenCookieValue, tokenLengthMin } from './auth.ts';
import { loadAssets } from './staticAssets.ts';
import { replayPayload, replayPayloadFromPath, traceBytesMax } from './traceLoader.ts';
import type { LiveSession } from './liveSession.ts';

export interface UiServerConfig {
  host: string;
  port: number;
  token: string | undefined;
  session: LiveSession | undefined;
  /** Folder trace paths are resolved in (and confined to). */
  rootDir: string;
}

/** Largest socket message accepted from a page (commands are small). */
export const socketMessageBytesMax = 64 * 1024;
/** Close codes the page understands. */
export const closeCodes = { unauthorized: 4401, forbidden: 4403, serverClosing: 1001 } as const;

const securityHeaders = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function sendError(response: ServerResponse, error: unknown): void {
  if (isTroupeError(error)) sendJson(response, error.code === 'LIMIT_REACHED' ? 413 : 400, { code: error.code, message: error.message });
  else sendJson(response, 500, { code: 'INTERNAL', message: String((error as Error)?.message ?? error) });
}

async function readBody(request: IncomingMessage, bytesMax: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > bytesMax) throw new TroupeError('LIMIT_REACHED', `upload larger than ${bytesMax} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts listening. Refuses a non-loopback host without a token.
 *
 * @example
 * const server = await listenUi({ host: '127.0.0.1', port: 0, token: undefined, session, rootDir: process.cwd() });
 * server.url; await server.close();
 */
export async function listenUi(config: UiServerConfig): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const loopbackOnly = isLoopbackHost(config.host);
  if (!loopbackOnly && config.token === undefined) {
    throw new TroupeError('OPTION_INVALID', `host '${config.host}' is reachable from other machines: pass --token <secret> (at least ${tokenLengthMin} characters), or bind 127.0.0.1`);
  }
  if (config.token !== undefined && config.token.length < tokenLengthMin) {
    throw new TroupeError('OPTION_INVALID', `token must be at least ${tokenLengthMin} characters`);
  }
  const { assets, views } = loadAssets();
  const auth = { token: config.token, loopbackOnly };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: socketMessageBytesMax });

  const server = createServer((request, response) => {
    const result = authorize(request, auth);
    if (!result.ok) {
      response.writeHead(result.status, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' }).end(result.reason);
      return;
    }
    const headers: Record<string, string> = { ...securityHeaders };
    if (result.viaQuery && config.token !== undefined) {
      headers['set-cookie'] = `${authCookieName}=${tokenCookieValue(config.token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    void route(request, response, headers).catch((error: unknown) => sendError(response, error));
  });

  const route = async (request: IncomingMessage, response: ServerResponse, headers: Record<string, string>) => {
    const url = new URL(request.url ?? '/', 'http://ui.invalid');
    if (request.method === 'GET' && url.pathname === '/api/info') {
      return sendJson(response, 200, { live: config.session !== undefined, views });
    }
    if (url.pathname === '/api/trace') {
      if (request.method === 'POST') return sendJson(response, 200, await replayPayload(await readBody(request, traceBytesMax), 'upload'));
      const path = url.searchParams.get('path');
      if (path === null) throw new TroupeError('COMMAND_INVALID', 'GET /api/trace needs ?path=<file.jsonl>');
      return sendJson(response, 200, await replayPayloadFromPath(path, config.rootDir));
    }
    if (request.method === 'GET' && url.pathname === '/api/trace/current') {
      const trace = config.session?.currentTrace();
      if (trace === undefined) return sendJson(response, 404, { code: 'COMMAND_INVALID', message: 'no live run to save' });
      const lines = [JSON.stringify(trace.header), ...trace.records.map((record) => JSON.stringify(record))];
      const name = `${trace.header.scenario.replace(/\W+/g, '-')}-seed${trace.header.seed}.jsonl`;
      response.writeHead(200, { ...headers, 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="${name}"` });
      return void response.end(`${lines.join('\n')}\n`);
    }
    const asset = request.method === 'GET' ? assets.get(url.pathname) : undefined;
    if (asset === undefined) return sendJson(response, 404, { code: 'NOT_FOUND', message: `no ${request.method} ${url.pathname}` });
    response.writeHead(200, { ...headers, 'content-type': asset.contentType }).end(asset.body);
  };

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://ui.invalid');
    if (url.pathname !== '/ws') return void socket.destroy();
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const result = authorize(request, auth);
      // Accept, then close with a code the page can show (a refused handshake reads as a bare 1006).
      if (!result.ok) return ws.close(result.status === 401 ? closeCodes.unauthorized : closeCodes.forbidden, result.reason.slice(0, 120));
      if (config.session === undefined) return ws.close(closeCodes.forbidden, 'no live run: this server shows replays only');
      attachSocket(ws, config.session);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.close(closeCodes.serverClosing, 'server closing');
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function attachSocket(ws: WebSocket, session: LiveSession): void {
  const client = {
    send: (message: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    bufferedBytes: () => ws.bufferedAmount,
  };
  const detach = session.attach(client);
  // One command at a time per page, in order.
  let queue = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    queue = queue.then(async () => {
      let message: unknown;
      try {
        message = JSON.parse(isBinary ? '' : data.toString());
      } catch {
        return client.send({ type: 'error', code: 'COMMAND_INVALID', message: 'a command must be a JSON object with an op' });
      }
      await session.handle(client, message);
    }).catch((error: unknown) => client.send({ type: 'error', code: 'INTERNAL', message: String((error as Error)?.message ?? error) }));
  });
  ws.on('close', detach);
  ws.on('error', detach);
}
