/**
 * One elevator controller with its simulated car and disk, driven by scripted presses in
 * virtual time (sim pacing, inline), read back from the trace.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type TraceRecord } from '../../../src/runtime/index.ts';
import { elevatorController, elevatorDisks, passengers, simulatedCar, type ScriptStep } from '../../../src/actors/elevator/index.ts';
import { elevatorChecks } from '../../../src/actors/elevator/checks.ts';

async function runOne(script: ScriptStep[], durationMs: number) {
  const ids = ['elevator-1'];
  const scenario = defineScenario({
    name: 'elevator/one-car-test',
    description: 'one elevator, scripted presses',
    durationMs,
    actors: [
      { id: 'elevator-1', machine: elevatorController, input: { id: 'elevator-1', ids, floors: 4, car: 'car-1', disk: 'disks' } },
      { id: 'car-1', machine: simulatedCar, input: { controller: 'elevator-1', floors: 4 } },
      { id: 'disks', machine: elevatorDisks },
      { id: 'passengers', machine: passengers, input: { cars: ['car-1'], floors: 4, pressUntilMs: 0, script } },
    ],
    network: { delayMsMin: 1, delayMsMax: 2, ordered: true },
    checks: elevatorChecks(),
  });
  const result = await runScenario(scenario, { seed: 1, host: 'inline' });
  const facts = (actor: string, name: string) => result.records
    .filter((r): r is Extract<TraceRecord, { kind: 'fact' }> => r.kind === 'fact' && r.actor === actor && r.name === name)
    .map((r) => ({ t: r.t, value: r.value }));
  return { result, facts };
}

describe('elevator controller', () => {
  it('serves a cab call two floors up in about 4 s, with the door open 3 s there and never while the motor runs', async () => {
    const { result, facts } = await runOne([{ atMs: 2000, to: 'car-1', event: { type: 'PRESS', button: 'cab', floor: 2 } }], 12_000);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    const served = facts('elevator-1', 'served');
    expect(served).toHaveLength(1);
    expect(served[0]!.value).toEqual({ floor: 2, button: 'cab' });
    // Two floors at 2 s each; the floor sensor reads floor 2 from 250 ms before it.
    expect(served[0]!.t).toBeGreaterThan(2000 + 4000 - 300);
    expect(served[0]!.t).toBeLessThan(2000 + 4000);
    const door = facts('elevator-1', 'door');
    expect(door.map((d) => d.value)).toEqual(['open', 'closed']);
    expect(door[1]!.t - door[0]!.t).toBe(3000);
  });

  it('keeps the door open while the obstruction is active, and closes it a door period after', async () => {
    const { result, facts } = await runOne([
      { atMs: 1000, to: 'car-1', event: { type: 'PRESS', button: 'cab', floor: 0 } },
      { atMs: 1500, to: 'car-1', event: { type: 'SET_OBSTRUCTION', active: true } },
      { atMs: 11_000, to: 'car-1', event: { type: 'SET_OBSTRUCTION', active: false } },
    ], 20_000);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    const door = facts('elevator-1', 'door');
    expect(door.map((d) => d.value)).toEqual(['open', 'closed']);
    expect(door[1]!.t).toBeGreaterThan(11_000);
    expect(door[1]!.t).toBeLessThan(11_000 + 3100);
    // Held past doorBlockedMs (6 s): it reported itself unavailable, then available again.
    expect(facts('elevator-1', 'available').map((a) => a.value)).toEqual([false, true, false, true]);
  });

  it('lights a cab call only once its disk has it', async () => {
    const { result } = await runOne([{ atMs: 1000, to: 'car-1', event: { type: 'PRESS', button: 'cab', floor: 3 } }], 5000);
    const stored = result.records.find((r) => r.kind === 'deliver' && r.actor === 'elevator-1' && r.from === 'disks' && r.t > 1000);
    const lit = result.records.find((r) => r.kind === 'send' && r.to === 'car-1' && r.event.type === 'LIGHT' && r.event.on === true);
    expect(stored).toBeDefined();
    expect(lit).toBeDefined();
    expect(lit!.t).toBeGreaterThanOrEqual(stored!.t);
  });

  it('a jammed motor is detected within the motor timeout and the elevator reports itself unavailable', async () => {
    const { facts } = await runOne([
      { atMs: 1000, to: 'car-1', event: { type: 'PRESS', button: 'cab', floor: 3 } },
      { atMs: 1500, to: 'car-1', event: { type: 'SET_MOTOR_STOPPED', stopped: true } },
    ], 8000);
    const unavailable = facts('elevator-1', 'available').filter((a) => a.value === false && a.t > 1000);
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]!.t).toBeGreaterThan(1000 + 4000);
    expect(unavailable[0]!.t).toBeLessThan(1500 + 4000);
  });
});
