/**
 * The hub side of the agent protocol: a bridge, not a runtime host. A remote agent (a Pi
 * running `troupe agent`) runs its streamer machines itself; here each of its actors has a
 * stand-in (`remote` template) inside the hub's supervisor. What an agent sends is
 * submitted to the supervisor as a live input (`submit({ kind: 'message' })`, recorded in
 * the trace); what hub actors send to a stand-in is picked off the trace (`send` records)
 * and written to the agent's socket.
 *
 * Protocol (binary envelopes, see envelopeCodec.ts), after a WebSocket upgrade that carried
 * `Authorization: Bearer <token>` (a wrong or missing token is refused with 401):
 *   agent -> hub  { kind: 'hello', pi, actors: [ids] }      once, first
 *   agent -> hub  { kind: 'message', from, to, event }       every send of its actors
 *   hub -> agent  { kind: 'welcome' }                        after hello
 *   hub -> agent  { kind: 'message', from, to, event }       every send to its actors
 */
import type { WebSocket } from 'ws';
import type { Supervisor, TraceRecord } from '../runtime/index.ts';
import { HUB_FRONT } from './hubScenario.ts';
import { decodeEnvelope, encodeEnvelope } from './envelopeCodec.ts';

/** Actors one agent may declare at most. */
export const AGENT_ACTORS_MAX = 32;
/** Bytes queued on an agent's socket beyond which frames to it are dropped (latest wins); control messages still go. */
export const AGENT_BUFFERED_BYTES_MAX = 8 * 1024 * 1024;

interface AgentEnvelope {
  kind: 'hello' | 'message';
  pi?: string;
  actors?: string[];
  from?: string;
  to?: string;
  event?: { type: string; [key: string]: unknown };
  /** Agent's wall clock at send (ms since epoch), for latency figures. */
  sentWallMs?: number;
}

export interface GatewayStats {
  agents: number;
  envelopesIn: number;
  envelopesOut: number;
  refused: number;
  rejected: number;
}

/**
 * Bridges agent sockets and one supervisor.
 *
 * @example
 * const gateway = new AgentGateway(supervisor);
 * wss.on('connection', (socket) => gateway.attach(socket));
 */
export class AgentGateway {
  private readonly owners = new Map<string, WebSocket>();
  private readonly unsubscribe: () => void;
  readonly stats: GatewayStats = { agents: 0, envelopesIn: 0, envelopesOut: 0, refused: 0, rejected: 0 };
  /** Called with each FRAME an agent sends (source, conn, seq, sentWallMs): the bench's latency clock. */
  onFrame: ((frame: { source: string; conn: string; seq: number; sentWallMs: number }) => void) | undefined;

  constructor(private readonly supervisor: Supervisor) {
    this.unsubscribe = supervisor.trace.subscribe((record) => this.onRecord(record));
  }

  /** Takes over an authenticated agent socket. */
  attach(socket: WebSocket): void {
    this.stats.agents++;
    let actors: string[] = [];
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      let envelope: AgentEnvelope;
      try {
        if (!isBinary) throw new Error('text message');
        envelope = decodeEnvelope(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as AgentEnvelope;
      } catch {
        this.stats.rejected++;
        socket.close(1003, 'envelope invalid');
        return;
      }
      this.stats.envelopesIn++;
      if (envelope.kind === 'hello') actors = this.hello(socket, envelope);
      else if (envelope.kind === 'message') this.message(actors, envelope);
    });
    socket.on('close', () => {
      this.stats.agents--;
      for (const id of actors) if (this.owners.get(id) === socket) this.owners.delete(id);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  private hello(socket: WebSocket, envelope: AgentEnvelope): string[] {
    const actors = (envelope.actors ?? []).filter((id) => typeof id === 'string' && /^[\w.:-]{1,64}$/.test(id)).slice(0, AGENT_ACTORS_MAX);
    for (const id of actors) {
      const previous = this.owners.get(id);
      // The newest socket owns an actor: a Pi that reconnects replaces its dead connection.
      if (previous !== undefined && previous !== socket) previous.close(4000, `actor ${id} reconnected elsewhere`);
      this.owners.set(id, socket);
    }
    this.submit({ kind: 'message', to: HUB_FRONT, from: 'gateway', event: { type: 'SPAWN_PROXIES', ids: actors } });
    socket.send(encodeEnvelope({ kind: 'welcome' }));
    return actors;
  }

  private message(actors: string[], envelope: AgentEnvelope): void {
    const { from, to, event } = envelope;
    if (typeof from !== 'string' || !actors.includes(from) || typeof to !== 'string' || typeof event?.type !== 'string') {
      this.stats.refused++;
      return;
    }
    if (event.type === 'FRAME' && envelope.sentWallMs !== undefined) {
      this.onFrame?.({ source: String(event.source), conn: String(event.conn), seq: Number(event.seq), sentWallMs: envelope.sentWallMs });
    }
    this.submit({ kind: 'message', to, from, event });
  }

  private submit(input: Parameters<Supervisor['submit']>[0]): void {
    try {
      this.supervisor.submit(input);
    } catch {
      // An unknown target (a stand-in not spawned yet) is like a lost packet: the streamer retries.
      this.stats.refused++;
    }
  }

  private onRecord(record: TraceRecord): void {
    if (record.kind !== 'send' || record.deliverAtMs.length === 0) return;
    const socket = this.owners.get(record.to);
    if (socket === undefined || socket.readyState !== socket.OPEN) return;
    if (record.event.type === 'FRAMES' && socket.bufferedAmount > AGENT_BUFFERED_BYTES_MAX) return;
    socket.send(encodeEnvelope({ kind: 'message', from: record.actor, to: record.to, event: record.event }));
    this.stats.envelopesOut++;
  }
}
