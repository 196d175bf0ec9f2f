/**
 * A remote agent: a Pi's streamers running on that Pi (`troupe agent --hub ws://HOST:PORT
 * --token T`). Each streamer is the same XState machine as in simulation, run by the
 * runtime's ActorRunner with a realtime clock: timers become real timeouts, sends go to
 * the hub over one WebSocket (binary envelopes, envelopeCodec.ts), and messages from the
 * hub are delivered to the machine at the current time.
 *
 * While the hub is unreachable the socket is retried every `reconnectMs`, and the
 * streamers carry on by themselves: their sends are lost, as on a dead network, so each
 * streamer keeps searching (HELLO every search period) and signs on again by itself once
 * the socket is back. Ctrl-C (or `stop()`) shuts the streamers down: they flush their
 * logs, and the process exits.
 */
import WebSocket from 'ws';
import { ActorRunner } from '../runtime/host/actorRunner.ts';
import type { StepResult } from '../runtime/messages.ts';
import { streamer, type StreamKind, type StreamerInput } from '../actors/datahub/index.ts';
import { TroupeError } from '../runtime/errors.ts';
import { decodeEnvelope, encodeEnvelope, ENVELOPE_BYTES_MAX } from './envelopeCodec.ts';

/** Envelopes sent while the socket is down are dropped, never queued: a stale frame is worthless. */
export interface AgentOptions {
  hubUrl: string;
  token: string;
  pi: string;
  kinds: StreamKind[];
  seed?: number;
  reconnectMs?: number;
  /** Streamer overrides (search period, fps, frame size…). */
  streamer?: Partial<Omit<StreamerInput, 'seed' | 'pi' | 'kind' | 'hub'>>;
  /** Called for each fact a streamer emits (link state, control effects). */
  onFact?: (actor: string, name: string, value: unknown) => void;
}

export interface AgentStats {
  connected: boolean;
  connects: number;
  refusals: number;
  sent: number;
  dropped: number;
  received: number;
}

interface LocalActor {
  runner: ActorRunner;
  timers: Map<number, NodeJS.Timeout>;
  done: boolean;
}

/**
 * @example
 * const agent = new Agent({ hubUrl: 'ws://127.0.0.1:8080', token, pi: 'pi-1', kinds: ['eeg', 'log'] });
 * agent.start();
 */
export class Agent {
  readonly stats: AgentStats = { connected: false, connects: 0, refusals: 0, sent: 0, dropped: 0, received: 0 };
  private readonly actors = new Map<string, LocalActor>();
  private socket: WebSocket | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly startedWallMs = performance.now();
  private closing = false;

  constructor(private readonly options: AgentOptions) {
    if (!/^wss?:\/\//.test(options.hubUrl)) throw new TroupeError('OPTION_INVALID', `--hub must be a ws:// or wss:// URL, got '${options.hubUrl}'`);
    if (options.token.length === 0) throw new TroupeError('OPTION_INVALID', '--token must not be empty');
    if (options.kinds.length === 0) throw new TroupeError('OPTION_INVALID', 'an agent needs at least one stream kind');
  }

  /** Starts the streamers and the connection loop. */
  start(): void {
    const seed = this.options.seed ?? 1;
    this.options.kinds.forEach((kind, i) => {
      const id = `${this.options.pi}.${kind}`;
      const input = { seed: seed * 100 + i, pi: this.options.pi, kind, hub: 'hub', ...this.options.streamer };
      const local: LocalActor = { runner: new ActorRunner(id, streamer, input), timers: new Map(), done: false };
      this.actors.set(id, local);
      this.run(id, { kind: 'start', t: this.nowMs(), mode: 'initial' });
    });
    this.connect();
  }

  /** Shuts every streamer down (logs flushed), then closes the socket. */
  async stop(): Promise<void> {
    for (const id of this.actors.keys()) this.deliver(id, 'agent', { type: 'CONTROL', source: id, command: 'SHUTDOWN' });
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the goodbye frames leave
    for (const local of this.actors.values()) for (const timer of local.timers.values()) clearTimeout(timer);
    this.socket?.close();
  }

  get actorIds(): string[] {
    return [...this.actors.keys()];
  }

  private nowMs(): number {
    return performance.now() - this.startedWallMs;
  }

  private connect(): void {
    if (this.closing) return;
    const socket = new WebSocket(this.options.hubUrl.replace(/\/?$/, '/agent'), {
      headers: { authorization: `Bearer ${this.options.token}` },
      maxPayload: ENVELOPE_BYTES_MAX,
      perMessageDeflate: false,
    });
    this.socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => {
      this.stats.connected = true;
      this.stats.connects++;
      socket.send(encodeEnvelope({ kind: 'hello', pi: this.options.pi, actors: this.actorIds }));
    });
    socket.on('unexpected-response', (_request, response) => {
      if (response.statusCode === 401) this.stats.refusals++;
      socket.terminate();
    });
    socket.on('message', (data: Buffer) => this.onMessage(data));
    socket.on('error', () => {}); // 'close' follows and schedules the retry
    socket.on('close', () => {
      this.stats.connected = false;
      if (this.socket === socket) this.socket = undefined;
      if (!this.closing) this.reconnectTimer = setTimeout(() => this.connect(), this.options.reconnectMs ?? 1_000);
    });
  }

  private onMessage(data: Buffer): void {
    let envelope: { kind: string; to?: string; from?: string; event?: { type: string } };
    try {
      envelope = decodeEnvelope(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as typeof envelope;
    } catch {
      return; // a malformed envelope from the hub is dropped like a corrupt packet
    }
    if (envelope.kind !== 'message' || envelope.to === undefined || envelope.event === undefined) return;
    this.stats.received++;
    this.deliver(envelope.to, envelope.from ?? 'hub', envelope.event);
  }

  private deliver(id: string, from: string, event: { type: string; [key: string]: unknown }): void {
    if (!this.actors.get(id)?.done) this.run(id, { kind: 'deliver', t: this.nowMs(), msg: 0, from, event });
  }

  private run(id: string, event: Parameters<ActorRunner['runWindow']>[0]['events'][number]): void {
    const local = this.actors.get(id)!;
    const result = local.runner.runWindow({ windowEndMs: event.t, clockRate: 1, events: [event] });
    if (!result.ok) return;
    for (const step of result.steps) this.apply(id, local, step);
  }

  private apply(id: string, local: LocalActor, step: StepResult): void {
    for (const timer of step.timersCleared) {
      clearTimeout(local.timers.get(timer));
      local.timers.delete(timer);
    }
    for (const { timer, dueMs } of step.timersSet) {
      local.timers.set(timer, setTimeout(() => {
        local.timers.delete(timer);
        this.run(id, { kind: 'timer', t: dueMs, timer }); // stamped when due, so frame pacing does not drift
      }, Math.max(0, dueMs - this.nowMs())));
    }
    for (const fact of step.facts) this.options.onFact?.(id, fact.name, fact.value);
    for (const send of step.sends) this.send(id, send.to, send.event);
    if (step.done || step.error !== undefined) {
      local.done = true;
      for (const timer of local.timers.values()) clearTimeout(timer);
      local.timers.clear();
    }
  }

  private send(from: string, to: string, event: { type: string }): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      this.stats.dropped++;
      return;
    }
    socket.send(encodeEnvelope({ kind: 'message', from, to, event, sentWallMs: Date.now() }));
    this.stats.sent++;
  }
}
