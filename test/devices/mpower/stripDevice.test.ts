/**
 * The strip device handler on its own, against an mPower SSH emulator on 127.0.0.1: it
 * answers the simulated strip's protocol from the real strip, in order, and turns every
 * failure into a `strip.FAILED` message that carries no secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mpowerStripDevice, startMpowerEmulator, type MpowerDriverOptions, type MpowerEmulator } from '../../../src/devices/mpower/index.ts';
import type { DeviceHandler, MessageEvent } from '../../../src/runtime/index.ts';

const password = 'strip-device-5d2b';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(): Promise<MpowerEmulator> {
  const started = await startMpowerEmulator({ outlets: 6, password });
  cleanups.push(() => started.close());
  return started;
}

/** Starts a device handler with a context that records what it sends. */
async function device(target: MpowerEmulator, overrides: Partial<MpowerDriverOptions> = {}) {
  const sent: { to: string; event: MessageEvent }[] = [];
  const facts: { name: string; value: unknown }[] = [];
  const options = { host: target.host, port: target.port, password, hostFingerprint: target.fingerprint, reconnectDelayMsMin: 20, reconnectDelayMsMax: 100, reconnectAttemptsMax: 2, ...overrides };
  const handler: DeviceHandler = mpowerStripDevice({ driver: options })({
    actorId: 'strip-1',
    send: (to, event) => sent.push({ to, event }),
    fact: (name, value) => facts.push({ name, value }),
  });
  cleanups.push(async () => handler.close?.());
  await handler.start?.();
  return { handler, sent, facts };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadlineMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('mpowerStripDevice', () => {
  it('switches the real relay and acknowledges each command to its sender, in the order asked', async () => {
    const target = await emulator();
    const { handler, sent, facts } = await device(target);
    for (let seq = 1; seq <= 10; seq++) handler.receive({ type: 'strip.RELAY', outlet: 3, on: seq % 2 === 1, seq }, 'bulb-3');
    handler.receive({ type: 'strip.RELAY', outlet: 5, on: true, seq: 1 }, 'bulb-5');
    await until(() => sent.length === 11);
    expect(sent.filter((s) => s.to === 'bulb-3').map((s) => s.event)).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ type: 'strip.ACK', outlet: 3, on: (i + 1) % 2 === 1, seq: i + 1 })),
    );
    expect(sent.find((s) => s.to === 'bulb-5')?.event).toEqual({ type: 'strip.ACK', outlet: 5, on: true, seq: 1 });
    expect(target.strip.relay(3)).toBe(false); // the last command (seq 10) switched it off
    expect(target.strip.relay(5)).toBe(true);
    // The same relay facts the simulated strip reports, one per switched command.
    expect(facts.filter((f) => f.name === 'relay')).toHaveLength(11);
    expect(facts.at(-1)).toEqual({ name: 'relay', value: { strip: 'strip-1', outlet: 5, on: true } });
  });

  it('answers strip.READ with the strip readings in the simulated strip format', async () => {
    const target = await emulator();
    target.strip.setRelay(2, true);
    const { handler, sent } = await device(target);
    handler.receive({ type: 'strip.READ' }, 'mirror-pi');
    await until(() => sent.length === 1);
    expect(sent[0]!.to).toBe('mirror-pi');
    const readings = (sent[0]!.event as { type: string; readings: { outlet: number; relay: boolean; activePwr: number; energyWh: number }[] });
    expect(readings.type).toBe('strip.READINGS');
    expect(readings.readings.map((r) => r.outlet)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readings.readings.map((r) => r.relay)).toEqual([false, true, false, false, false, false]);
    for (const r of readings.readings) expect(Object.keys(r).sort()).toEqual(['activePwr', 'energyWh', 'outlet', 'relay']);
  });

  it('answers a command it cannot carry out with strip.FAILED naming the code, and ignores other messages', async () => {
    const target = await emulator();
    const { handler, sent } = await device(target);
    handler.receive({ type: 'strip.RELAY', outlet: 9, on: true, seq: 4 }, 'bulb-9');
    handler.receive({ type: 'strip.DANCE' }, 'bulb-9');
    await until(() => sent.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.event).toMatchObject({ type: 'strip.FAILED', request: 'strip.RELAY', outlet: 9, on: true, seq: 4, code: 'MPOWER_OUTLET_INVALID' });
  });

  it('reports a refused login as strip.FAILED without the password in any message', async () => {
    const target = await emulator();
    const wrong = 'not-the-password-77e1';
    const { handler, sent } = await device(target, { password: wrong });
    handler.receive({ type: 'strip.RELAY', outlet: 1, on: true, seq: 1 }, 'bulb-1');
    await until(() => sent.length === 1, 8000);
    expect(sent[0]!.event).toMatchObject({ type: 'strip.FAILED', seq: 1, code: expect.stringMatching(/^MPOWER_/) });
    expect(JSON.stringify(sent)).not.toContain(wrong);
    expect(JSON.stringify(sent)).not.toContain(password);
    expect(target.strip.relay(1)).toBe(false);
  }, 10_000);

  it('reads its driver options only when it starts live, so a replay needs no credentials', () => {
    let reads = 0;
    const factory = mpowerStripDevice({ driver: () => { reads++; throw new Error('no credentials here'); } });
    expect(reads).toBe(0);
    expect(() => factory({ actorId: 'strip-1', send: () => undefined, fact: () => undefined })).toThrow('no credentials here');
    expect(reads).toBe(1);
  });
});
