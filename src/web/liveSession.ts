/**
 * One live run watched from the page: runs the scenario (paced by default), batches its
 * records to every connected page, sends actor and network snapshots, evaluates the
 * checks as the trace grows, and applies the page's commands. `rerun` starts the same
 * scenario and seed again.
 */
import { runScenario, TroupeError, isTroupeError, type PacingMode, type Scenario, type Supervisor, type TraceRecord } from '../runtime/index.ts';
import { RecordBatcher, defaultBatcherOptions, isPriorityRecord, type BatcherOptions } from './recordBatcher.ts';
import { ChecksMonitor, evaluateChecks, type CheckReport } from './checksMonitor.ts';
import { commandFault, parseCommand, type UiCommand } from './commands.ts';
import { scenarioOutlines } from './machineOutline.ts';
import { toPlain } from './plain.ts';

/** A connected page, as the session sees it. */
export interface SessionClient {
  send(message: object): void;
  /** Bytes queued on the socket but not yet sent: a page falling behind gets priority records only. */
  bufferedBytes(): number;
}

export interface LiveSessionOptions {
  scenario: Scenario;
  seed: number;
  pacing: PacingMode;
  speed: number;
  actorHost: 'inline' | 'worker';
  /** Overrides the scenario's duration. */
  durationMs?: number;
  /** Scenario parameter overrides. */
  params?: Record<string, unknown>;
  batcher: BatcherOptions;
  /** How often every page gets the exact actor and network snapshot. */
  snapshotIntervalMs: number;
  /** Recent records kept for a page that connects mid-run. */
  historyRecordsMax: number;
  /** Socket backlog past which a page gets priority records only. */
  clientBufferedBytesMax: number;
}

export const defaultLiveSessionLimits = { snapshotIntervalMs: 250, historyRecordsMax: 3_000, clientBufferedBytesMax: 4 * 1024 * 1024 };

/**
 * Runs and serves one scenario.
 *
 * @example
 * const session = new LiveSession({ scenario, seed: 1, pacing: 'paced', speed: 1, actorHost: 'inline', batcher: defaultBatcherOptions, ...defaultLiveSessionLimits });
 * session.start(); session.attach(client); … await session.close();
 */
export class LiveSession {
  private supervisor: Supervisor | undefined;
  private running: Promise<void> | undefined;
  private readonly clients = new Set<SessionClient>();
  private batcher: RecordBatcher;
  private history: TraceRecord[] = [];
  private checks: CheckReport[] = [];
  private monitor: ChecksMonitor | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private earlyFlush: NodeJS.Immediate | undefined;
  private lastFlushMs = performance.now();
  private ended = false;
  private runError: string | undefined;
  private runNumber = 0;
  private closed = false;
  private readonly outlines;

  constructor(readonly options: LiveSessionOptions) {
    this.batcher = new RecordBatcher(options.batcher);
    this.outlines = scenarioOutlines(options.scenario, options.seed, { ...(options.scenario.params ?? {}) });
  }

