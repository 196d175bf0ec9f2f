/**
 * Elevator figures (SYSTEMS.md §5, issue 5), from simulated runs (sim pacing, inline), so
 * every figure is reproducible from its seeds. Prints JSON lines:
 * - hall press to arrival (the first service of that hall call at or after the press),
 *   mean and worst, without faults (normal-traffic) and with faults (random-faults, and
 *   the 30%-loss and cable-pulled scenarios);
 * - takeover time: from the primary's crash to the next `role: primary` fact elsewhere;
 * - calls served per simulated hour for 3 elevators x 4 floors under heavy traffic.
 *
 *   npx tsx bench/elevator.ts [seeds]
 */
import { loadScenario, runScenario, TraceView, type TraceRecord } from '../src/runtime/index.ts';
import { buildTimeline, serviceOf } from '../src/actors/elevator/timeline.ts';

const seedsMax = 100;
const seeds = Array.from({ length: Math.min(seedsMax, Number(process.argv[2] ?? 10) || 10) }, (_, i) => i + 1);

function hallWaits(records: TraceRecord[], header: ConstructorParameters<typeof TraceView>[0], actors: string[]): number[] {
  const timeline = buildTimeline(new TraceView(header, records, actors));
  const waits: number[] = [];
  for (const press of timeline.presses) {
    if (press.button === 'cab') continue;
    const service = serviceOf(press, timeline.services);
    if (service !== undefined) waits.push(service.t - press.t);
  }
  return waits;
}

function summary(waits: number[]) {
  const meanMs = waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length);
  return { calls: waits.length, meanMs: Math.round(meanMs), worstMs: Math.round(Math.max(0, ...waits)) };
}

async function pressToArrival(path: string, label: string, params: Record<string, unknown> = {}) {
  const scenario = await loadScenario(path);
  const waits: number[] = [];
  let failedChecks = 0;
  for (const seed of seeds) {
    const result = await runScenario(scenario, { seed, host: 'inline', params });
    failedChecks += result.checks.filter((c) => !c.ok).length;
    const actors = [...new Set(result.records.flatMap((r) => ('actor' in r ? [r.actor] : [])))];
    waits.push(...hallWaits(result.records, result.header, actors));
  }
  console.log(JSON.stringify({ bench: 'elevator.hall-press-to-arrival', scenario: label, seeds: seeds.length, ...summary(waits), failedChecks }));
}

async function takeover() {
  const scenario = await loadScenario('scenarios/elevator/process-killed.ts');
  const times: number[] = [];
  for (const seed of seeds) {
    const result = await runScenario(scenario, { seed, host: 'inline' });
    const crash = result.records.find((r) => r.kind === 'crash' && r.actor === 'elevator-1');
    const next = result.records.find((r) => r.kind === 'fact' && r.name === 'role' && r.value === 'primary' && crash !== undefined && r.t > crash.t && r.actor !== 'elevator-1');
    if (crash !== undefined && next !== undefined) times.push(next.t - crash.t);
  }
  console.log(JSON.stringify({ bench: 'elevator.takeover-after-primary-crash', seeds: seeds.length, meanMs: Math.round(times.reduce((a, b) => a + b, 0) / times.length), worstMs: Math.round(Math.max(...times)), bestMs: Math.round(Math.min(...times)) }));
}

async function throughput() {
  const scenario = await loadScenario('scenarios/elevator/normal-traffic.ts');
  const durationMs = 300_000;
  const result = await runScenario(scenario, {
    seed: 1, host: 'inline', durationMs,
    params: { pressUntilMs: durationMs, pressIntervalMsMin: 200, pressIntervalMsMax: 1200 },
  });
  const served = result.records.filter((r) => r.kind === 'fact' && r.name === 'served').length;
  const presses = result.records.filter((r) => r.kind === 'fact' && r.name === 'pressed').length;
  const perHour = (n: number) => Math.round((n * 3_600_000) / durationMs);
  console.log(JSON.stringify({ bench: 'elevator.calls-served-per-hour', elevators: 3, floors: 4, simulatedMs: durationMs, pressesPerHour: perHour(presses), servicesPerHour: perHour(served), wallMs: Math.round(result.wallMs) }));
}

await pressToArrival('scenarios/elevator/normal-traffic.ts', 'normal-traffic (no faults)');
await pressToArrival('scenarios/elevator/random-faults.ts', 'random-faults');
await pressToArrival('scenarios/elevator/packet-loss.ts', 'packet-loss 30%');
await pressToArrival('scenarios/elevator/cable-pulled.ts', 'cable-pulled 20 s');
await takeover();
await throughput();
