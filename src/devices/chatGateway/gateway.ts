/**
 * The chat gateway: runs the chat system under a `realtime` supervisor and lets people
 * chat through it over WebSocket on loopback. Actors do no I/O, so the gateway is the
 * bridge: each connection takes a free `human-N` client actor; a person's command enters
 * the run as a recorded input message (`USER_OP`) to that actor, which finds the leader
 * and retries with an idempotency key like any client; the gateway watches the trace for
 * that actor's `chat.op` results and `chat.delivered` messages and sends them back.
 *
 * Persistence: with `dataDir`, every store actor's flushes (`store.flushed` facts) are
 * mirrored to `<dataDir>/<store-id>.jsonl` (FileStore: append + fsync, rewrite on
 * compaction), and on start the files are read back and handed to the stores, so the
 * chat survives a restart of the whole process.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { runScenario, type RunResult, type Supervisor, type TraceRecord } from '../../runtime/index.ts';
import { TroupeError } from '../../runtime/errors.ts';
import { FileStore } from '../store/index.ts';
import type { ClientOp, OpResult } from '../../actors/chat/types.ts';
import { parseCommand, type GatewayCommand, type GatewayEvent } from './protocol.ts';

export interface ChatGatewayOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Address to bind; loopback unless you mean otherwise. */
  host?: string;
  /** Where store files live; none: the chat lives in memory only. */
  dataDir?: string;
  /** People who can be connected at once (human-N actors). */
  humans?: number;
  /** Background clients with a random workload (0: none). */
  load?: number;
  loadOpsMax?: number;
  actorHost?: 'inline' | 'worker';
  scenarioPath?: string;
  durationMs?: number;
  seed?: number;
}

const defaults = {
  port: 0, host: '127.0.0.1', humans: 4, load: 0, loadOpsMax: 1_000_000, actorHost: 'inline' as const,
  scenarioPath: 'scenarios/chat/steady.ts', durationMs: 7 * 24 * 3_600_000, seed: 1,
};

/**
 * @example
 * const gateway = await ChatGateway.start({ dataDir: '.troupe/chat' });
 * console.log(`ws://127.0.0.1:${gateway.port}`); … await gateway.close();
 */
export class ChatGateway {
  private readonly slots = new Map<string, { socket: WebSocket | null; account: string }>();
  private readonly files = new Map<string, FileStore>();
  private leader: string | null = null;
  private unsubscribe: (() => void) | undefined;

  private constructor(
    readonly supervisor: Supervisor,
    private readonly server: WebSocketServer,
    readonly done: Promise<RunResult>,
    private readonly dataDir: string | undefined,
    humans: number,
  ) {
    for (let h = 1; h <= humans; h++) this.slots.set(`human-${h}`, { socket: null, account: '' });
    this.unsubscribe = supervisor.trace.subscribe((record) => this.onRecord(record));
    server.on('connection', (socket) => this.onConnection(socket));
  }

