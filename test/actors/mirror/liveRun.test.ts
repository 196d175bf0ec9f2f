/**
 * The mirror live: scenarios/mirror/live.ts in realtime pacing with its two strips as
 * device actors (mpowerStripDevice), each driving an mPower SSH emulator on 127.0.0.1
 * through a real MpowerDriver. The bulbs are the same machines as in simulation; the
 * emulators' relays follow because the bulbs' commands reach them. The trace, written to
 * a file, replays exactly with the strips inert.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, replayTrace, runScenario, writeTrace, type TraceRecord } from '../../../src/runtime/index.ts';
import { startMpowerEmulator, type MpowerEmulator } from '../../../src/devices/mpower/index.ts';

const password = 'mirror-live-7c1e';
const passwordEnv = 'TROUPE_TEST_MIRROR_LIVE_PASSWORD';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Message = { from: string; to: string; event: { type: string; outlet?: number; on?: boolean; seq?: number } };

/** Messages the strips sent back (recorded inputs, since the strips are devices). */
function stripAnswers(records: readonly TraceRecord[]): (Message & { t: number })[] {
  return records.flatMap((record) => (record.kind === 'input' && record.input.kind === 'message' && record.input.from.startsWith('strip-') ? [{ t: record.t, ...(record.input as Message) }] : []));
}

describe('mirror live run over real SSH, strips as device actors', () => {
  it('the emulated strips relays follow the heartbeat, and the realtime trace replays exactly without touching them', async () => {
    const emulators: MpowerEmulator[] = [];
    for (let i = 0; i < 2; i++) {
      const emulator = await startMpowerEmulator({ outlets: 6, password });
      cleanups.push(() => emulator.close());
      emulators.push(emulator);
    }
    process.env[passwordEnv] = password;
    cleanups.push(() => void delete process.env[passwordEnv]);
    // Sample each emulator's relays every 50 ms of wall time while the run goes.
    const samples: boolean[][] = [];
    const sampler = setInterval(() => samples.push(emulators.flatMap((e) => Array.from({ length: 6 }, (_, i) => e.strip.relay(i + 1)))), 50);
    cleanups.push(() => clearInterval(sampler));
    const scenario = await loadScenario('scenarios/mirror/live.ts');
    const result = await runScenario(scenario, {
      seed: 1,
      host: 'inline',
      pacing: 'realtime',
      durationMs: 6000,
      params: {
        strips: 'ssh',
        stripAddresses: emulators.map((e) => `${e.host}:${e.port}`).join(','),
        stripFingerprints: emulators.map((e) => e.fingerprint).join(','),
        passwordEnv,
      },
    });
    clearInterval(sampler);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    const answers = stripAnswers(result.records);
    expect(answers.filter((a) => a.event.type === 'strip.FAILED')).toEqual([]);
    const acks = answers.filter((a) => a.event.type === 'strip.ACK');
    expect(acks.length).toBeGreaterThan(24);
    // Every outlet was seen both on and off on the real emulators.
    for (let outlet = 0; outlet < 12; outlet++) {
      expect(samples.some((s) => s[outlet]), `outlet ${outlet} never on`).toBe(true);
      expect(samples.some((s) => !s[outlet]), `outlet ${outlet} never off`).toBe(true);
    }
    // Each emulator relay equals the last state its strip acknowledged (answers come in command order).
    const last = new Map<string, boolean>();
    for (const ack of acks) last.set(`${ack.from}/${ack.event.outlet}`, ack.event.on!);
    expect(last.size).toBe(12);
    for (const [key, on] of last) {
      const [strip, outlet] = key.split('/');
      expect(emulators[strip === 'strip-1' ? 0 : 1]!.strip.relay(Number(outlet)), key).toBe(on);
    }
    // No secret in the trace.
    expect(JSON.stringify(result.header) + JSON.stringify(result.records)).not.toContain(password);

    // Replay from the file: the strips are inert (they could not even start: the password is gone).
    const dir = mkdtempSync(join(tmpdir(), 'troupe-mirror-live-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'mirror-live.jsonl');
    writeTrace(path, result.header, result.records);
    delete process.env[passwordEnv];
    const relaysBefore = emulators.map((e) => Array.from({ length: 6 }, (_, i) => e.strip.relay(i + 1)));
    for (const emulator of emulators) emulator.strip.setRelay(1, !emulator.strip.relay(1)); // a replay that switched anything would show
    const flipped = emulators.map((e) => Array.from({ length: 6 }, (_, i) => e.strip.relay(i + 1)));
    const replay = await replayTrace(path, { host: 'inline' });
    expect(replay.matches, JSON.stringify(replay.divergence)).toBe(true);
    expect(emulators.map((e) => Array.from({ length: 6 }, (_, i) => e.strip.relay(i + 1)))).toEqual(flipped);
    expect(flipped).not.toEqual(relaysBefore);

    const latencies = latenciesMs(result.records).sort((a, b) => a - b);
    console.log(JSON.stringify({ figure: 'relay-latency-live', commands: latencies.length, p50Ms: latencies[Math.floor(latencies.length / 2)], p95Ms: latencies[Math.floor(latencies.length * 0.95)], replayWallMs: Math.round(replay.run.wallMs) }));
  }, 20_000);
});

/** Virtual ms (≈ wall ms in realtime) from each relay command's send to its strip's ACK. */
function latenciesMs(records: readonly TraceRecord[]): number[] {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  for (const record of records) {
    if (record.kind === 'send' && record.event.type === 'strip.RELAY') sent.set(`${record.actor}#${String(record.event.seq)}`, record.t);
    if (record.kind === 'input' && record.input.kind === 'message' && record.input.event.type === 'strip.ACK') {
      const sentMs = sent.get(`${record.input.to}#${String(record.input.event.seq)}`);
      if (sentMs !== undefined) latencies.push(record.t - sentMs);
    }
  }
  return latencies;
}
