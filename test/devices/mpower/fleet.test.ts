import { afterEach, describe, expect, it } from 'vitest';
import { MpowerDriver, MpowerFleet, startMpowerEmulator, type MpowerEmulator } from '../../../src/devices/mpower/index.ts';

const password = 'fleet-secret';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(): Promise<MpowerEmulator> {
  const started = await startMpowerEmulator({ outlets: 6, password });
  cleanups.push(() => started.close());
  return started;
}

function driverFor(target: { host: string; port: number; fingerprint: string }, name: string, extra: Partial<ConstructorParameters<typeof MpowerDriver>[0]> = {}): MpowerDriver {
  return new MpowerDriver({ host: target.host, port: target.port, password, hostFingerprint: target.fingerprint, name, ...extra });
}

describe('MpowerFleet', () => {
  it('drives two strips in parallel, each in the order given', async () => {
    const [left, right] = [await emulator(), await emulator()];
    const fleet = new MpowerFleet({ left: driverFor(left, 'left'), right: driverFor(right, 'right') });
    cleanups.push(() => fleet.close());
    const commands = [1, 2, 3, 4, 5, 6].flatMap((outlet) => [
      { strip: 'left', outlet, on: true },
      { strip: 'right', outlet, on: outlet % 2 === 0 },
    ]);
    // The last command per outlet wins only if each strip keeps the order: switch left 3 off again.
    commands.push({ strip: 'left', outlet: 3, on: false });
    const outcomes = await fleet.setRelays(commands);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(outcomes.map((outcome) => `${outcome.strip}${outcome.outlet}`)).toEqual(commands.map((command) => `${command.strip}${command.outlet}`));
    expect([1, 2, 3, 4, 5, 6].map((outlet) => left.strip.relay(outlet))).toEqual([true, true, false, true, true, true]);
    expect([1, 2, 3, 4, 5, 6].map((outlet) => right.strip.relay(outlet))).toEqual([false, true, false, true, false, true]);
    const readings = await fleet.forEach((driver) => driver.readOutlets());
    expect(readings.map((outcome) => outcome.strip)).toEqual(['left', 'right']);
    expect(readings.every((outcome) => outcome.ok && outcome.value.length === 6)).toBe(true);
  });

  it('reports a dead strip per command while the live one is switched without waiting for it', async () => {
    const live = await emulator();
    const gone = await emulator();
    const goneAddress = { host: gone.host, port: gone.port, fingerprint: gone.fingerprint };
    await gone.close();
    // The dead strip retries 3 times with 300 ms, 600 ms backoff: about 0.9 s before it gives up.
    const fleet = new MpowerFleet({
      live: driverFor(live, 'live'),
      dead: driverFor(goneAddress, 'dead', { reconnectAttemptsMax: 3, reconnectDelayMsMin: 300 }),
    });
    cleanups.push(() => fleet.close());
    const startedMs = performance.now();
    let settled = false;
    const outcomesPromise = fleet.setRelays([1, 2, 3].flatMap((outlet) => [{ strip: 'dead', outlet, on: true }, { strip: 'live', outlet, on: true }]));
    void outcomesPromise.then(() => (settled = true));
    while (!live.strip.relay(3) && performance.now() - startedMs < 5000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(live.strip.relay(3)).toBe(true);
    expect(settled).toBe(false); // the live strip did not wait for the dead one
    const outcomes = await outcomesPromise;
    const dead = outcomes.filter((outcome) => outcome.strip === 'dead');
    expect(dead).toHaveLength(3);
    for (const outcome of dead) expect(outcome.ok ? 'ok' : outcome.error.code).toBe('MPOWER_UNREACHABLE');
    expect(outcomes.filter((outcome) => outcome.strip === 'live').every((outcome) => outcome.ok)).toBe(true);
  });

  it('reports a command to a strip it does not have instead of throwing', async () => {
    const fleet = new MpowerFleet({});
    const [outcome] = await fleet.setRelays([{ strip: 'nowhere', outlet: 1, on: true }]);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/no strip 'nowhere'/);
  });
});
