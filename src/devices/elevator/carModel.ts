/**
 * A deterministic simulated elevator car: no sockets, no timers, time only through
 * `advance(toMs)`. It is the hardware behind the built-in server (driven by real time
 * there) and the simulated car of `sim` pacing (driven by virtual time).
 *
 * Physics, stated once:
 * - The car moves at one floor per `travelMsPerFloor` (default 2000 ms) while the motor
 *   runs, unless the `motorStopped` fault is set (the motor gets power but the car stays).
 * - The floor sensor reads floor f while the car is within `floorSensorMs / 2` of f
 *   (default window 500 ms, i.e. 250 ms of travel either side), else "between floors".
 * - The shaft ends at floor 0 and at the top floor: a car driven past them rests there
 *   (on the buffer), sensor active, motor still commanded. Real cars do not do better.
 * - `press()` holds a button down for `pressHoldMs` (default 200 ms), long enough for a
 *   driver polling every 20 ms to see it; hall up at the top floor and hall down at the
 *   bottom do not exist and are never pressed.
 *
 * Reads (`handle` of a read request) answer exactly what the TCP protocol would.
 */
import { assert, TroupeError } from '../../runtime/errors.ts';
import { FLOORS_DEFAULT, FLOORS_MAX } from './protocol.ts';
import type { ButtonType, ElevatorReply, ElevatorRequest, MotorDirection } from './protocol.ts';

/** Options of a CarModel; every field has the default stated in this file's header. */
export interface CarModelOptions {
  floors?: number;
  travelMsPerFloor?: number;
  floorSensorMs?: number;
  startFloor?: number;
  pressHoldMs?: number;
}

/** Lights of one floor, indexed like the protocol's button types. */
export interface FloorLights { hallUp: boolean; hallDown: boolean; cab: boolean }

/** A plain snapshot of the car, for UIs, traces and tests. */
export interface CarState {
  nowMs: number;
  /** Continuous position: 1.5 is half way between floors 1 and 2. */
  positionFloors: number;
  floorSensor: number | null;
  motorDirection: MotorDirection;
  motorStopped: boolean;
  floorIndicator: number;
  doorLight: boolean;
  stopLight: boolean;
  obstruction: boolean;
  stopPressed: boolean;
  buttonLights: FloorLights[];
}

function positiveInt(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new TroupeError('OPTION_INVALID', `CarModel options.${name} must be an integer in 1..${max}, got ${value}`);
  }
  return value;
}

/**
 * The simulated car.
 *
 * @example
 * const car = new CarModel({ floors: 4 });
 * car.handle({ type: 'motorDirection', direction: 'up' });
 * car.advance(2000);
 * car.handle({ type: 'floorSensor' }); // { type: 'floorSensor', floor: 1 }
 */
export class CarModel {
  readonly floors: number;
  readonly travelMsPerFloor: number;
  readonly floorSensorMs: number;
  readonly pressHoldMs: number;
  private nowMsValue = 0;
  /** Position in milliseconds of travel above floor 0: integers stay exact. */
  private positionMs: number;
  private motor: MotorDirection = 'stop';
  private motorStoppedValue = false;
  private floorIndicatorValue = 0;
  private doorLightValue = false;
  private stopLightValue = false;
  private obstructionValue = false;
  private stopPressedValue = false;
  private readonly lights: FloorLights[];
  /** Per floor and button type: the button reads pressed while nowMs < this. */
  private readonly pressedUntilMs: Record<ButtonType, number>[];

  constructor(options: CarModelOptions = {}) {
    this.floors = positiveInt('floors', options.floors ?? FLOORS_DEFAULT, FLOORS_MAX);
    this.travelMsPerFloor = positiveInt('travelMsPerFloor', options.travelMsPerFloor ?? 2000);
    this.floorSensorMs = positiveInt('floorSensorMs', options.floorSensorMs ?? 500, this.travelMsPerFloor);
    this.pressHoldMs = positiveInt('pressHoldMs', options.pressHoldMs ?? 200);
    const startFloor = options.startFloor ?? 0;
    if (!Number.isInteger(startFloor) || startFloor < 0 || startFloor >= this.floors) {
      throw new TroupeError('OPTION_INVALID', `CarModel options.startFloor must be in 0..${this.floors - 1}, got ${startFloor}`);
    }
    this.positionMs = startFloor * this.travelMsPerFloor;
    this.floorIndicatorValue = startFloor;
    this.lights = Array.from({ length: this.floors }, () => ({ hallUp: false, hallDown: false, cab: false }));
    this.pressedUntilMs = Array.from({ length: this.floors }, () => ({ hallUp: 0, hallDown: 0, cab: 0 }));
  }

  /** Current virtual time in ms. */
  get nowMs(): number {
    return this.nowMsValue;
  }

