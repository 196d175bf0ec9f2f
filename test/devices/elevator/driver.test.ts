import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ElevatorDriver, startElevatorServer } from '../../../src/devices/elevator/index.ts';
import type { ElevatorDriverEvents, ElevatorDriverOptions, ElevatorServer } from '../../../src/devices/elevator/index.ts';
import { isTroupeError } from '../../../src/runtime/errors.ts';

// A fast car keeps trips short: 300 ms per floor, sensor window 100 ms.
const FAST_CAR = { travelMsPerFloor: 300, floorSensorMs: 100 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function server(options: Parameters<typeof startElevatorServer>[0] = {}): Promise<ElevatorServer> {
  const s = await startElevatorServer({ port: 0, car: FAST_CAR, ...options });
  cleanups.push(() => s.close());
  return s;
}

async function driver(port: number, options: ElevatorDriverOptions = {}): Promise<ElevatorDriver> {
  const d = new ElevatorDriver({ port, reconnectDelayMsMin: 20, reconnectDelayMsMax: 100, ...options });
  cleanups.push(() => d.close());
  d.start();
  await d.waitConnected(2000);
  return d;
}

/** Resolves with the first event `name` whose payload passes `match`; fails after `timeoutMs`. */
function nextEvent<N extends keyof ElevatorDriverEvents>(
  d: ElevatorDriver,
  name: N,
  match: (p: ElevatorDriverEvents[N]) => boolean = () => true,
  timeoutMs = 3000,
): Promise<ElevatorDriverEvents[N]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(name)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = d.on(name, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Connections and requests a raw server has seen. */
const rawStats = { connections: 0, requests: 0 };

/** A raw TCP server that answers each 4-byte request with `reply(request)` (or nothing for null). */
async function rawServer(reply: (request: Buffer) => number[] | null, port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const s = net.createServer((socket) => {
    rawStats.connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      for (let i = 0; i + 4 <= chunk.length; i += 4) {
        rawStats.requests += 1;
        const answer = reply(chunk.subarray(i, i + 4));
        if (answer !== null) socket.write(Uint8Array.from(answer));
      }
    });
  });
  await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
  const close = async (): Promise<void> => {
    if (!s.listening) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  cleanups.push(close);
  return { port: (s.address() as net.AddressInfo).port, close };
}

async function expectCode(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(isTroupeError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(pattern);
}

describe('ElevatorDriver against the built-in server over TCP', () => {
  it('sends every write command and reads every value', async () => {
    const s = await server();
    const d = await driver(s.port, { pollIntervalMs: 0 });
    await d.setButtonLight('hallUp', 1, true);
    await d.setButtonLight('cab', 3, true);
    await d.setFloorIndicator(2);
    await d.setDoorLight(true);
    await d.setStopLight(true);
    await d.reloadConfig();
    await d.setMotorDirection('stop');
    expect(await d.getFloor()).toBe(0); // a read after the writes: they have all been applied
    const car = s.sync().state();
    expect([car.buttonLights[1].hallUp, car.buttonLights[3].cab, car.floorIndicator, car.doorLight, car.stopLight]).toEqual([true, true, 2, true, true]);
    expect(await d.getButton('hallDown', 2)).toBe(false);
    s.press('hallDown', 2);
    expect(await d.getButton('hallDown', 2)).toBe(true);
    s.car.setStopPressed(true);
    s.car.setObstruction(true);
    expect([await d.getStop(), await d.getObstruction()]).toEqual([true, true]);
    await expectCode(d.getButton('cab', 4), 'ELEVATOR_PROTOCOL', /floor 4 is outside 0\.\.3/);
  });

  it('polls: a button press is reported once, the initial floor on connect', async () => {
    const s = await server();
    const d = new ElevatorDriver({ port: s.port });
    cleanups.push(() => d.close());
    const initialFloor = nextEvent(d, 'floorReached');
    d.start();
    expect(await initialFloor).toEqual({ floor: 0 });
    const pressed: unknown[] = [];
    d.on('buttonPressed', (p) => pressed.push(p));
    s.press('hallUp', 1, 150);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pressed).toEqual([{ button: 'hallUp', floor: 1 }]);
  });

  it('drives the car to floor 2 and sees the floor sensor leave and reach each floor', async () => {
    const s = await server();
    const d = await driver(s.port);
    await nextEvent(d, 'floorReached', (p) => p.floor === 0);
    const seen: string[] = [];
    d.on('floorLeft', ({ floor }) => seen.push(`left ${floor}`));
    d.on('floorReached', ({ floor }) => seen.push(`reached ${floor}`));
    const atTwo = nextEvent(d, 'floorReached', (p) => p.floor === 2);
    const startedMs = performance.now();
    await d.setMotorDirection('up');
    await atTwo;
    await d.setMotorDirection('stop');
    const tripMs = performance.now() - startedMs;
    expect(seen).toEqual(['left 0', 'reached 1', 'left 1', 'reached 2']);
    // Two floors at 300 ms, sensor entered 50 ms before floor 2: about 550 ms, plus polling.
    expect(tripMs).toBeGreaterThan(450);
    expect(await d.getFloor()).toBe(2);
    expect(s.sync().state().motorDirection).toBe('stop');
  });

  it('reports the obstruction switch turning on and off', async () => {
    const s = await server();
    const d = await driver(s.port);
    const on = nextEvent(d, 'obstruction');
    s.car.setObstruction(true);
    expect(await on).toEqual({ active: true });
    const off = nextEvent(d, 'obstruction');
    s.car.setObstruction(false);
    expect(await off).toEqual({ active: false });
  });

  it('reconnects after a server restart and resumes polling', async () => {
    const first = await startElevatorServer({ port: 0, car: FAST_CAR });
    const port = first.port;
    const d = await driver(port);
    await nextEvent(d, 'floorReached');
    const disconnected = nextEvent(d, 'disconnected');
    await first.close();
    expect((await disconnected).reason).toBeTruthy();
    await expectCode(d.getFloor(), 'ELEVATOR_DISCONNECTED', /wait for 'connected'/);
    await new Promise((resolve) => setTimeout(resolve, 150)); // a few failed attempts while it is down
    const reconnected = nextEvent(d, 'connected');
    const second = await server({ port });
    await reconnected;
    const pressed = nextEvent(d, 'buttonPressed');
    second.press('cab', 3);
    expect(await pressed).toEqual({ button: 'cab', floor: 3 });
    expect(await d.getFloor()).toBe(0);
  });

  it('rejects a malformed reply with ELEVATOR_PROTOCOL and reconnects', async () => {
    const { port } = await rawServer((request) => (request[0] === 7 ? [7, 1, 9, 0] : [99, 0, 0, 0]));
    const d = await driver(port, { pollIntervalMs: 0 });
    const errors: string[] = [];
    d.on('error', ({ error }) => errors.push(error.code));
    await expectCode(d.getObstruction(), 'ELEVATOR_PROTOCOL', /reply to obstruction: first byte is 99, expected 9/);
    await d.waitConnected(2000);
    await expectCode(d.getFloor(), 'ELEVATOR_PROTOCOL', /floor 9 is outside 0\.\.3/);
    expect(errors).toEqual(['ELEVATOR_PROTOCOL', 'ELEVATOR_PROTOCOL']);
  });

  it('fails a read without a reply with ELEVATOR_TIMEOUT', async () => {
    const { port } = await rawServer(() => null);
    const d = await driver(port, { pollIntervalMs: 0, replyTimeoutMs: 100 });
    const write = d.setDoorLight(true);
    const read = d.getFloor();
    const queued = d.getStop();
    await write;
    await expectCode(read, 'ELEVATOR_TIMEOUT', /floorSensor: no reply .* within 100 ms/);
    await expectCode(queued, 'ELEVATOR_DISCONNECTED', /stopButton: connection .* lost/);
  });

  it('gives up after reconnectAttemptsMax failed attempts, and close() stops everything', async () => {
    const raw = await rawServer(() => null);
    await raw.close(); // nothing listens there now
    const closedPort = raw.port;
    const d = new ElevatorDriver({ port: closedPort, reconnectDelayMsMin: 10, reconnectAttemptsMax: 3 });
    cleanups.push(() => d.close());
    const gaveUp = nextEvent(d, 'gaveUp');
    d.start();
    expect(await gaveUp).toEqual({ attempts: 3 });
    expect(d.status).toBe('gaveUp');
    await expectCode(d.waitConnected(100), 'ELEVATOR_DISCONNECTED', /gaveUp/);
  });

  it('close() ends the socket and every timer: no poll or reconnect afterwards', async () => {
    // Answers every read as "nothing happening", echoing the command byte.
    const echo = (request: Buffer): number[] | null => (request[0] >= 6 ? [request[0], 0, 0, 0] : null);
    const raw = await rawServer(echo);
    const d = await driver(raw.port, { pollIntervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await d.close();
    expect(d.status).toBe('closed');
    const requestsAtClose = rawStats.requests;
    expect(requestsAtClose).toBeGreaterThan(13); // at least one full poll cycle ran
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(rawStats.requests).toBe(requestsAtClose); // the poll timer is gone
    await expectCode(d.getFloor(), 'ELEVATOR_DISCONNECTED', /closed/);
    // Closed while waiting to reconnect: the pending reconnect timer must not fire either.
    const d2 = await driver(raw.port, { reconnectDelayMsMin: 30 });
    const down = nextEvent(d2, 'disconnected');
    await raw.close();
    await down;
    await d2.close();
    const connectionsAtClose = rawStats.connections;
    await rawServer(echo, raw.port); // listening again where d2 would reconnect
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rawStats.connections).toBe(connectionsAtClose);
  });
});
