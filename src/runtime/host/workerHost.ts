/**
 * The worker host: one `worker_threads` Worker per actor. Windows travel as one raw
 * `postMessage` each way; control calls (load, inspect) go through comlink on their own
 * port. A worker that throws, exits, runs out of memory or stops answering is an actor
 * crash reported to the supervisor, never a supervisor crash.
 */
import type { ActorHost, ActorLoad } from './host.ts';
import type { CrashReason, WindowRequest, WindowResult, WorkerToSupervisor } from '../messages.ts';
import { TroupeError } from '../errors.ts';
import { exitMessage } from './actorRunner.ts';
import { acquireWorker, releaseWorker, type PooledWorker } from './workerPool.ts';

export interface WorkerHostOptions {
  /** Wall time a window may take before the worker counts as hung and is terminated. */
  hungAfterMs: number;
  /** Default V8 old-generation limit per actor worker. */
  memoryMbMax: number;
}

export const defaultWorkerHostOptions: WorkerHostOptions = { hungAfterMs: 10_000, memoryMbMax: 256 };

interface Pending {
  resolve(result: WindowResult): void;
  timer: NodeJS.Timeout;
}

/**
 * @example
 * const host = new WorkerHost({ actorId: 'vm-1', scenarioPath, seed: 1, params: {}, input });
 * await host.ready();
 */
export class WorkerHost implements ActorHost {
  readonly kind = 'worker';
  private readonly pooled: PooledWorker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private death: { reason: CrashReason; message: string } | undefined;
  private readonly loaded: Promise<void>;
  private readonly onWorkerMessage = (message: WorkerToSupervisor) => this.onMessage(message);
  private readonly onWorkerError = (error: Error & { code?: string }) => {
    this.die(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'error', error.message);
  };
  private readonly onWorkerExit = (code: number) => this.die('exit', exitMessage(code));

  constructor(private readonly load: ActorLoad, private readonly options: WorkerHostOptions = defaultWorkerHostOptions) {
    if (load.scenarioPath === undefined) {
      throw new TroupeError('WORKER_NEEDS_MODULE', `actor '${load.actorId}': worker hosts load machines from the scenario file; load the scenario with loadScenario(path) or use the inline host`);
    }
    this.pooled = acquireWorker(load.memoryMbMax ?? options.memoryMbMax);
    const worker = this.pooled.worker;
    worker.on('message', this.onWorkerMessage);
    worker.on('error', this.onWorkerError);
    worker.on('exit', this.onWorkerExit);
    this.loaded = this.pooled.control.load(load);
    // A load that fails is reported by ready(); keep it from being an unhandled rejection meanwhile.
    this.loaded.catch(() => {});
  }

  get alive(): boolean {
    return this.death === undefined;
  }

  async ready(): Promise<void> {
    try {
      await Promise.race([this.loaded, this.deathNotice()]);
    } catch (error) {
      throw new TroupeError('WORKER_START_FAILED', `actor '${this.load.actorId}' failed to load in its worker: ${(error as Error).message}`);
    }
    if (this.death !== undefined) {
      throw new TroupeError('WORKER_START_FAILED', `actor '${this.load.actorId}': worker died while loading: ${this.death.message}`);
    }
  }

  runWindow(request: WindowRequest): Promise<WindowResult> {
    if (this.death !== undefined) return Promise.resolve({ ok: false, crash: this.death });
    const id = ++this.nextId;
    return new Promise<WindowResult>((resolve) => {
      const timer = setTimeout(() => { // determinism-ok: a wall-clock watchdog; it only fires when a worker is truly hung
        this.die('hung', `no answer within ${this.options.hungAfterMs} ms; worker terminated`);
        void this.pooled.worker.terminate();
      }, this.options.hungAfterMs);
      this.pending.set(id, { resolve, timer });
      this.pooled.worker.postMessage({ type: 'window', id, request });
    });
  }

  async inspect() {
    if (this.death !== undefined) return undefined;
    return (await this.pooled.control.inspect()) as { state: unknown; context: unknown; status: string } | undefined;
  }

  /** Hands a healthy, idle worker back to the pool; terminates anything else. */
  async close(): Promise<void> {
    const healthy = this.death === undefined && this.pending.size === 0;
    this.death ??= { reason: 'killed', message: 'host closed' };
    const worker = this.pooled.worker;
    worker.off('message', this.onWorkerMessage);
    worker.off('error', this.onWorkerError);
    worker.off('exit', this.onWorkerExit);
    if (healthy) {
      await this.loaded.catch(() => {});
      releaseWorker(this.pooled);
    } else {
      await worker.terminate();
    }
  }

  private onMessage(message: WorkerToSupervisor): void {
    const pending = typeof message === 'object' && message !== null ? this.pending.get(message.id) : undefined;
    if (pending === undefined || message.type !== 'window-result' || !isWindowResult(message.result)) {
      this.die('error', `ENVELOPE_INVALID: worker sent a message that is not a window result for a pending window: ${preview(message)}`);
      void this.pooled.worker.terminate();
      return;
    }
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(message.result);
  }

  private die(reason: CrashReason, message: string): void {
    if (this.death !== undefined) return;
    this.death = { reason, message };
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve({ ok: false, crash: this.death });
      this.pending.delete(id);
    }
    this.deathListeners.forEach((listener) => listener());
  }

  private readonly deathListeners: (() => void)[] = [];

  private deathNotice(): Promise<void> {
    return new Promise((resolve) => this.deathListeners.push(resolve));
  }
}

function isWindowResult(value: unknown): value is WindowResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  if (result.ok === true) return Array.isArray(result.steps) && result.steps.every(isStepShape);
  return result.ok === false && typeof result.crash === 'object' && result.crash !== null;
}

function isStepShape(step: unknown): boolean {
  if (typeof step !== 'object' || step === null) return false;
  const s = step as Record<string, unknown>;
  return typeof s.t === 'number' && typeof s.cause === 'object' && Array.isArray(s.sends) && Array.isArray(s.facts) &&
    Array.isArray(s.spawns) && Array.isArray(s.timersSet) && Array.isArray(s.timersCleared) && typeof s.digest === 'string';
}

function preview(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 120);
  } catch {
    return String(value).slice(0, 120);
  }
}
