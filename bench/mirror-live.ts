/**
 * The mirror live, by hand: two mPower SSH emulators on 127.0.0.1, scenarios/mirror/live.ts
 * in realtime pacing with its strips as device actors (src/devices/mpower/stripDevice.ts)
 * driving the emulators over SSH. Prints the emulators' relays twice a second, then the
 * relay latency (a bulb's command to its strip's ACK, from the trace: the simulated
 * network's 1-10 ms are part of it) and whether the trace replays, as JSON lines.
 * Run: npx tsx bench/mirror-live.ts [durationMs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, replayTrace, runScenario, writeTrace, type TraceRecord } from '../src/runtime/index.ts';
import { startMpowerEmulator } from '../src/devices/mpower/index.ts';

const durationMs = Number(process.argv[2] ?? 10_000);
const password = 'mirror-live-demo';
const passwordEnv = 'TROUPE_BENCH_MPOWER_PASSWORD';
process.env[passwordEnv] = password;
const emulators = await Promise.all([1, 2].map(() => startMpowerEmulator({ outlets: 6, password })));
const show = setInterval(() => console.log(JSON.stringify({ relays: emulators.map((e) => Array.from({ length: 6 }, (_, i) => (e.strip.relay(i + 1) ? '#' : '.')).join('')) })), 500);
const result = await runScenario(await loadScenario('scenarios/mirror/live.ts'), {
  seed: 1,
  host: 'inline',
  pacing: 'realtime',
  durationMs,
  params: { strips: 'ssh', stripAddresses: emulators.map((e) => `${e.host}:${e.port}`).join(','), stripFingerprints: emulators.map((e) => e.fingerprint).join(','), passwordEnv },
});
clearInterval(show);

const sent = new Map<string, number>();
const latencies: number[] = [];
let failed = 0;
for (const record of result.records as TraceRecord[]) {
  if (record.kind === 'send' && record.event.type === 'strip.RELAY') sent.set(`${record.actor}#${String(record.event.seq)}`, record.t);
  if (record.kind !== 'input' || record.input.kind !== 'message') continue;
  if (record.input.event.type === 'strip.FAILED') failed++;
  const sentMs = record.input.event.type === 'strip.ACK' ? sent.get(`${record.input.to}#${String(record.input.event.seq)}`) : undefined;
  if (sentMs !== undefined) latencies.push(record.t - sentMs);
}
latencies.sort((a, b) => a - b);
const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-mirror-'));
const path = join(dir, 'mirror-live.jsonl');
writeTrace(path, result.header, result.records);
const replay = await replayTrace(path, { host: 'inline' });
rmSync(dir, { recursive: true, force: true });
const round = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms * 10) / 10);
console.log(JSON.stringify({
  figure: 'relay-latency-live',
  ok: latencies.length,
  failed,
  p50Ms: round(latencies[Math.floor(latencies.length / 2)]),
  p95Ms: round(latencies[Math.floor(latencies.length * 0.95)]),
  maxMs: round(latencies[latencies.length - 1]),
  checksFailed: result.checks.filter((check) => !check.ok).map((check) => check.name),
  replayMatches: replay.matches,
  replayWallMs: Math.round(replay.run.wallMs),
}));
await Promise.all(emulators.map((e) => e.close()));
