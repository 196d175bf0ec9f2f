/**
 * The elevator machines alone, on the testing kit (troupe/testing): a controller against a
 * fake disk with the car's reports sent by hand, the simulated car driven by commands, the
 * disks, and the passengers, each on a virtual clock with a seed. The last block asserts
 * which states and transitions these tests reached.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { elevatorController, elevatorDisks, emptyCalls, passengers, simulatedCar, type Heartbeat } from '../../../src/actors/elevator/index.ts';
import { createTestActor, expectFullCoverage, fakePeer, type TestActor, type TestActorOptions } from '../../../src/testing/index.ts';

const tested = new Map<AnyStateMachine, TestActor[]>();

function start(machine: AnyStateMachine, options: TestActorOptions): TestActor {
  const actor = createTestActor(machine, { seed: 5, ...options });
  tested.set(machine, [...(tested.get(machine) ?? []), actor]);
  return actor;
}

/** A disk that misses the first LOAD (a slow start) and then answers everything 1 ms later. */
function flakyDisk() {
  return fakePeer({ LOAD: (_event, { count }) => (count === 1 ? undefined : { type: 'LOADED', calls: null }), STORE: (event) => ({ type: 'STORED', seq: event.seq }) });
}

function startController(ids: string[]) {
  const disks = flakyDisk();
  const el = start(elevatorController, { id: 'elevator-1', input: { id: 'elevator-1', ids, floors: 4, car: 'car-1', disk: 'disks' }, peers: { disks } });
  const car = (event: { type: string; [key: string]: unknown }) => el.send(event, 'car-1');
  const motion = () => (el.state as { running?: { motion: string } }).running?.motion;
  const facts = (name: string) => el.outbox.facts.filter((fact) => fact.name === name).map((fact) => fact.value);
  return { el, disks, car, motion, facts };
}

