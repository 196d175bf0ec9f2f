/**
 * The controllers in realtime pacing against three real elevator servers over TCP on
 * loopback: scenarios/elevator/live.ts with `cars=tcp`, each car a device actor
 * (elevatorCarDevice) owning a real ElevatorDriver. No bridge: the controllers' commands
 * reach the devices as messages, and what the drivers read comes back as recorded inputs,
 * so the trace, written to a file, replays exactly without any server.
 */
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, replayTrace, runScenario, writeTrace } from '../../../src/runtime/index.ts';
import { startElevatorServer, type ElevatorServer } from '../../../src/devices/elevator/index.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A listener on `port` that only counts connections: stands where a server was, to catch any replay that dials it. */
async function connectionCounter(port: number): Promise<{ count: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { count: () => connections };
}

describe('elevators over real TCP (realtime pacing, cars as device actors)', () => {
  it('serve a cab call and a hall call pressed on the servers within seconds, and the trace replays without the servers', async () => {
    const servers: ElevatorServer[] = [];
    for (let i = 0; i < 3; i++) {
      const server = await startElevatorServer({ port: 0, floors: 4 });
      servers.push(server);
      cleanups.push(() => server.close());
    }
    const scenario = await loadScenario('scenarios/elevator/live.ts');
    const served: { t: number; actor: string; value: unknown }[] = [];
    const result = await runScenario(scenario, {
      seed: 1,
      host: 'inline',
      pacing: 'realtime',
      durationMs: 11_000,
      params: { cars: 'tcp', carAddresses: servers.map((s) => `${s.host}:${s.port}`).join(',') },
      onSupervisor: (supervisor) => {
        // Watching, not bridging: the test only reads the facts as they come.
        supervisor.trace.subscribe((record) => {
          if (record.kind === 'fact' && record.name === 'served') served.push({ t: record.t, actor: record.actor, value: record.value });
        });
        // Once a primary is elected, passengers press buttons on the servers' panels.
        const press = setTimeout(() => {
          servers[0]!.press('cab', 2);
          servers[2]!.press('hallDown', 3);
        }, 1500);
        cleanups.push(() => clearTimeout(press));
      },
    });
    expect(served.map((s) => [s.actor, s.value])).toEqual(expect.arrayContaining([
      ['elevator-1', { floor: 2, button: 'cab' }],
      [expect.stringMatching(/^elevator-\d$/), { floor: 3, button: 'hallDown' }],
    ]));
    expect(Math.max(...served.map((s) => s.t))).toBeLessThan(10_500);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    // The real car of elevator-1 stands at floor 2 with its door light on (or just closed it).
    const car = servers[0]!.sync().state();
    expect(car.floorSensor).toBe(2);
    expect(car.motorDirection).toBe('stop');
    // What the cars read arrived as recorded inputs from the devices.
    const fromCars = result.records.filter((r) => r.kind === 'input' && r.input.kind === 'message' && /^car-\d$/.test(r.input.from));
    expect(fromCars.length).toBeGreaterThanOrEqual(6); // at least a floor and a button per pressed car, and the others' floors

    // Replay from the file with no server left: anything dialling the old ports is counted.
    const dir = mkdtempSync(join(tmpdir(), 'troupe-elevator-live-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'elevator-live.jsonl');
    writeTrace(path, result.header, result.records);
    const ports = servers.map((s) => s.port);
    await Promise.all(servers.map((s) => s.close()));
    const counters = await Promise.all(ports.map((port) => connectionCounter(port)));
    const replay = await replayTrace(path, { host: 'inline' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(replay.matches, JSON.stringify(replay.divergence)).toBe(true);
    expect(counters.map((c) => c.count())).toEqual([0, 0, 0]);
    console.log(JSON.stringify({ figure: 'elevator-live', servedMs: served.map((s) => Math.round(s.t)), inputsFromCars: fromCars.length, replayWallMs: Math.round(replay.run.wallMs) }));
  }, 20_000);
});