  /** Starts the run (again, after `rerun`). */
  start(): void {
    const run = ++this.runNumber;
    this.ended = false;
    this.runError = undefined;
    this.history = [];
    this.checks = [];
    this.batcher = new RecordBatcher(this.options.batcher);
    let attached!: () => void;
    const ready = new Promise<void>((resolve) => (attached = resolve));
    this.running = runScenario(this.options.scenario, {
      seed: this.options.seed,
      host: this.options.actorHost,
      ...(this.options.durationMs === undefined ? {} : { durationMs: this.options.durationMs }),
      ...(this.options.params === undefined ? {} : { params: this.options.params }),
      pacing: this.options.pacing,
      speed: this.options.speed,
      onSupervisor: (supervisor) => {
        this.supervisor = supervisor;
        supervisor.trace.subscribe((record) => this.onRecord(record));
        attached();
      },
    }).then(
      () => this.onEnd(run),
      (error: unknown) => {
        this.runError = isTroupeError(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
        attached();
        this.onEnd(run);
      },
    );
    void ready.then(() => {
      if (run !== this.runNumber || this.closed) return;
      this.monitor = new ChecksMonitor(() => this.evaluate(), (reports) => this.publishChecks(reports));
      this.monitor.start();
      for (const client of this.clients) this.hello(client);
    });
    this.flushTimer ??= setInterval(() => this.flush(), this.options.batcher.flushIntervalMs);
    this.snapshotTimer ??= setInterval(() => this.broadcast(this.snapshot()), this.options.snapshotIntervalMs);
  }

  /** Adds a page: it gets the hello (scenario, actors, outlines, recent history) at once. */
  attach(client: SessionClient): () => void {
    this.clients.add(client);
    if (this.supervisor !== undefined) this.hello(client);
    return () => this.clients.delete(client);
  }

  /** Applies one command from a page; replies to that page only. */
  async handle(client: SessionClient, message: unknown): Promise<void> {
    const id = (message as { id?: unknown } | null)?.id;
    const reply = (body: object) => client.send({ ...body, ...(typeof id === 'number' || typeof id === 'string' ? { id } : {}) });
    try {
      const supervisor = this.supervisor;
      if (supervisor === undefined) throw new TroupeError('COMMAND_INVALID', 'the run is still starting; try again in a moment');
      const command = parseCommand(message, { actors: supervisor.actorIds, ended: this.ended, paused: supervisor.isPaused, pacing: this.options.pacing });
      const result = await this.apply(supervisor, command);
      reply({ type: 'ok', op: command.op, ...(result === undefined ? {} : { result }) });
      if (command.op !== 'inspect') this.broadcast(this.snapshot());
    } catch (error) {
      if (!isTroupeError(error)) throw error;
      reply({ type: 'error', code: error.code, message: error.message });
    }
  }

  /** The trace so far (header and records), for "save trace". */
  currentTrace() {
    const supervisor = this.supervisor;
    if (supervisor === undefined) return undefined;
    return { header: supervisor.trace.header, records: supervisor.trace.records, ended: this.ended };
  }

  /** Stops the run and every timer. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopRun();
    clearInterval(this.flushTimer);
    clearInterval(this.snapshotTimer);
    if (this.earlyFlush !== undefined) clearImmediate(this.earlyFlush);
    await this.running;
  }

  private async apply(supervisor: Supervisor, command: UiCommand): Promise<unknown> {
    switch (command.op) {
      case 'pause':
        return supervisor.pause();
      case 'resume':
        return supervisor.resume();
      case 'step':
        return supervisor.step();
      case 'speed':
        return supervisor.setSpeed(command.speed === 'max' ? Infinity : command.speed);
      case 'inspect': {
        const inspected = await supervisor.inspect(command.actor).catch(() => undefined);
        return { actor: command.actor, inspected: inspected === undefined ? null : toPlain(inspected) };
      }
      case 'rerun':
        this.stopRun();
        await this.running;
        this.broadcast({ type: 'reset' });
        this.start();
        return undefined;
      case 'message':
        return supervisor.submit({ kind: 'message', to: command.to, from: command.from ?? 'ui', event: command.event });
    }
    const fault = commandFault(command);
    if (fault === undefined) throw new TroupeError('COMMAND_INVALID', `'${command.op}' has no effect here`);
    supervisor.submit({ kind: 'fault', fault } as never);
    return undefined;
  }

  private stopRun(): void {
    this.monitor?.stop();
    this.supervisor?.stop();
    this.supervisor?.resume();
  }

  private onRecord(record: TraceRecord): void {
    this.history.push(record);
    if (this.history.length > this.options.historyRecordsMax * 2) this.history = this.history.slice(-this.options.historyRecordsMax);
    if (this.batcher.push(record) && this.earlyFlush === undefined) {
      // A crash, fault or role change should reach the page now, not at the next tick.
      this.earlyFlush = setImmediate(() => {
        this.earlyFlush = undefined;
        this.flush();
      });
    }
  }

  private onEnd(run: number): void {
    if (run !== this.runNumber) return;
    this.ended = true;
    this.flush();
    this.monitor?.stop();
    if (this.supervisor !== undefined && !this.closed) this.publishChecks(this.evaluate());
    this.broadcast(this.snapshot());
  }

  private flush(): void {
    const nowMs = performance.now();
    const elapsedMs = Math.max(1, nowMs - this.lastFlushMs);
    this.lastFlushMs = nowMs;
    if (this.batcher.size === 0) return;
    let full: object | undefined;
    let lean: object | undefined;
    const batcher = this.batcher;
    for (const client of this.clients) {
      if (client.bufferedBytes() > this.options.clientBufferedBytesMax) {
        // This page is behind: only what changes the picture of who is up and leading.
        lean ??= { type: 'records', ...batcher.peek(elapsedMs, true) };
        client.send(lean);
      } else {
        full ??= { type: 'records', ...batcher.peek(elapsedMs, false) };
        client.send(full);
      }
    }
    batcher.clear();
  }

  private hello(client: SessionClient): void {
    const supervisor = this.supervisor!;
    const scenario = this.options.scenario;
    client.send({
      type: 'hello',
      mode: 'live',
      run: this.runNumber,
      scenario: scenario.name,
      description: scenario.description,
      system: scenario.name.split('/')[0],
      seed: this.options.seed,
      pacing: this.options.pacing,
      durationMs: supervisor.options.durationMs,
      actors: supervisor.actorIds,
      outlines: this.outlines.outlines,
      outlineByActor: this.outlines.byActor,
      checks: this.checks,
      history: this.history.slice(-this.options.historyRecordsMax).filter((record, i, list) => i >= list.length - 1_000 || isPriorityRecord(record)),
      batch: this.options.batcher,
    });
    client.send(this.snapshot());
  }

  private snapshot(): object {
    const supervisor = this.supervisor;
    if (supervisor === undefined) return { type: 'snapshot', starting: true };
    const records = supervisor.trace.records;
    return {
      type: 'snapshot',
      run: this.runNumber,
      t: records[records.length - 1]?.t ?? 0,
      records: records.length,
      steps: supervisor.steps,
      paused: supervisor.isPaused,
      speed: Number.isFinite(supervisor.speed) ? supervisor.speed : 'max',
      ended: this.ended,
      error: this.runError,
      actors: supervisor.describeActors().map((actor) => ({ ...actor, facts: toPlain(actor.facts) })),
      network: supervisor.describeNetwork(),
    };
  }

  private evaluate(): CheckReport[] {
    const supervisor = this.supervisor!;
    return evaluateChecks(this.options.scenario.checks ?? [], supervisor.trace.header, supervisor.trace.records, supervisor.actorIds, this.ended);
  }

  private publishChecks(reports: CheckReport[]): void {
    this.checks = reports;
    this.broadcast({ type: 'checks', checks: reports, ended: this.ended });
  }

  private broadcast(message: object): void {
    for (const client of this.clients) client.send(message);
  }
}
