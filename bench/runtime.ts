/**
 * Runtime benchmarks (issue 2). Each line is one JSON object: the figure, and the
 * yardstick measured in the same run, with their ratio. Nothing here fails on a time.
 *
 *   npx tsx bench/runtime.ts            (or: npm run bench)
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { loadScenario, runScenario } from '../src/runtime/index.ts';
import { WorkerHost } from '../src/runtime/host/workerHost.ts';
import { drainWorkerPool } from '../src/runtime/host/workerPool.ts';
import { lamportVm } from '../src/actors/lamport/index.ts';

const print = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n');
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** XState alone stepping one Lamport VM through its ticks: the ceiling for any host. */
function rawXstateStepsPerSecond(steps: number): number {
  const pending: { fire: () => void; dueMs: number }[] = [];
  let nowMs = 0;
  const actor = createActor(lamportVm, {
    input: { seed: 1, peers: ['a', 'b'], ticksPerSecond: 5 },
    clock: { setTimeout: (fire, ms) => pending.push({ fire, dueMs: nowMs + ms }), clearTimeout: () => {} },
  });
  actor.on('*', () => {});
  actor.start();
  const started = performance.now();
  for (let i = 0; i < steps; i++) {
    const next = pending.shift()!;
    nowMs = next.dueMs;
    next.fire();
  }
  return steps / ((performance.now() - started) / 1000);
}

async function inlineSim(): Promise<void> {
  const scenario = await loadScenario('scenarios/lamport/three-vms.ts');
  await runScenario(scenario, { seed: 99, host: 'inline' }); // warm up the JIT
  let steps = 0;
  const started = performance.now();
  for (let seed = 1; seed <= 40; seed++) steps += (await runScenario(scenario, { seed, host: 'inline' })).steps;
  const seconds = (performance.now() - started) / 1000;
  const long = await runScenario(scenario, { seed: 1, host: 'inline', durationMs: 1_800_000 });
  const raw = rawXstateStepsPerSecond(100_000);
  print({
    figure: 'inline sim steps/s, lamport/three-vms (40 seeds x 60 s, whole runs incl. set-up and checks)',
    stepsPerSecond: round(steps / seconds),
    longRunStepsPerSecond: round(long.steps / ((long.wallMs - long.startupMs) / 1000)),
    longRunSteps: long.steps,
    yardstick: 'XState alone stepping one Lamport VM (no runtime)',
    yardstickStepsPerSecond: round(raw),
    ratio: round(steps / seconds / raw, 2),
    goalStepsPerSecond: 200_000,
  });
}

/** Round trips/s of a raw postMessage ping-pong between two threads. */
async function rawRoundTripsPerSecond(count: number): Promise<number> {
  const worker = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`, { eval: true });
  await new Promise<void>((resolve) => { worker.once('message', () => resolve()); worker.postMessage(0); });
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let left = count;
    worker.on('message', () => (--left === 0 ? resolve() : worker.postMessage({ type: 'window', id: left, request: { events: [] } })));
    worker.postMessage({ type: 'window', id: left, request: { events: [] } });
  });
  const perSecond = count / ((performance.now() - started) / 1000);
  await worker.terminate();
  return perSecond;
}

async function workerSim(): Promise<void> {
  const rawRoundTrips = await rawRoundTripsPerSecond(20_000);
  // Warm the worker pool, so the figures below are stepping, not start-up (measured separately).
  await runScenario('bench/scenarios/lamport-mesh.ts', { seed: 2, host: 'worker', durationMs: 1_000 });
  const three = await runScenario('scenarios/lamport/three-vms.ts', { seed: 1, host: 'worker', durationMs: 300_000 });
  const mesh = await runScenario('bench/scenarios/lamport-mesh.ts', { seed: 1, host: 'worker' });
  const meshInline = await runScenario('bench/scenarios/lamport-mesh.ts', { seed: 1, host: 'inline' });
  for (const [name, run] of [['lamport/three-vms (300 s)', three], ['bench/lamport-mesh (8 VMs, 20 ms lookahead)', mesh]] as const) {
    const stepsPerSecond = run.steps / ((run.wallMs - run.startupMs) / 1000);
    print({
      figure: `worker sim steps/s, ${name}`,
      stepsPerSecond: round(stepsPerSecond),
      steps: run.steps,
      yardstick: 'raw postMessage round trips/s between two threads',
      yardstickPerSecond: round(rawRoundTrips),
      ratio: round(stepsPerSecond / rawRoundTrips, 2),
      goalRatio: 3,
      ...(run === mesh ? { sameHashAsInline: mesh.traceHash === meshInline.traceHash } : {}),
    });
  }
}

/** Messages/s a receiver thread counts when a sender posts batches of `batch` small objects. */
async function rawBatchedOneWay(batch: number, durationMs: number): Promise<number> {
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads');
    let received = 0;
    parentPort.on('message', (m) => { if (m === 'done') parentPort.postMessage(received); else received += m.length; });`, { eval: true });
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < durationMs) {
    const messages = [];
    for (let i = 0; i < batch; i++) messages.push({ to: 'consumer', event: { type: 'DATA', n: sent + i } });
    worker.postMessage(messages);
    sent += batch;
    if (sent % (batch * 50) === 0) await new Promise((resolve) => setImmediate(resolve)); // let the receiver drain
  }
  const received = await new Promise<number>((resolve) => { worker.once('message', resolve); worker.postMessage('done'); });
  const perSecond = received / ((performance.now() - started) / 1000);
  await worker.terminate();
  return perSecond;
}

