/**
 * Relay-command latency through MpowerDriver over loopback SSH, against the emulator,
 * with a raw ssh2 `exec` round trip measured in the same run as the baseline.
 * Prints one JSON line; never fails on a time (figures are for reading, not asserting).
 *
 *   npx tsx bench/mpower-latency.ts [calls]
 */
import { performance } from 'node:perf_hooks';
import ssh2 from 'ssh2';
import { MpowerDriver, hostKeyFingerprint, startMpowerEmulator } from '../src/devices/mpower/index.ts';

const callsMax = 5000;
const calls = Math.min(callsMax, Number(process.argv[2] ?? 500) || 500);
const warmUpCalls = 20;
const password = 'bench-only';

function percentile(sortedMs: number[], p: number): number {
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return Number(sortedMs[Math.max(0, index)].toFixed(3));
}

async function timeEach(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmUpCalls; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const startMs = performance.now();
    await run(i);
    samples.push(performance.now() - startMs);
  }
  return samples.sort((a, b) => a - b);
}

/** One raw ssh2 exec of the same command on an already-open connection. */
function rawExec(client: ssh2.Client, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      stream.on('data', () => undefined);
      stream.stderr.on('data', () => undefined);
      stream.on('close', () => resolve());
    });
  });
}

function connectRaw(client: ssh2.Client, host: string, port: number, fingerprint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve()).on('error', reject);
    client.connect({ host, port, username: 'ubnt', password, hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === fingerprint });
  });
}

async function main(): Promise<void> {
  const emulator = await startMpowerEmulator({ outlets: 6, password });
  const driver = new MpowerDriver({ host: emulator.host, port: emulator.port, password, hostFingerprint: emulator.fingerprint });
  const raw = new ssh2.Client();
  const rawDefault = new ssh2.Client();
  try {
    const driverMs = await timeEach(calls, (i) => driver.setRelay((i % 6) + 1, i % 2 === 0));
    await connectRaw(raw, emulator.host, emulator.port, emulator.fingerprint);
    // Like for like: the driver disables Nagle, so the baseline does too.
    raw.setNoDelay(true);
    const rawMs = await timeEach(calls, (i) => rawExec(raw, `echo ${i % 2} > /proc/power/relay${(i % 6) + 1}`));
    // And ssh2 as it comes (Nagle on), to show what that setting is worth; fewer calls, it is slow.
    await connectRaw(rawDefault, emulator.host, emulator.port, emulator.fingerprint);
    const rawDefaultMs = await timeEach(Math.min(calls, 100), (i) => rawExec(rawDefault, `echo ${i % 2} > /proc/power/relay${(i % 6) + 1}`));
    console.log(
      JSON.stringify({
        figure: 'mpower relay command latency',
        calls,
        p50Ms: percentile(driverMs, 50),
        p99Ms: percentile(driverMs, 99),
        baseline: percentile(rawMs, 50),
        baselineP99Ms: percentile(rawMs, 99),
        baselineWhat: 'raw ssh2 exec round trip p50 on one open connection with TCP_NODELAY, same emulator, same run',
        rawSsh2DefaultP50Ms: percentile(rawDefaultMs, 50),
      }),
    );
  } finally {
    raw.end();
    rawDefault.end();
    await driver.close();
    await emulator.close();
  }
}

await main();
