/**
 * The controllers in realtime pacing against three real elevator servers over TCP on
 * loopback, each through a real ElevatorDriver.
 *
 * This is a bridge, not a device host (the runtime has none yet): the scenario's `car-N`
 * actors are inert stand-ins; the test watches the trace for the controllers' sends to
 * `car-N` and calls the driver, and feeds every driver event back as an external input
 * message from `car-N` to `elevator-N` (recorded in the trace like any input).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type Supervisor, type TraceRecord } from '../../../src/runtime/index.ts';
import { ElevatorDriver, startElevatorServer, type ElevatorServer } from '../../../src/devices/elevator/index.ts';
import type { CarCommand, CarReport } from '../../../src/actors/elevator/index.ts';
import { defaultElevatorParams, elevatorNetwork, elevatorSystem, type ElevatorParams } from '../../../scenarios/elevator/system.ts';

const servers: ElevatorServer[] = [];
const drivers: ElevatorDriver[] = [];

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function bridge(supervisor: Supervisor, n: number, driver: ElevatorDriver): void {
  const car = `car-${n}`;
  const controller = `elevator-${n}`;
  const report = (event: CarReport) => {
    try {
      supervisor.submit({ kind: 'message', from: car, to: controller, event });
    } catch {
      // the run has ended
    }
  };
  driver.on('floorReached', ({ floor }) => report({ type: 'FLOOR_REACHED', floor }));
  driver.on('floorLeft', ({ floor }) => report({ type: 'FLOOR_LEFT', floor }));
  driver.on('buttonPressed', ({ button, floor }) => report({ type: 'BUTTON', button, floor }));
  driver.on('obstruction', ({ active }) => report({ type: 'OBSTRUCTION', active }));
  supervisor.trace.subscribe((record: TraceRecord) => {
    if (record.kind !== 'send' || record.to !== car) return;
    const command = record.event as unknown as CarCommand;
    const done = (promise: Promise<unknown>) => promise.catch(() => undefined);
    switch (command.type) {
      case 'CONNECT': {
        // The driver reported the car when it connected, before the run: report it again.
        const readings = driver.lastReadings();
        if (readings.floor !== null) report({ type: 'FLOOR_REACHED', floor: readings.floor });
        if (readings.obstruction) report({ type: 'OBSTRUCTION', active: true });
        break;
      }
      case 'MOTOR': done(driver.setMotorDirection(command.direction)); break;
      case 'LIGHT': done(driver.setButtonLight(command.button, command.floor, command.on)); break;
      case 'DOOR_LIGHT': done(driver.setDoorLight(command.on)); break;
      case 'FLOOR_INDICATOR': done(driver.setFloorIndicator(command.floor)); break;
    }
  });
}

describe('elevators over real TCP (realtime pacing, bridged drivers)', () => {
  it('serve a cab call and a hall call pressed on the servers within seconds', async () => {
    const params: ElevatorParams = { ...defaultElevatorParams, pressUntilMs: 0 };
    for (let i = 0; i < params.elevators; i++) {
      const server = await startElevatorServer({ port: 0, floors: params.floors });
      servers.push(server);
      const driver = new ElevatorDriver({ port: server.port, floors: params.floors });
      drivers.push(driver);
      driver.start();
      await driver.waitConnected(2000);
    }
    const scenario = defineScenario<Record<string, unknown>>({
      name: 'elevator/realtime-bridge',
      description: 'three controllers bridged to three TCP elevator servers',
      durationMs: 20_000,
      params,
      actors: () => elevatorSystem(params, [], { bridgedCars: true }),
      network: elevatorNetwork(params),
    });
    const served: { t: number; actor: string; value: unknown }[] = [];
    const result = await runScenario(scenario, {
      host: 'inline',
      pacing: 'realtime',
      onSupervisor: (supervisor) => {
        drivers.forEach((driver, i) => bridge(supervisor, i + 1, driver));
        supervisor.trace.subscribe((record) => {
          if (record.kind === 'fact' && record.name === 'served') served.push({ t: record.t, actor: record.actor, value: record.value });
          if (served.length >= 2) supervisor.stop();
        });
        // Once a primary is elected, passengers press buttons on the servers' panels.
        setTimeout(() => {
          servers[0]!.press('cab', 2);
          servers[2]!.press('hallDown', 3);
        }, 1500);
      },
    });
    expect(served.map((s) => [s.actor, s.value])).toEqual(expect.arrayContaining([
      ['elevator-1', { floor: 2, button: 'cab' }],
      [expect.stringMatching(/^elevator-\d$/), { floor: 3, button: 'hallDown' }],
    ]));
    expect(result.virtualMs).toBeLessThan(12_000);
    // The real car of elevator-1 stands at floor 2 with its door light on.
    const car = servers[0]!.sync().state();
    expect(car.floorSensor).toBe(2);
    expect(car.doorLight).toBe(true);
    expect(result.records.some((r) => r.kind === 'input')).toBe(true);
  }, 20_000);
});
