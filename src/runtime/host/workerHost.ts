/**
 * The worker host: one `worker_threads` Worker per actor. Windows travel as one raw
 * `postMessage` each way; control calls (load, inspect) go through comlink on their own
 * port. A worker that throws, exits, runs out of memory or stops answering is an actor
 * crash reported to the supervisor, never a supervisor crash.
 */
import { Worker, MessageChannel } from 'node:worker_threads';
import { extname } from 'node:path';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ActorHost, ActorLoad } from './host.ts';
import type { CrashReason, WindowRequest, WindowResult, WorkerToSupervisor } from '../messages.ts';
import { TroupeError } from '../errors.ts';
import { exitMessage } from './actorRunner.ts';

const entryUrl = new URL(`./workerEntry${extname(new URL(import.meta.url).pathname)}`, import.meta.url);
const tsxApiUrl = entryUrl.pathname.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : '';

// Runs in the worker before the entry: registers tsx when the entry is TypeScript
// (`--import tsx` in execArgv does not reach workers on Node 20).
const bootstrap = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApiUrl) (await import(workerData.tsxApiUrl)).register();
  await import(workerData.entryUrl);
})().catch((error) => { setImmediate(() => { throw error; }); }); // determinism-ok: rethrow a load error as a worker error
`;

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
  private readonly worker: Worker;
  private readonly control: Comlink.Remote<{ load(load: ActorLoad): Promise<void>; inspect(): unknown }>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private death: { reason: CrashReason; message: string } | undefined;
  private readonly loaded: Promise<void>;

  constructor(private readonly load: ActorLoad, private readonly options: WorkerHostOptions = defaultWorkerHostOptions) {
    if (load.scenarioPath === undefined) {
      throw new TroupeError('WORKER_NEEDS_MODULE', `actor '${load.actorId}': worker hosts load machines from the scenario file; load the scenario with loadScenario(path) or use the inline host`);
    }
    const channel = new MessageChannel();
    this.worker = new Worker(bootstrap, {
      eval: true,
      workerData: { entryUrl: entryUrl.href, tsxApiUrl, controlPort: channel.port2 },
      transferList: [channel.port2],
      resourceLimits: { maxOldGenerationSizeMb: load.memoryMbMax ?? options.memoryMbMax },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (message: WorkerToSupervisor) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      const reason: CrashReason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'error';
      this.die(reason, error.message);
    });
    this.worker.on('exit', (code) => this.die('exit', exitMessage(code)));
    this.control = Comlink.wrap(nodeEndpoint(channel.port1));
    this.loaded = this.control.load(load);
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
        void this.worker.terminate();
      }, this.options.hungAfterMs);
      this.pending.set(id, { resolve, timer });
      this.worker.postMessage({ type: 'window', id, request });
    });
  }

  async inspect() {
    if (this.death !== undefined) return undefined;
    return (await this.control.inspect()) as { state: unknown; context: unknown; status: string } | undefined;
  }

  async close(): Promise<void> {
    this.death ??= { reason: 'killed', message: 'host closed' };
    this.control[Comlink.releaseProxy]();
    await this.worker.terminate();
  }

  private onMessage(message: WorkerToSupervisor): void {
    const pending = typeof message === 'object' && message !== null ? this.pending.get(message.id) : undefined;
    if (pending === undefined || message.type !== 'window-result' || !isWindowResult(message.result)) {
      this.die('error', `ENVELOPE_INVALID: worker sent a message that is not a window result for a pending window: ${preview(message)}`);
      void this.worker.terminate();
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