describe('elevator controller on the kit', () => {
  it('asks its disk again when it does not answer, finds a floor by driving down, then serves a cab call and both hall calls there', () => {
    const { el, disks, car, motion, facts } = startController(['elevator-1']);
    el.expectState('loading');
    el.advance(1_001); // the first LOAD goes unanswered: a second one after peerTimeoutMs (1 s), answered 1 ms later
    expect(disks.received.map(({ t, event }) => [t, event.type])).toEqual([[0, 'LOAD'], [1_000, 'LOAD']]);
    expect(motion()).toBe('init');
    expect(el.sent('car-1', 'CONNECT')).toHaveLength(1);
    el.advance(200); // no floor from the car within initFloorMs: drive down to find one
    expect(motion()).toBe('findFloor');
    expect(el.sent('car-1', 'MOTOR').at(-1)).toEqual({ type: 'MOTOR', direction: 'down' });
    car({ type: 'FLOOR_LEFT', floor: 0 });
    car({ type: 'FLOOR_REACHED', floor: 0 });
    expect(motion()).toBe('idle');
    expect(el.sent('car-1', 'MOTOR').at(-1)).toEqual({ type: 'MOTOR', direction: 'stop' });
    el.advance(1_500); // alone: it becomes primary after its peer timeout
    expect(el.lastFact('role')).toBe('primary');

    car({ type: 'BUTTON', button: 'cab', floor: 2 });
    expect(motion()).toBe('moving');
    expect(disks.received.at(-1)!.event).toMatchObject({ type: 'STORE', seq: 1 });
    el.advance(1); // STORED: the cab light goes on only now
    expect(el.sent('car-1', 'LIGHT').filter((light) => light.on)).toEqual([{ type: 'LIGHT', button: 'cab', floor: 2, on: true }]);
    car({ type: 'FLOOR_LEFT', floor: 0 });
    car({ type: 'FLOOR_REACHED', floor: 1 }); // passes floor 1
    expect(motion()).toBe('moving');
    car({ type: 'FLOOR_REACHED', floor: 2 });
    expect(motion()).toBe('doorOpen');
    expect(facts('served')).toEqual([{ floor: 2, button: 'cab' }]);
    // Both hall calls at the open door: the one it leaves with is served at once, the other gets its own door period.
    car({ type: 'BUTTON', button: 'hallUp', floor: 2 });
    car({ type: 'BUTTON', button: 'hallDown', floor: 2 });
    el.advance(3_000);
    expect(facts('served')).toEqual([{ floor: 2, button: 'cab' }, { floor: 2, button: 'hallUp' }, { floor: 2, button: 'hallDown' }]);
    el.advance(3_000);
    expect(motion()).toBe('idle');
    expect(facts('door')).toEqual(['open', 'closed']);
  });

  it('holds the door while obstructed, reports a stuck motor, and comes back to a floor the sensor skipped', () => {
    const { el, car, motion, facts } = startController(['elevator-1']);
    el.advance(1_001);
    car({ type: 'FLOOR_REACHED', floor: 2 }); // the car knows its floor at once: no search
    expect(motion()).toBe('idle');
    car({ type: 'FLOOR_REACHED', floor: 2 }); // a repeated report changes nothing
    car({ type: 'OBSTRUCTION', active: true });
    car({ type: 'BUTTON', button: 'cab', floor: 2 });
    el.advance(1);
    expect(motion()).toBe('doorOpen');
    el.advance(9_000); // three door periods, all obstructed
    expect(motion()).toBe('doorOpen');
    expect(facts('door')).toEqual(['open']);
    expect(facts('available')).toEqual([false, true, false]); // held past doorBlockedMs (6 s)
    car({ type: 'OBSTRUCTION', active: false });
    el.advance(3_000);
    expect(facts('door')).toEqual(['open', 'closed']);

    // Down to floor 1, but the sensor misses it and reports floor 0: stop there, then go back up.
    car({ type: 'BUTTON', button: 'cab', floor: 1 });
    el.advance(1);
    expect(el.sent('car-1', 'MOTOR').at(-1)).toEqual({ type: 'MOTOR', direction: 'down' });
    car({ type: 'FLOOR_LEFT', floor: 2 });
    car({ type: 'FLOOR_REACHED', floor: 0 });
    expect(el.sent('car-1', 'MOTOR').at(-1)).toEqual({ type: 'MOTOR', direction: 'up' });
    expect(motion()).toBe('moving');
    // No floor event for motorTimeoutMs (4 s): the motor is presumed stopped, the elevator unavailable.
    const before = facts('available').length;
    el.advance(4_000);
    expect(el.context.motorStopped).toBe(true);
    expect(facts('available').slice(before)).toEqual([false]);
    car({ type: 'FLOOR_REACHED', floor: 1 });
    expect(motion()).toBe('doorOpen');
    expect(facts('served').at(-1)).toEqual({ floor: 1, button: 'cab' });
    // A call elsewhere pressed while the door is open: the door closes after its period, then the motor starts.
    car({ type: 'BUTTON', button: 'cab', floor: 3 });
    el.advance(3_000);
    expect(motion()).toBe('moving');
    expect(el.sent('car-1').slice(-2)).toEqual([{ type: 'DOOR_LIGHT', on: false }, { type: 'MOTOR', direction: 'up' }]);
  });

  it('heartbeats its peers and follows a primary it hears from', () => {
    const { el, car, motion } = startController(['elevator-1', 'elevator-2']);
    el.advance(1_001);
    car({ type: 'FLOOR_REACHED', floor: 0 });
    el.advance(500);
    expect(el.sent('elevator-2', 'HEARTBEAT')).toHaveLength(5);
    const heartbeat: Heartbeat = {
      type: 'HEARTBEAT', role: 'primary', version: 50, primary: 'elevator-2',
      status: { behaviour: 'idle', floor: 3, direction: 'stop', available: true }, calls: emptyCalls(2, 4), assignment: [[-1, -1], [-1, -1], [-1, -1], [-1, -1]],
    };
    el.send(heartbeat, 'elevator-2');
    expect(el.context.net.primary).toBe('elevator-2');
    el.advance(100);
    expect(el.sent('elevator-2', 'HEARTBEAT').at(-1)).toMatchObject({ role: 'backup', primary: 'elevator-2' });
    expect(motion()).toBe('idle');
  });
});