  /** Starts the run and the WebSocket server. */
  static async start(options: ChatGatewayOptions = {}): Promise<ChatGateway> {
    const o = { ...defaults, ...options };
    const recovered = o.dataDir === undefined ? {} : readStoreFiles(o.dataDir);
    let resolveSupervisor!: (supervisor: Supervisor) => void;
    const ready = new Promise<Supervisor>((resolve) => (resolveSupervisor = resolve));
    const done = runScenario(o.scenarioPath, {
      seed: o.seed, host: o.actorHost, pacing: 'realtime', durationMs: o.durationMs,
      // A fresh session per start: the seats' operation ids restart at 1, and the service must not take them for old retries.
      params: { clients: o.load, opsMax: o.loadOpsMax, humans: o.humans, storeMirror: o.dataDir !== undefined, recovered, session: Date.now().toString(36) },
      onSupervisor: resolveSupervisor,
    });
    const supervisor = await Promise.race([ready, done.then(() => { throw new TroupeError('CHAT_GATEWAY', `the chat run from '${o.scenarioPath}' ended before it started`); })]);
    const server = new WebSocketServer({ host: o.host, port: o.port, maxPayload: 64 * 1024 });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (error) => reject(new TroupeError('CHAT_GATEWAY', `cannot listen on ${o.host}:${o.port}: ${error.message}`)));
    }).catch(async (error) => {
      supervisor.stop();
      await done;
      throw error;
    });
    return new ChatGateway(supervisor, server, done, o.dataDir, o.humans);
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Disconnects everyone, stops the run and closes the store files. */
  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.unsubscribe?.();
    this.supervisor.stop();
    await this.done.catch(() => undefined);
    for (const file of this.files.values()) file.close();
  }

  private onConnection(socket: WebSocket): void {
    const slot = [...this.slots].find(([, s]) => s.socket === null)?.[0];
    if (slot === undefined) {
      send(socket, { type: 'error', code: 'CHAT_GATEWAY', message: `all ${this.slots.size} seats are taken; try again later` });
      socket.close(1013, 'full');
      return;
    }
    this.slots.set(slot, { socket, account: '' });
    send(socket, { type: 'hello', slot, leader: this.leader });
    socket.on('message', (data) => this.onCommand(slot, socket, data.toString()));
    socket.on('close', () => {
      if (this.slots.get(slot)?.socket === socket) this.slots.set(slot, { socket: null, account: '' });
    });
  }

  private onCommand(slot: string, socket: WebSocket, text: string): void {
    try {
      const op = toClientOp(parseCommand(text), this.slots.get(slot)!.account);
      this.supervisor.submit({ kind: 'message', from: 'gateway', to: slot, event: { type: 'USER_OP', op } });
    } catch (error) {
      const { code, message } = error as TroupeError;
      send(socket, { type: 'error', code: code ?? 'CHAT_COMMAND_INVALID', message });
    }
  }

  private onRecord(record: TraceRecord): void {
    if (record.kind !== 'fact') return;
    const value = record.value as Record<string, unknown>;
    if (record.name === 'store.flushed' && this.dataDir !== undefined) return this.mirror(record.actor, value);
    if (record.name === 'role' && value as unknown === 'leader') {
      this.leader = record.actor;
      for (const { socket } of this.slots.values()) if (socket !== null) send(socket, { type: 'leader', leader: record.actor });
      return;
    }
    const slot = this.slots.get(record.actor);
    if (slot?.socket === null || slot === undefined) return;
    if (record.name === 'chat.op' && value.phase === 'ok') {
      const op = value.op as ClientOp;
      const result = value.result as OpResult;
      if (result.ok && (op.kind === 'create' || op.kind === 'login')) slot.account = op.name;
      if (op.kind !== 'ack') send(slot.socket, { type: 'result', op, result });
    } else if (record.name === 'chat.op' && value.phase === 'fail') {
      send(slot.socket, { type: 'failed', op: value.op as ClientOp, reason: `no leader answered after ${String(value.attempts)} attempts` });
    } else if (record.name === 'chat.delivered') {
      send(slot.socket, { type: 'message', message: { id: value.msgId as number, from: value.from as string, text: value.text as string } });
    }
  }

  private mirror(storeId: string, value: Record<string, unknown>): void {
    let file = this.files.get(storeId);
    if (file === undefined) this.files.set(storeId, (file = new FileStore(join(this.dataDir!, `${storeId}.jsonl`))));
    const records = value.records as unknown[];
    if (value.compact === true) file.rewrite(records);
    else {
      file.write(records);
      file.flush();
    }
  }
}

function toClientOp(command: GatewayCommand, account: string): ClientOp {
  const needAccount = () => {
    if (account === '') throw new TroupeError('CHAT_COMMAND_INVALID', `'${command.kind}' needs an account: create one or log in first`);
    return account;
  };
  switch (command.kind) {
    case 'send':
      return { kind: 'send', from: needAccount(), to: command.to, text: command.text };
    case 'fetch':
      return { kind: 'fetch', name: needAccount() };
    default:
      return command;
  }
}

function send(socket: WebSocket, event: GatewayEvent): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
}

/** Reads `<dir>/store-*.jsonl` into { storeId: records }. */
function readStoreFiles(dir: string): Record<string, unknown[]> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return {};
  }
  const recovered: Record<string, unknown[]> = {};
  for (const name of names.sort()) {
    const match = /^(store-[\w.:-]+)\.jsonl$/.exec(name);
    if (match !== null) recovered[match[1]!] = new FileStore(join(dir, name)).readAll();
  }
  return recovered;
}
