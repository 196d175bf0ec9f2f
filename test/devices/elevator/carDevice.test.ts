/**
 * The car device handler on its own, against the elevator hardware server on 127.0.0.1:
 * readings become the simulated car's reports to the controller, commands become writes,
 * and what the controller commanded survives a lost connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { elevatorCarDevice, startElevatorServer, type ElevatorServer, type ElevatorServerOptions } from '../../../src/devices/elevator/index.ts';
import type { DeviceHandler, MessageEvent } from '../../../src/runtime/index.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: ElevatorServerOptions = {}): Promise<ElevatorServer> {
  const started = await startElevatorServer({ port: 0, floors: 4, car: { travelMsPerFloor: 300, floorSensorMs: 100, startFloor: 0 }, ...options });
  cleanups.push(() => started.close());
  return started;
}

function device(port: number) {
  const sent: { to: string; event: MessageEvent }[] = [];
  const logged: string[] = [];
  const handler: DeviceHandler = elevatorCarDevice({ controller: 'elevator-1', driver: { port, floors: 4, reconnectDelayMsMin: 20, reconnectDelayMsMax: 100 }, log: (line) => logged.push(line) })({
    actorId: 'car-1',
    send: (to, event) => sent.push({ to, event }),
    fact: () => undefined,
  });
  cleanups.push(async () => handler.close?.());
  return { handler, sent, logged };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadlineMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const reports = (sent: { to: string; event: MessageEvent }[]) => sent.filter((s) => s.to === 'elevator-1').map((s) => s.event);

describe('elevatorCarDevice', () => {
  it('reports the floor and pressed buttons to its controller, and drives the motor to the next floor', async () => {
    const target = await server();
    const { handler, sent } = device(target.port);
    await handler.start?.();
    await until(() => reports(sent).some((e) => e.type === 'FLOOR_REACHED'));
    expect(reports(sent)[0]).toEqual({ type: 'FLOOR_REACHED', floor: 0 });
    target.press('hallDown', 3);
    await until(() => reports(sent).some((e) => e.type === 'BUTTON'));
    expect(reports(sent).find((e) => e.type === 'BUTTON')).toEqual({ type: 'BUTTON', button: 'hallDown', floor: 3 });
    handler.receive({ type: 'MOTOR', direction: 'up' }, 'elevator-1');
    await until(() => reports(sent).some((e) => e.type === 'FLOOR_REACHED' && e.floor === 1));
    handler.receive({ type: 'MOTOR', direction: 'stop' }, 'elevator-1');
    expect(reports(sent).filter((e) => e.type === 'FLOOR_LEFT' || e.type === 'FLOOR_REACHED')).toEqual([
      { type: 'FLOOR_REACHED', floor: 0 },
      { type: 'FLOOR_LEFT', floor: 0 },
      { type: 'FLOOR_REACHED', floor: 1 },
    ]);
    expect(sent.every((s) => s.to === 'elevator-1')).toBe(true);
  });

  it('writes the lights, the door light and the floor indicator, and answers CONNECT with the known state', async () => {
    const target = await server();
    const { handler, sent, logged } = device(target.port);
    await handler.start?.();
    await until(() => reports(sent).length > 0);
    handler.receive({ type: 'LIGHT', button: 'cab', floor: 2, on: true }, 'elevator-1');
    handler.receive({ type: 'LIGHT', button: 'hallUp', floor: 3, on: true }, 'elevator-1'); // no such button: ignored
    handler.receive({ type: 'DOOR_LIGHT', on: true }, 'elevator-1');
    handler.receive({ type: 'FLOOR_INDICATOR', floor: 2 }, 'elevator-1');
    handler.receive({ type: 'PRESS', button: 'cab', floor: 1 }, 'passengers'); // the physical world: ignored
    await until(() => target.sync().state().doorLight);
    const state = target.sync().state();
    expect(state.buttonLights[2]!.cab).toBe(true);
    expect(state.buttonLights[3]!.hallUp).toBe(false);
    expect(state.floorIndicator).toBe(2);
    expect(state.buttonLights[1]!.cab).toBe(false);
    expect(logged.filter((line) => line.includes('ignored'))).toHaveLength(2);
    const before = sent.length;
    handler.receive({ type: 'CONNECT' }, 'elevator-1');
    expect(sent.slice(before).map((s) => s.event)).toEqual([{ type: 'FLOOR_REACHED', floor: 0 }]);
  });

  it('applies commands given before the connection, and again after the server comes back', async () => {
    const first = await server();
    const port = first.port;
    const { handler, sent } = device(port);
    // The controller commands at once; the driver is not connected yet.
    handler.receive({ type: 'DOOR_LIGHT', on: true }, 'elevator-1');
    handler.receive({ type: 'LIGHT', button: 'cab', floor: 3, on: true }, 'elevator-1');
    await handler.start?.();
    await until(() => first.sync().state().doorLight && first.sync().state().buttonLights[3]!.cab);
    // The server restarts (a power cycle: every output dark); the device restores them.
    await first.close();
    const second = await server({ port });
    await until(() => second.sync().state().doorLight && second.sync().state().buttonLights[3]!.cab);
    expect(second.sync().state().motorDirection).toBe('stop');
    await until(() => reports(sent).filter((e) => e.type === 'FLOOR_REACHED').length >= 2); // the new connection reports its floor
  });

  it('reads its driver options only when it starts live, so a replay needs no server', () => {
    let reads = 0;
    const factory = elevatorCarDevice({ controller: 'elevator-1', driver: () => { reads++; return { port: 1 }; } });
    expect(reads).toBe(0);
    const handler = factory({ actorId: 'car-1', send: () => undefined, fact: () => undefined });
    cleanups.push(async () => handler.close?.());
    expect(reads).toBe(1);
  });
});