describe('simulated car on the kit', () => {
  it('reports its floor, rests while nothing can change, wakes on a press or a command, and moves when told', () => {
    const car = start(simulatedCar, { id: 'car-1', input: { controller: 'elevator-1', floors: 4 } });
    car.advance(100);
    expect(car.outbox.sends).toEqual([{ t: 20, to: 'elevator-1', event: { type: 'FLOOR_REACHED', floor: 0 } }]);
    car.expectState('resting');
    expect(car.nextDueMs).toBeUndefined(); // resting: no poll timer
    car.send({ type: 'PRESS', button: 'cab', floor: 2 }, 'passengers');
    car.expectState('polling');
    car.advance(400);
    expect(car.sent('elevator-1', 'BUTTON')).toEqual([{ type: 'BUTTON', button: 'cab', floor: 2 }]);
    car.expectState('resting');
    car.send({ type: 'MOTOR', direction: 'up' }, 'elevator-1');
    car.advance(2_500);
    expect(car.sent('elevator-1').slice(2).map((event) => [event.type, event.floor])).toEqual([['FLOOR_LEFT', 0], ['FLOOR_REACHED', 1], ['FLOOR_LEFT', 1]]);
    car.expectState('polling'); // the motor runs: it keeps polling
    car.send({ type: 'SET_POWER', on: false }, 'passengers');
    expect(car.outbox.facts.map((fact) => [fact.name, fact.value])).toEqual([['motor', 'up'], ['motor', 'stop']]);
    car.send({ type: 'MOTOR', direction: 'up' }, 'elevator-1'); // no power: ignored
    car.advance(100);
    car.expectState('resting');
    expect(car.outbox.facts).toHaveLength(2);
  });
});

describe('disks and passengers on the kit', () => {
  it('the disks keep one store per elevator and answer LOAD with it, or null', () => {
    const disks = start(elevatorDisks, { id: 'disks' });
    const calls = emptyCalls(2, 4);
    disks.send({ type: 'LOAD' }, 'elevator-1');
    disks.send({ type: 'STORE', seq: 3, calls }, 'elevator-2');
    disks.send({ type: 'LOAD' }, 'elevator-2');
    expect(disks.outbox.sends.map(({ to, event }) => [to, event])).toEqual([
      ['elevator-1', { type: 'LOADED', calls: null }], ['elevator-2', { type: 'STORED', seq: 3 }], ['elevator-2', { type: 'LOADED', calls }],
    ]);
  });

  it('the passengers press from the seed until pressUntilMs, play their script, then are done', () => {
    const input = { cars: ['car-1', 'car-2'], floors: 4, pressUntilMs: 10_000, script: [{ atMs: 12_000, to: 'car-2', event: { type: 'SET_POWER', on: false } }] };
    const people = start(passengers, { id: 'passengers', input, seed: 5 });
    people.advance(20_000);
    const presses = people.outbox.sends.filter(({ event }) => event.type === 'PRESS');
    expect(presses.length).toBeGreaterThanOrEqual(1);
    expect(presses.every(({ t }) => t < 10_000)).toBe(true);
    expect(people.outbox.sends.at(-1)).toEqual({ t: 12_000, to: 'car-2', event: { type: 'SET_POWER', on: false } });
    people.expectState('done');
    const again = createTestActor(passengers, { input, seed: 5 });
    again.advance(20_000);
    expect(again.outbox.sends).toEqual(people.outbox.sends); // the same seed, the same presses
  });
});

describe('coverage of the elevator machines by these tests', () => {
  it.each([
    ['elevatorController', elevatorController], ['simulatedCar', simulatedCar], ['elevatorDisks', elevatorDisks], ['passengers', passengers],
  ] as const)('%s: every state and transition reached', (_name, machine) => {
    const report = expectFullCoverage(machine, tested.get(machine) ?? []);
    expect(report.complete).toBe(true);
  });
});
