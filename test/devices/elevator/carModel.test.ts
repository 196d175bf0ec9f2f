import { describe, expect, it } from 'vitest';
import { CarModel } from '../../../src/devices/elevator/index.ts';
import { isTroupeError } from '../../../src/runtime/errors.ts';

/** Advances in 20 ms steps (a driver's poll rate) and records the floor sensor each step. */
function sensorTrace(car: CarModel, untilMs: number): (number | null)[] {
  const trace: (number | null)[] = [];
  while (car.nowMs < untilMs) {
    car.advance(car.nowMs + 20);
    trace.push(car.floorSensor());
  }
  return trace;
}

describe('CarModel in virtual time', () => {
  it('travels one floor per 2000 ms, the sensor active 500 ms around each floor', () => {
    const car = new CarModel({ floors: 4 });
    car.handle({ type: 'motorDirection', direction: 'up' });
    car.advance(250);
    expect(car.floorSensor()).toBe(0); // still inside the window of floor 0
    car.advance(251);
    expect(car.floorSensor()).toBeNull();
    car.advance(1749);
    expect(car.floorSensor()).toBeNull();
    car.advance(1750);
    expect(car.floorSensor()).toBe(1);
    car.advance(2000);
    expect(car.state().positionFloors).toBe(1);
    // Over one floor-to-floor trip at 20 ms steps the sensor is active 500 ms in total.
    const trace = sensorTrace(car, 4000);
    expect(trace.filter((f) => f !== null).length * 20).toBe(500);
    expect(car.floorSensor()).toBe(2);
  });

  it('answers reads exactly as the protocol would', () => {
    const car = new CarModel({ floors: 4, startFloor: 2 });
    expect(car.handle({ type: 'floorSensor' })).toEqual({ type: 'floorSensor', floor: 2 });
    expect(car.handle({ type: 'obstruction' })).toEqual({ type: 'obstruction', active: false });
    car.setObstruction(true);
    car.setStopPressed(true);
    expect(car.handle({ type: 'obstruction' })).toEqual({ type: 'obstruction', active: true });
    expect(car.handle({ type: 'stopButton' })).toEqual({ type: 'stopButton', pressed: true });
    expect(car.handle({ type: 'doorLight', on: true })).toBeNull();
    car.handle({ type: 'buttonLight', button: 'hallDown', floor: 3, on: true });
    car.handle({ type: 'floorIndicator', floor: 3 });
    const state = car.state();
    expect([state.doorLight, state.buttonLights[3].hallDown, state.floorIndicator]).toEqual([true, true, 3]);
    expect(() => car.handle({ type: 'floorIndicator', floor: 4 })).toThrowError(/floor 4 is outside/);
  });

  it('holds a pressed button for pressHoldMs, and never presses buttons that do not exist', () => {
    const car = new CarModel({ floors: 4, pressHoldMs: 100 });
    car.advance(1000);
    expect(car.press('cab', 3)).toBe(true);
    car.advance(1099);
    expect(car.handle({ type: 'buttonPressed', button: 'cab', floor: 3 })).toEqual({ type: 'buttonPressed', pressed: true });
    car.advance(1100);
    expect(car.isPressed('cab', 3)).toBe(false);
    expect(car.press('hallUp', 3)).toBe(false);
    expect(car.press('hallDown', 0)).toBe(false);
    car.press('hallUp', 0, Infinity);
    car.advance(100_000);
    expect(car.isPressed('hallUp', 0)).toBe(true);
    car.release('hallUp', 0);
    expect(car.isPressed('hallUp', 0)).toBe(false);
  });

  it('does not move under the motor-stopped fault, and moves again when it clears', () => {
    const car = new CarModel({ floors: 4, startFloor: 1 });
    car.setMotorStopped(true);
    car.handle({ type: 'motorDirection', direction: 'down' });
    car.advance(5000);
    expect(car.state().positionFloors).toBe(1);
    expect(car.floorSensor()).toBe(1);
    car.setMotorStopped(false);
    car.advance(7000);
    expect(car.floorSensor()).toBe(0);
  });

  it('rests at the shaft ends when driven past them', () => {
    const car = new CarModel({ floors: 3, travelMsPerFloor: 1000, floorSensorMs: 200 });
    car.handle({ type: 'motorDirection', direction: 'up' });
    car.advance(10_000);
    expect(car.state().positionFloors).toBe(2);
    expect(car.floorSensor()).toBe(2);
    car.handle({ type: 'motorDirection', direction: 'down' });
    car.advance(10_100);
    expect(car.floorSensor()).toBe(2);
    car.advance(10_101);
    expect(car.floorSensor()).toBeNull();
  });

  it('is deterministic: the same inputs give the same states', () => {
    const run = (): unknown[] => {
      const car = new CarModel({ floors: 4 });
      const states: unknown[] = [];
      for (let t = 0; t <= 9000; t += 300) {
        car.advance(t);
        if (t === 900) car.handle({ type: 'motorDirection', direction: 'up' });
        if (t === 4500) car.handle({ type: 'motorDirection', direction: 'down' });
        states.push(car.state());
      }
      return states;
    };
    expect(run()).toEqual(run());
  });

  it('rejects bad options with OPTION_INVALID and time going back with an assertion', () => {
    const error = (() => {
      try {
        new CarModel({ floors: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(isTroupeError(error, 'OPTION_INVALID')).toBe(true);
    const car = new CarModel();
    car.advance(10);
    expect(() => car.advance(5)).toThrowError(/goes back/);
  });
});