  /**
   * Moves virtual time forward to `toMs`, moving the car if its motor runs.
   *
   * @example
   * car.advance(car.nowMs + 20);
   */
  advance(toMs: number): void {
    assert(Number.isFinite(toMs) && toMs >= this.nowMsValue, `CarModel.advance(${toMs}) goes back from ${this.nowMsValue}`);
    const elapsedMs = toMs - this.nowMsValue;
    this.nowMsValue = toMs;
    if (this.motor === 'stop' || this.motorStoppedValue) return;
    const topMs = (this.floors - 1) * this.travelMsPerFloor;
    const next = this.positionMs + (this.motor === 'up' ? elapsedMs : -elapsedMs);
    this.positionMs = Math.min(topMs, Math.max(0, next));
  }

  /**
   * The floor whose sensor is active, or null between floors.
   *
   * @example
   * new CarModel().floorSensor() // 0
   */
  floorSensor(): number | null {
    const nearest = Math.round(this.positionMs / this.travelMsPerFloor);
    const offsetMs = Math.abs(this.positionMs - nearest * this.travelMsPerFloor);
    return offsetMs * 2 <= this.floorSensorMs ? nearest : null;
  }

  /** True when the button exists in this building (no hall up at the top, no hall down at 0). */
  buttonExists(button: ButtonType, floor: number): boolean {
    if (!Number.isInteger(floor) || floor < 0 || floor >= this.floors) return false;
    if (button === 'hallUp') return floor < this.floors - 1;
    if (button === 'hallDown') return floor > 0;
    return true;
  }

  /**
   * Presses a button for `holdMs` (default `pressHoldMs`; Infinity holds it until `release`).
   * Returns false, changing nothing, when the button does not exist.
   *
   * @example
   * car.press('hallUp', 1); // a driver polling every 20 ms sees it within the next 200 ms
   */
  press(button: ButtonType, floor: number, holdMs: number = this.pressHoldMs): boolean {
    if (!this.buttonExists(button, floor)) return false;
    assert(holdMs > 0, `CarModel.press holdMs must be positive, got ${holdMs}`);
    this.pressedUntilMs[floor][button] = this.nowMsValue + holdMs;
    return true;
  }

  /** Releases a held button at once. */
  release(button: ButtonType, floor: number): void {
    if (this.buttonExists(button, floor)) this.pressedUntilMs[floor][button] = 0;
  }

  /** True while the button is held down. */
  isPressed(button: ButtonType, floor: number): boolean {
    return this.buttonExists(button, floor) && this.nowMsValue < this.pressedUntilMs[floor][button];
  }

  /** The obstruction switch; it may toggle at any time. */
  setObstruction(active: boolean): void {
    this.obstructionValue = active;
  }

  /** The stop button, held (true) or released (false). */
  setStopPressed(pressed: boolean): void {
    this.stopPressedValue = pressed;
  }

  /**
   * The "motor stopped" fault: while set, the motor is commanded but the car does not move,
   * so the next floor is never reached (SYSTEMS.md §5, "its calls go to others").
   *
   * @example
   * car.setMotorStopped(true);
   */
  setMotorStopped(stopped: boolean): void {
    this.motorStoppedValue = stopped;
  }

  /**
   * Applies one protocol request at the current time: writes change the car and return
   * null; reads return the reply the server would send.
   *
   * @example
   * car.handle({ type: 'doorLight', on: true }); // null
   * car.handle({ type: 'obstruction' });          // { type: 'obstruction', active: false }
   */
  handle(request: ElevatorRequest): ElevatorReply | null {
    if ('floor' in request && !(Number.isInteger(request.floor) && request.floor >= 0 && request.floor < this.floors)) {
      throw new TroupeError('ELEVATOR_PROTOCOL', `${request.type}: floor ${request.floor} is outside 0..${this.floors - 1} of this car`);
    }
    switch (request.type) {
      case 'reloadConfig': return null;
      case 'motorDirection': this.motor = request.direction; return null;
      case 'buttonLight': this.lights[request.floor][request.button] = request.on; return null;
      case 'floorIndicator': this.floorIndicatorValue = request.floor; return null;
      case 'doorLight': this.doorLightValue = request.on; return null;
      case 'stopLight': this.stopLightValue = request.on; return null;
      case 'buttonPressed': return { type: 'buttonPressed', pressed: this.isPressed(request.button, request.floor) };
      case 'floorSensor': return { type: 'floorSensor', floor: this.floorSensor() };
      case 'stopButton': return { type: 'stopButton', pressed: this.stopPressedValue };
      case 'obstruction': return { type: 'obstruction', active: this.obstructionValue };
    }
  }

  /**
   * A plain snapshot of everything observable.
   *
   * @example
   * new CarModel().state().positionFloors // 0
   */
  state(): CarState {
    return {
      nowMs: this.nowMsValue,
      positionFloors: this.positionMs / this.travelMsPerFloor,
      floorSensor: this.floorSensor(),
      motorDirection: this.motor,
      motorStopped: this.motorStoppedValue,
      floorIndicator: this.floorIndicatorValue,
      doorLight: this.doorLightValue,
      stopLight: this.stopLightValue,
      obstruction: this.obstructionValue,
      stopPressed: this.stopPressedValue,
      buttonLights: this.lights.map((l) => ({ ...l })),
    };
  }
}
