import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseElevatorServerArgs, runElevatorServerCommand, startElevatorServer } from '../../../src/devices/elevator/index.ts';
import type { ElevatorServer } from '../../../src/devices/elevator/index.ts';
import { isTroupeError } from '../../../src/runtime/errors.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function server(): Promise<ElevatorServer> {
  const s = await startElevatorServer({ port: 0 });
  cleanups.push(() => s.close());
  return s;
}

/** A bare TCP client that collects every byte it receives. */
async function client(port: number): Promise<{ socket: net.Socket; received: number[] }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const received: number[] = [];
  socket.on('data', (chunk: Buffer) => received.push(...chunk));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  cleanups.push(() => void socket.destroy());
  return { socket, received };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('elevator hardware server', () => {
  it('serves one client at a time: a second one waits until the first leaves', async () => {
    const s = await server();
    const first = await client(s.port);
    const second = await client(s.port);
    second.socket.write(Uint8Array.of(7, 0, 0, 0));
    first.socket.write(Uint8Array.of(9, 0, 0, 0));
    await until(() => first.received.length === 4);
    expect(first.received).toEqual([9, 0, 0, 0]);
    await sleep(100);
    expect(second.received).toEqual([]); // not served while the first is connected
    first.socket.destroy();
    await until(() => second.received.length === 4);
    expect(second.received).toEqual([7, 1, 0, 0]);
  });

  it('stops the motor when its client disconnects', async () => {
    const s = await server();
    const c = await client(s.port);
    c.socket.write(Uint8Array.of(1, 1, 0, 0));
    await until(() => s.sync().state().motorDirection === 'up');
    c.socket.destroy();
    await until(() => s.sync().state().motorDirection === 'stop');
    expect(s.hasClient()).toBe(false);
    const positionFloors = s.sync().state().positionFloors;
    await sleep(50);
    expect(s.sync().state().positionFloors).toBe(positionFloors);
  });

  it('moves the car in real time', async () => {
    const s = await startElevatorServer({ port: 0, car: { travelMsPerFloor: 200, floorSensorMs: 40 } });
    cleanups.push(() => s.close());
    const c = await client(s.port);
    c.socket.write(Uint8Array.of(1, 1, 0, 0));
    await sleep(100);
    c.socket.write(Uint8Array.of(1, 0, 0, 0));
    await until(() => s.sync().state().motorDirection === 'stop');
    const position = s.sync().state().positionFloors;
    expect(position).toBeGreaterThan(0.3);
    expect(position).toBeLessThan(1);
  });

  it('drops malformed requests without a reply and keeps serving', async () => {
    const s = await server();
    const c = await client(s.port);
    c.socket.write(Uint8Array.of(42, 0, 0, 0, 6, 0, 9, 0, 8, 0, 0, 0));
    await until(() => c.received.length === 4);
    expect(c.received).toEqual([8, 0, 0, 0]);
    expect(s.malformedRequestCount).toBe(2);
  });

  it('parses --port, --floors and --host and rejects anything else with USAGE', () => {
    expect(parseElevatorServerArgs([])).toEqual({ port: 15657, floors: 4, host: '127.0.0.1' });
    expect(parseElevatorServerArgs(['--port', '0', '--floors=6', '--host', 'localhost'])).toEqual({ port: 0, floors: 6, host: 'localhost' });
    for (const bad of [['--port', 'x'], ['--floors', '1'], ['--speed', '2'], ['--port']]) {
      let error: unknown;
      try {
        parseElevatorServerArgs(bad);
      } catch (e) {
        error = e;
      }
      expect(isTroupeError(error, 'USAGE'), bad.join(' ')).toBe(true);
    }
  });

  it('runs as a command and takes console lines from a person', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const s = await runElevatorServerCommand(['--port', '0', '--floors', '5'], { stdin, stdout });
    cleanups.push(() => s.close());
    expect(printed).toMatch(new RegExp(`on 127\\.0\\.0\\.1:${s.port}, 5 floors`));
    stdin.write('press cab 4\nobstruction on\npress up 4\nfly\nstate\n');
    await until(() => printed.includes('client='));
    expect(printed).toContain('pressed cab at floor 4');
    expect(printed).toContain('obstruction on');
    expect(printed).toContain('no up button at floor 4');
    expect(printed).toContain('unknown command "fly"');
    expect(s.sync().state().obstruction).toBe(true);
  });
});
