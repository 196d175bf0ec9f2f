/**
 * The data hub server: runs the hub's actors (hubScenario.ts) in a realtime supervisor and
 * serves, on one HTTP port (127.0.0.1 by default):
 *
 *   GET  /                 the stream list (pages/index.html)
 *   GET  /stream.html      one stream's live view (EEG, FFT, band powers, spectrogram, video, pulse…)
 *   GET  /api/streams      JSON: streams, their kind and latest statistics
 *   GET  /export.csv?stream=pi-1.eeg   the last minute as CSV
 *   WS   /view?stream=…    a browser reader (viewHub.ts)
 *   WS   /agent            remote agents; the upgrade must carry `Authorization: Bearer <token>`
 *
 * The token is compared in constant time and never logged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { runScenario, type Supervisor, type RunResult, TroupeError } from '../runtime/index.ts';
import { AgentGateway } from './agentGateway.ts';
import { ViewHub } from './viewHub.ts';
import { ProcessingPool } from './processingPool.ts';
import { ENVELOPE_BYTES_MAX } from './envelopeCodec.ts';

export interface DataHubOptions {
  /** Agents must present this token. */
  token: string;
  port?: number;
  host?: string;
  handlers?: number;
  ringCapacity?: number;
  /** Where the hub's actors run (default inline: one thread; `worker`: one worker per actor). */
  actorHost?: 'inline' | 'worker';
  /** In-hub reader actors, `id=stream:mode,…` (benchmarks). */
  readers?: string;
  processingThreads?: number;
  processingInline?: boolean;
  seed?: number;
}

export interface DataHub {
  url: string;
  port: number;
  supervisor: Supervisor;
  gateway: AgentGateway;
  views: ViewHub;
  close(): Promise<void>;
}

const scenarioPath = fileURLToPath(new URL('./hubScenario.ts', import.meta.url));
const pagesDir = new URL('./pages/', import.meta.url);
const uplotDir = new URL('../../node_modules/uplot/dist/', import.meta.url);
const staticFiles: Record<string, { url: URL; type: string }> = {
  '/': { url: new URL('index.html', pagesDir), type: 'text/html; charset=utf-8' },
  '/stream.html': { url: new URL('stream.html', pagesDir), type: 'text/html; charset=utf-8' },
  '/stream.js': { url: new URL('stream.js', pagesDir), type: 'text/javascript; charset=utf-8' },
  '/hub.css': { url: new URL('hub.css', pagesDir), type: 'text/css; charset=utf-8' },
  '/uplot.js': { url: new URL('uPlot.iife.min.js', uplotDir), type: 'text/javascript; charset=utf-8' },
  '/uplot.css': { url: new URL('uPlot.min.css', uplotDir), type: 'text/css; charset=utf-8' },
};

/**
 * Starts the hub.
 *
 * @example
 * const hub = await startDataHub({ token: 's3cret', port: 8080 });
 * console.log(`open ${hub.url}`);
 */
export async function startDataHub(options: DataHubOptions): Promise<DataHub> {
  if (typeof options.token !== 'string' || options.token.length < 8) throw new TroupeError('OPTION_INVALID', 'the hub token must be a string of at least 8 characters');
  let resolveSupervisor!: (supervisor: Supervisor) => void;
  const ready = new Promise<Supervisor>((resolve) => (resolveSupervisor = resolve));
  const running: Promise<RunResult | undefined> = runScenario(scenarioPath, {
    seed: options.seed ?? 1,
    host: options.actorHost ?? 'inline',
    pacing: 'realtime',
    params: { handlers: options.handlers ?? 16, ringCapacity: options.ringCapacity ?? 256, readers: options.readers ?? '' },
    onSupervisor: resolveSupervisor,
  }).catch((error) => {
    console.error(`data hub supervisor stopped: ${(error as Error).message}`);
    return undefined;
  });
  const supervisor = await Promise.race([ready, running.then(() => { throw new TroupeError('WORKER_START_FAILED', 'the hub supervisor ended before it started'); })]);
  const pool = new ProcessingPool({ threads: options.processingThreads ?? 1, inline: options.processingInline ?? false });
  const gateway = new AgentGateway(supervisor);
  const views = new ViewHub(supervisor, pool);
  const server = createServer((request, response) => void serve(request, response, views));
  const agents = new WebSocketServer({ noServer: true, maxPayload: ENVELOPE_BYTES_MAX, perMessageDeflate: false });
  const viewers = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const expected = digest(options.token);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://hub');
    if (url.pathname === '/agent') {
      const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      agents.handleUpgrade(request, socket, head, (ws) => gateway.attach(ws));
    } else if (url.pathname === '/view' && url.searchParams.get('stream')) {
      viewers.handleUpgrade(request, socket, head, (ws) => views.attach(ws, url.searchParams.get('stream')!));
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    supervisor,
    gateway,
    views,
    async close() {
      for (const client of [...agents.clients, ...viewers.clients]) client.terminate();
      gateway.close();
      views.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      supervisor.stop();
      await running;
      await pool.close();
    },
  };
}

function digest(token: string): Buffer {
  // Equal-length inputs for timingSafeEqual, whatever the token's length.
  return createHash('sha256').update(token).digest();
}

async function serve(request: IncomingMessage, response: ServerResponse, views: ViewHub): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://hub');
  if (url.pathname === '/api/streams') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(views.streams()));
    return;
  }
  if (url.pathname === '/export.csv') {
    const stream = url.searchParams.get('stream') ?? '';
    const csv = views.exportCsv(stream);
    if (csv === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no EEG or pulse stream '${stream}'\n`);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${stream.replace(/[^\w.-]/g, '_')}.csv"` }).end(csv);
    return;
  }
  const file = staticFiles[url.pathname];
  if (file === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  try {
    response.writeHead(200, { 'content-type': file.type }).end(await readFile(file.url));
  } catch {
    response.writeHead(500, { 'content-type': 'text/plain' }).end('page missing\n');
  }
}
