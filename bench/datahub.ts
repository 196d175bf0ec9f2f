/**
 * Data hub figures (JSON lines), realtime pacing: 10 video streams at 24 fps with ~50 KB
 * frames plus 5 EEG streams at 250 Hz (25 frames/s of 10 packets), each stream read by 3
 * reader actors inside the hub. The streams come from agents in a separate process (the
 * "Pis"), over WebSocket on loopback, so the hub process's CPU is the hub's alone.
 *
 * Figures: hub CPU (% of one core, all threads of the hub process), end-to-end latency
 * (agent send -> FRAMES delivered to a reader actor) p50/p99, frames lost on the way,
 * frames readers skipped (latest-frame-wins / fell out of the ring); for the actor host
 * `worker` (the goal's setting) and `inline`; plus the cost of structured-cloning a 50 KB
 * frame across threads versus transferring it.
 *
 * Run: `npx tsx bench/datahub.ts [--seconds 10] [--hosts worker,inline]`.
 */
import { spawn } from 'node:child_process';
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { startDataHub } from '../src/datahub/hubServer.ts';
import { Agent } from '../src/datahub/agent.ts';
import type { TraceRecord } from '../src/runtime/index.ts';

const token = 'bench-token-0001';
const VIDEO = 10;
const EEG = 5;
const READERS_PER_STREAM = 3;
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};

if (flag('role', 'main') === 'agents') {
  // The Pis: one Agent per stream, all in this process.
  const url = flag('hub', '');
  const agents: Agent[] = [];
  for (let i = 1; i <= VIDEO; i++) agents.push(new Agent({ hubUrl: url, token, pi: `cam-${i}`, kinds: ['video'], seed: i, reconnectMs: 200, streamer: { fps: 24, fpsMax: 24, frameBytes: 50_000, searchPeriodMs: 500 } }));
  for (let i = 1; i <= EEG; i++) agents.push(new Agent({ hubUrl: url, token, pi: `eeg-${i}`, kinds: ['eeg'], seed: 100 + i, reconnectMs: 200, streamer: { fps: 25, searchPeriodMs: 500 } }));
  for (const agent of agents) agent.start();
  process.on('SIGTERM', () => void Promise.all(agents.map((a) => a.stop())).then(() => process.exit(0)));
} else {
  const seconds = Number(flag('seconds', '10'));
  for (const host of flag('hosts', 'worker,inline').split(',') as ('worker' | 'inline')[]) await measure(host, seconds);
  measureCopy();
}

function readersParam(): string {
  const streams = [
    ...Array.from({ length: VIDEO }, (_, i) => [`cam-${i + 1}.video`, 'latest']),
    ...Array.from({ length: EEG }, (_, i) => [`eeg-${i + 1}.eeg`, 'every']),
  ];
  return streams.flatMap(([stream, mode]) => Array.from({ length: READERS_PER_STREAM }, (_, r) => `r${r + 1}-${stream!.replace('.', '-')}=${stream}:${mode}`)).join(',');
}

async function measure(host: 'worker' | 'inline', seconds: number): Promise<void> {
  const hub = await startDataHub({ token, actorHost: host, handlers: VIDEO + EEG, readers: readersParam(), ringCapacity: 64, processingInline: true });
  const sentAt = new Map<string, number>();
  hub.gateway.onFrame = ({ source, conn, seq, sentWallMs }) => {
    sentAt.set(`${source}|${conn}|${seq}`, sentWallMs);
    if (sentAt.size > 50_000) sentAt.delete(sentAt.keys().next().value!);
  };
  const latencies: number[] = [];
  const sends = new Map<number, Extract<TraceRecord, { kind: 'send' }>>();
  let measuring = false;
  let skipped = 0;
  hub.supervisor.trace.subscribe((record) => {
    if (record.kind === 'send' && record.event.type === 'FRAMES') sends.set(record.msg, record);
    if (record.kind !== 'deliver') return;
    const send = sends.get(record.msg);
    if (send === undefined) return;
    sends.delete(record.msg);
    if (!measuring) return;
    const batch = send.event as unknown as { stream: string; missed: number; frames: { conn: string; seq: number }[] };
    skipped += batch.missed;
    const now = Date.now();
    for (const frame of batch.frames) {
      const sent = sentAt.get(`${batch.stream}|${frame.conn}|${frame.seq}`);
      if (sent !== undefined) latencies.push(now - sent);
    }
  });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--role', 'agents', '--hub', `ws://127.0.0.1:${hub.port}`], { stdio: 'inherit' });
  // Sign-on and warm-up; workers start one stand-in per remote actor on first contact, which takes longer.
  await new Promise((resolve) => setTimeout(resolve, host === 'worker' ? 60_000 : 4_000));
  const lostBefore = totalLost(hub.supervisor.trace.records);
  measuring = true;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  measuring = false;
  const lost = totalLost(hub.supervisor.trace.records) - lostBefore;
  const received = receivedRate(hub.supervisor.trace.records);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await hub.close();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? null;
  console.log(JSON.stringify({
    bench: 'datahub.load', actorHost: host, streams: { video: VIDEO, videoFps: 24, frameBytes: 50_000, eeg: EEG, eegHz: 250, readersPerStream: READERS_PER_STREAM },
    seconds, hubCpuPercentOfCore: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
    latencyMs: { p50: pick(0.5), p99: pick(0.99), max: latencies[latencies.length - 1] ?? null, samples: latencies.length },
    framesLostOnTheWay: lost, framesSkippedByReaders: skipped, hubReceivedFramesPerS: received,
    goal: { cpuPercentMax: 10, p99MsMax: 50 },
  }));
}

function totalLost(records: readonly TraceRecord[]): number {
  const last = new Map<string, number>();
  for (const record of records) if (record.kind === 'fact' && record.name === 'datahub.stats') last.set(record.actor, (record.value as { lost: number }).lost);
  return [...last.values()].reduce((a, b) => a + b, 0);
}

function receivedRate(records: readonly TraceRecord[]): Record<string, number> {
  const last = new Map<string, number>();
  for (const record of records) if (record.kind === 'fact' && record.name === 'datahub.stats') {
    const stats = record.value as { source: string; receivedPerS: number };
    last.set(stats.source, stats.receivedPerS);
  }
  return Object.fromEntries(last);
}

/** What "moved by transfer" would save: one 50 KB frame posted across a MessageChannel, cloned vs transferred. */
function measureCopy(): void {
  const { port1, port2 } = new MessageChannel();
  port2.on('message', () => {});
  const rounds = 2_000;
  const time = (transfer: boolean) => {
    const start = performance.now();
    for (let i = 0; i < rounds; i++) {
      const frame = new ArrayBuffer(50_000);
      port1.postMessage({ frame }, transfer ? [frame] : []);
    }
    return ((performance.now() - start) * 1000) / rounds;
  };
  time(false);
  const clonedUs = time(false);
  const transferredUs = time(true);
  port1.close();
  port2.close();
  console.log(JSON.stringify({ bench: 'datahub.frame-copy', frameBytes: 50_000, postMessageClonedUs: Math.round(clonedUs * 10) / 10, postMessageTransferredUs: Math.round(transferredUs * 10) / 10 }));
}
