/**
 * A pool of idle actor workers. Starting a worker costs far more than running a window
 * (a fresh V8 isolate, the TypeScript loader, the scenario's module graph), so a host that
 * closes cleanly hands its worker back here, and the next run's host takes it: the
 * modules are already loaded and only the actor is new. Idle workers are unref'd, so they
 * never keep a process alive; a worker that crashed is never pooled.
 */
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import { extname } from 'node:path';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ActorLoad } from './host.ts';

const entryUrl = new URL(`./workerEntry${extname(new URL(import.meta.url).pathname)}`, import.meta.url);
// Workers register tsx whether the runtime itself runs from sources or from dist/: scenario
// files are TypeScript either way. (`--import tsx` in execArgv does not reach workers on Node 20.)
const tsxApiUrl = import.meta.resolve('tsx/esm/api');

// Runs in the worker before the entry.
const bootstrap = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApiUrl) (await import(workerData.tsxApiUrl)).register();
  await import(workerData.entryUrl);
})().catch((error) => { setImmediate(() => { throw error; }); }); // determinism-ok: rethrow a load error as a worker error
`;

/** The control calls a worker answers through comlink. */
export interface WorkerControl {
  load(load: ActorLoad): Promise<void>;
  inspect(): unknown;
}

export interface PooledWorker {
  readonly worker: Worker;
  readonly control: Comlink.Remote<WorkerControl>;
  readonly memoryMbMax: number;
  readonly controlPort: MessagePort;
}

/** The most idle workers kept; one more is terminated instead. */
export const idleWorkersMax = 32;

const idle: PooledWorker[] = [];

/**
 * An idle worker with the given memory limit, or a new one.
 *
 * @example
 * const pooled = acquireWorker(256); await pooled.control.load(load);
 */
export function acquireWorker(memoryMbMax: number): PooledWorker {
  const index = idle.findIndex((pooled) => pooled.memoryMbMax === memoryMbMax);
  if (index >= 0) {
    const [pooled] = idle.splice(index, 1);
    pooled!.worker.ref();
    pooled!.controlPort.ref();
    return pooled!;
  }
  const channel = new MessageChannel();
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { entryUrl: entryUrl.href, tsxApiUrl, controlPort: channel.port2 },
    transferList: [channel.port2],
    resourceLimits: { maxOldGenerationSizeMb: memoryMbMax },
    stdout: false,
    stderr: false,
  });
  const pooled: PooledWorker = { worker, control: Comlink.wrap<WorkerControl>(nodeEndpoint(channel.port1)), memoryMbMax, controlPort: channel.port1 };
  // A worker that dies while idle leaves the pool.
  worker.once('exit', () => {
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
  });
  return pooled;
}

/**
 * Takes back a healthy worker whose host has closed (no window pending).
 *
 * @example
 * releaseWorker(pooled);
 */
export function releaseWorker(pooled: PooledWorker): void {
  if (idle.length >= idleWorkersMax) {
    void pooled.worker.terminate();
    return;
  }
  pooled.worker.unref();
  pooled.controlPort.unref();
  idle.push(pooled);
}

/**
 * Terminates every idle worker (for a clean shutdown or a test that counts threads).
 *
 * @example
 * await drainWorkerPool();
 */
export async function drainWorkerPool(): Promise<void> {
  const all = idle.splice(0, idle.length);
  await Promise.all(all.map((pooled) => pooled.worker.terminate()));
}

/** How many idle workers wait in the pool now. */
export function idleWorkerCount(): number {
  return idle.length;
}
