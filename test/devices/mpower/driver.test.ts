import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { isTroupeError, type TroupeError } from '../../../src/runtime/errors.ts';
import { MpowerDriver, startMpowerEmulator, type MpowerDriverOptions, type MpowerEmulator } from '../../../src/devices/mpower/index.ts';

const password = 'correct-horse-battery-9f3a';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(options: Parameters<typeof startMpowerEmulator>[0] = {}): Promise<MpowerEmulator> {
  const started = await startMpowerEmulator({ password, ...options });
  cleanups.push(() => started.close());
  return started;
}

function driver(target: MpowerEmulator, options: Partial<MpowerDriverOptions> = {}): MpowerDriver {
  const created = new MpowerDriver({ host: target.host, port: target.port, password, hostFingerprint: target.fingerprint, outlets: target.model.outlets, reconnectDelayMsMin: 20, reconnectDelayMsMax: 200, ...options });
  cleanups.push(() => created.close());
  return created;
}

async function rejection(promise: Promise<unknown>): Promise<TroupeError> {
  try {
    await promise;
  } catch (error) {
    return error as TroupeError;
  }
  throw new Error('expected a rejection');
}

describe('MpowerDriver over SSH on 127.0.0.1', () => {
  it('sets and reads relays, and the strip really switches', async () => {
    const target = await emulator({ outlets: 6 });
    const strip = driver(target);
    await strip.setRelay(2, true);
    await strip.setRelay(5, true);
    await strip.setRelay(5, false);
    expect(await strip.getRelay(2)).toBe(true);
    expect(await strip.getRelay(5)).toBe(false);
    expect(target.strip.relay(2)).toBe(true);
    expect(strip.connectionState).toBe('ready');
  });

  it('parses the bulk read: switched-on bulbs draw about 27 W, the rest nothing', async () => {
    const target = await emulator({ outlets: 6 });
    const strip = driver(target);
    await strip.setRelay(1, true);
    await strip.setRelay(6, true);
    const readings = await strip.readOutlets();
    expect(readings.map((reading) => reading.outlet)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readings.map((reading) => reading.relay)).toEqual([true, false, false, false, false, true]);
    expect(readings[0].activePwr).toBeGreaterThan(25);
    expect(readings[5].activePwr).toBeLessThan(29);
    expect(readings[1].activePwr).toBe(0);
    expect(readings.every((reading) => reading.vRms > 220 && reading.vRms < 240)).toBe(true);
    const all = await strip.readOutlets({ all: true });
    expect(all[0].pf).toBeGreaterThan(0.9);
    expect(all[0].energySum).toBeGreaterThanOrEqual(0);
  });

  it('tells the board model', async () => {
    const strip = driver(await emulator({ model: 'mpower-pro-8' }));
    const board = await strip.boardModel();
    expect(board.shortname).toBe('P8U');
    expect(board.model?.outlets).toBe(8);
  });

  it('rejects an outlet outside 1..outlets with a coded error, without sending anything', async () => {
    const strip = driver(await emulator({ outlets: 3 }));
    expect((await rejection(strip.setRelay(4, true))).code).toBe('MPOWER_OUTLET_INVALID');
    expect((await rejection(strip.getRelay(0))).code).toBe('MPOWER_OUTLET_INVALID');
    expect(strip.connectionState).toBe('idle');
  });

  it('refuses a host whose key is not the pinned one, naming the host and both fingerprints', async () => {
    const real = await emulator();
    const impostor = await emulator();
    const strip = driver(impostor, { hostFingerprint: real.fingerprint, name: 'strip-left' });
    const error = await rejection(strip.setRelay(1, true));
    expect(error.code).toBe('MPOWER_HOST_KEY_MISMATCH');
    expect(error.message).toContain('strip-left');
    expect(error.message).toContain(`127.0.0.1:${impostor.port}`);
    expect(error.message).toContain(impostor.fingerprint);
    expect(error.message).toContain(real.fingerprint);
    expect(impostor.strip.relay(1)).toBe(false);
  });

  it('fails the in-flight command when the connection drops, then reconnects and works', async () => {
    const target = await emulator();
    const log: string[] = [];
    const strip = driver(target, { log: (line) => log.push(line) });
    await strip.setRelay(1, true);
    // Cut the socket while a command is in flight: queue one and cut at once.
    const inFlight = strip.getRelay(1);
    expect(target.dropConnections()).toBe(1);
    const error = await rejection(inFlight);
    expect(error.code).toBe('MPOWER_CONNECTION_LOST');
    expect(await strip.getRelay(1)).toBe(true);
    expect(log.some((line) => line.includes('connection lost'))).toBe(true);
    expect(log.filter((line) => line.endsWith('connected'))).toHaveLength(2);
  });

  it('reconnects to an emulator restarted on the same port with the same host key', async () => {
    const hostKey = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).private;
    const first = await emulator({ hostKey });
    const log: string[] = [];
    const strip = driver(first, { reconnectAttemptsMax: 30, log: (line) => log.push(line) });
    await strip.setRelay(4, true);
    const port = first.port;
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the strip is down; the driver keeps retrying
    const second = await emulator({ port, hostKey, strip: first.strip });
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(await strip.getRelay(4)).toBe(true);
    await strip.setRelay(4, false);
    expect(second.strip.relay(4)).toBe(false);
    expect(log.some((line) => /connecting again in \d+ ms \(attempt [2-9]/.test(line))).toBe(true);
  });

  it('refuses an emulator restarted on the same port with a new host key', async () => {
    const first = await emulator();
    const strip = driver(first, { reconnectAttemptsMax: 30 });
    await strip.setRelay(1, true);
    const port = first.port;
    await first.close();
    const second = await emulator({ port, strip: first.strip });
    let error: TroupeError | undefined;
    // The first command may instead see the drop itself; the one after meets the new key.
    for (let i = 0; i < 3 && error?.code !== 'MPOWER_HOST_KEY_MISMATCH'; i++) error = await rejection(strip.getRelay(1));
    expect(error?.code).toBe('MPOWER_HOST_KEY_MISMATCH');
    expect(error?.message).toContain(second.fingerprint);
  });

  it('rejects a command past queueDepthMax at once with MPOWER_QUEUE_FULL, and runs the rest', async () => {
    const strip = driver(await emulator(), { queueDepthMax: 4 });
    const calls = [1, 2, 3, 4, 5, 6].map((outlet) => strip.setRelay(outlet, true));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.slice(0, 4).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    for (const outcome of outcomes.slice(4)) {
      expect(outcome.status).toBe('rejected');
      expect(isTroupeError((outcome as PromiseRejectedResult).reason, 'MPOWER_QUEUE_FULL')).toBe(true);
    }
    expect(await strip.getRelay(5)).toBe(false);
  });

  it('never puts the password in an error message or a log line', async () => {
    const target = await emulator();
    const log: string[] = [];
    const texts: string[] = [];
    const wrong = driver(target, { password: `${password}-wrong`, log: (line) => log.push(line) });
    const authError = await rejection(wrong.setRelay(1, true));
    expect(authError.code).toBe('MPOWER_AUTH_FAILED');
    texts.push(authError.message, JSON.stringify(authError.toJSON()), String(authError.stack));
    const mismatched = driver(target, { hostFingerprint: `SHA256:${'A'.repeat(43)}`, log: (line) => log.push(line) });
    const keyError = await rejection(mismatched.getRelay(1));
    texts.push(keyError.message, JSON.stringify(keyError.toJSON()));
    const unreachable = new MpowerDriver({ host: '127.0.0.1', port: 1, password, hostFingerprint: target.fingerprint, reconnectAttemptsMax: 2, reconnectDelayMsMin: 10, log: (line) => log.push(line) });
    cleanups.push(() => unreachable.close());
    const downError = await rejection(unreachable.getRelay(1));
    expect(downError.code).toBe('MPOWER_UNREACHABLE');
    texts.push(downError.message, JSON.stringify(downError.toJSON()));
    const good = driver(target, { log: (line) => log.push(line) });
    await good.setRelay(1, true);
    target.dropConnections();
    await good.getRelay(1).catch((error: TroupeError) => texts.push(error.message));
    texts.push(...log);
    expect(log.length).toBeGreaterThan(2);
    for (const text of texts) {
      expect(text).not.toContain(password);
      expect(text).not.toContain('correct-horse');
    }
  });

  it('talks to an old-Dropbear-like strip only with legacyAlgorithms: true', async () => {
    const old = await emulator({ legacyOnly: true });
    const modern = driver(old, { reconnectAttemptsMax: 1 });
    expect((await rejection(modern.getRelay(1))).code).toBe('MPOWER_UNREACHABLE');
    const legacy = driver(old, { legacyAlgorithms: true });
    await legacy.setRelay(1, true);
    expect(old.strip.relay(1)).toBe(true);
  });

  it('fails commands after close() with MPOWER_CLOSED and leaves no timers or sockets', async () => {
    const resources = (): string[] => process.getActiveResourcesInfo().filter((name) => name === 'Timeout' || name === 'TCPSocketWrap' || name === 'TCPServerWrap');
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));
    await settle(); // let the previous test's sockets finish closing
    const before = resources().length;
    const target = await startMpowerEmulator({ password });
    const strip = new MpowerDriver({ host: target.host, port: target.port, password, hostFingerprint: target.fingerprint });
    await strip.setRelay(1, true);
    const queued = strip.getRelay(1).catch((error: TroupeError) => error.code);
    await strip.close();
    expect(['MPOWER_CLOSED', true]).toContain(await queued);
    expect((await rejection(strip.getRelay(1))).code).toBe('MPOWER_CLOSED');
    await target.close();
    await settle();
    expect(resources().length).toBe(before);
  });

  it('close() during reconnect backoff fails the waiting command at once and leaves no timer', async () => {
    const resources = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const gone = await startMpowerEmulator({ password });
    const address = { host: gone.host, port: gone.port, fingerprint: gone.fingerprint };
    await gone.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = resources();
    const strip = new MpowerDriver({ host: address.host, port: address.port, password, hostFingerprint: address.fingerprint, reconnectDelayMsMin: 10_000, reconnectAttemptsMax: 5 });
    const pending = strip.setRelay(1, true).catch((error: TroupeError) => error.code);
    await new Promise((resolve) => setTimeout(resolve, 100)); // first attempt refused; now sleeping 10 s
    expect(strip.connectionState).toBe('connecting');
    const sleeping = resources();
    expect(sleeping).toBeGreaterThan(0); // the backoff timer
    const startedMs = performance.now();
    await strip.close();
    expect(await pending).toBe('MPOWER_CLOSED');
    expect(performance.now() - startedMs).toBeLessThan(1000);
    // Other tests' timers may expire meanwhile, so compare against both marks.
    expect(resources()).toBeLessThan(sleeping);
    expect(resources()).toBeLessThanOrEqual(before);
  });
});