async function realtimeRouting(): Promise<void> {
  const run = await runScenario('bench/scenarios/flood.ts', { seed: 1, host: 'worker', pacing: 'realtime', durationMs: 1_000, params: { burst: 300 } });
  const delivered = run.records.filter((record) => record.kind === 'deliver').length;
  const routedPerSecond = delivered / ((run.wallMs - run.startupMs) / 1000);
  const raw = await rawBatchedOneWay(300, 1_000);
  print({
    figure: 'realtime routed messages/s through the supervisor (worker hosts, flood of 300 msgs/ms)',
    messagesPerSecond: round(routedPerSecond),
    delivered,
    wallMs: round(run.wallMs),
    yardstick: 'raw batched one-way postMessage (300 per batch)',
    yardstickPerSecond: round(raw),
    ratio: round(routedPerSecond / raw, 3),
    goalRatio: 0.3,
  });
}

async function workerStartup(): Promise<void> {
  await drainWorkerPool(); // measure cold starts
  const scenarioPath = (await loadScenario('scenarios/lamport/three-vms.ts')).modulePath!;
  const count = 8;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const hosts = Array.from({ length: count }, (_, i) => new WorkerHost({ actorId: `vm-${(i % 3) + 1}`, scenarioPath, seed: 1, params: { internalEventMax: 10 }, input: { seed: i, peers: ['vm-2', 'vm-3'] } }));
  const readyTimes = await Promise.all(hosts.map(async (host) => { await host.ready(); return performance.now() - started; }));
  const rssAfter = process.memoryUsage().rss;
  await Promise.all(hosts.map((host) => host.close()));
  // And a warm start: the same actors again, from the pool.
  const warmStarted = performance.now();
  const warm = Array.from({ length: count }, (_, i) => new WorkerHost({ actorId: `vm-${(i % 3) + 1}`, scenarioPath, seed: 1, params: { internalEventMax: 10 }, input: { seed: i, peers: ['vm-2', 'vm-3'] } }));
  await Promise.all(warm.map((host) => host.ready()));
  const warmMs = performance.now() - warmStarted;
  await Promise.all(warm.map((host) => host.close()));
  await drainWorkerPool();
  print({
    figure: `worker start-up, ${count} actor workers started together (tsx from sources)`,
    firstReadyMs: round(Math.min(...readyTimes)),
    allReadyMs: round(Math.max(...readyTimes)),
    rssPerWorkerMb: round((rssAfter - rssBefore) / count / 2 ** 20, 1),
    warmFromPoolAllReadyMs: round(warmMs),
  });
}

await inlineSim();
await workerSim();
await realtimeRouting();
await workerStartup();
