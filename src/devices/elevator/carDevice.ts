/**
 * A real elevator car as a device actor (src/runtime/host/deviceHost.ts): it owns an
 * ElevatorDriver talking to the elevator hardware server over TCP and speaks the simulated
 * car's protocol (src/actors/elevator/car.ts, messages.ts), so the controller machine runs
 * unchanged against real hardware.
 *
 * - Readings: every change the driver's poller sees (floor reached or left, a button
 *   pressed, the obstruction switch, the stop button) goes to the controller as
 *   `FLOOR_REACHED`, `FLOOR_LEFT`, `BUTTON`, `OBSTRUCTION`, `STOP_BUTTON`. `CONNECT`
 *   reports the car's whole known state again, as the simulated car does.
 * - Commands: `MOTOR`, `LIGHT`, `DOOR_LIGHT`, `FLOOR_INDICATOR` are hardware writes.
 *   The device keeps the last commanded value of every output (one motor, one door light,
 *   one floor indicator, three lights per floor: bounded by the building) and writes them
 *   all again on every (re)connection, door light first and motor last; a write made
 *   while disconnected is not lost, it is applied at the next connection. Why: the server
 *   stops the motor when its client goes away, the driver deliberately replays nothing,
 *   and the controller does not know the link dropped, so the device restores what the
 *   controller last asked for. A write that fails is reported to `log`, never thrown.
 * - `PRESS` and the `SET_…` hardware faults of the simulated car are ignored: on real
 *   hardware people press the buttons and the faults happen by themselves.
 *
 * The driver is created and started when the device starts in a live run and closed with
 * the run; on replay the device is inert and the server is never contacted.
 */
import type { DeviceContext, DeviceFactory, DeviceHandler } from '../../runtime/host/deviceHost.ts';
import type { ActorId, MessageEvent } from '../../runtime/messages.ts';
import type { CarCommand, CarReport } from '../../actors/elevator/messages.ts';
import { ElevatorDriver } from './driver.ts';
import type { ElevatorDriverOptions } from './driverOptions.ts';
import { diffReadings, existingButtons, initialReadings, type PollEvent } from './poller.ts';
import type { ButtonType, MotorDirection } from './protocol.ts';

/** Options of `elevatorCarDevice`. */
export interface ElevatorCarDeviceOptions {
  /** The controller the car reports to (`elevator-N`). */
  readonly controller: ActorId;
  /** How to reach the server. A function is called only when the device starts live. */
  readonly driver: ElevatorDriverOptions | (() => ElevatorDriverOptions);
  /** Write failures and ignored messages. Default: dropped. */
  readonly log?: (line: string) => void;
  /** Builds the driver; tests may wrap it. Default `new ElevatorDriver(options)`. */
  readonly createDriver?: (options: ElevatorDriverOptions) => ElevatorDriver;
}

/** The outputs the controller commands, as last commanded; undefined until it commands one. */
interface Outputs {
  motor?: MotorDirection;
  doorLight?: boolean;
  floorIndicator?: number;
  /** `${button}@${floor}` -> on, in the order first commanded (a Map keeps insertion order). */
  lights: Map<string, { button: ButtonType; floor: number; on: boolean }>;
}

/**
 * A device factory driving one real car.
 *
 * @example
 * { id: 'car-1', device: elevatorCarDevice({ controller: 'elevator-1', driver: { host: '127.0.0.1', port: 15657, floors: 4 } }) }
 */
export function elevatorCarDevice(options: ElevatorCarDeviceOptions): DeviceFactory {
  if (typeof options.controller !== 'string' || options.controller === '') throw new TypeError('elevatorCarDevice: options.controller must be an actor id');
  if (typeof options.driver !== 'function' && (typeof options.driver !== 'object' || options.driver === null)) {
    throw new TypeError('elevatorCarDevice: options.driver must be ElevatorDriverOptions or a function returning them');
  }
  return (context) => new CarDeviceHandler(context, options);
}

class CarDeviceHandler implements DeviceHandler {
  private readonly driver: ElevatorDriver;
  private readonly log: (line: string) => void;
  private readonly outputs: Outputs = { lights: new Map() };
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly context: DeviceContext,
    private readonly options: ElevatorCarDeviceOptions,
  ) {
    const driverOptions = typeof options.driver === 'function' ? options.driver() : options.driver;
    this.driver = options.createDriver?.(driverOptions) ?? new ElevatorDriver(driverOptions);
    this.log = options.log ?? (() => undefined);
    const report = (event: PollEvent) => this.report(event);
    this.offs.push(
      this.driver.on('floorReached', ({ floor }) => report({ type: 'floorReached', floor })),
      this.driver.on('floorLeft', ({ floor }) => report({ type: 'floorLeft', floor })),
      this.driver.on('buttonPressed', ({ button, floor }) => report({ type: 'buttonPressed', button, floor })),
      this.driver.on('obstruction', ({ active }) => report({ type: 'obstruction', active })),
      this.driver.on('stop', ({ pressed }) => report({ type: 'stop', pressed })),
      this.driver.on('connected', () => this.restoreOutputs()),
      this.driver.on('disconnected', ({ reason }) => this.log(`${context.actorId}: disconnected (${reason}); outputs are written again on reconnection`)),
    );
  }

  start(): void {
    this.driver.start();
  }

  receive(event: MessageEvent, from: ActorId): void {
    const command = event as unknown as CarCommand;
    switch (command.type) {
      case 'CONNECT':
        // What the driver knows now, as changes from "nothing known"; empty before its first poll, whose events follow anyway.
        for (const change of diffReadings(initialReadings(this.driver.options.floors), this.driver.lastReadings())) this.report(change);
        return;
      case 'MOTOR':
        this.outputs.motor = command.direction;
        this.write(`MOTOR ${command.direction}`, () => this.driver.setMotorDirection(command.direction));
        return;
      case 'DOOR_LIGHT':
        this.outputs.doorLight = command.on;
        this.write(`DOOR_LIGHT ${command.on}`, () => this.driver.setDoorLight(command.on));
        return;
      case 'FLOOR_INDICATOR':
        if (!Number.isInteger(command.floor) || command.floor < 0 || command.floor >= this.driver.options.floors) return this.log(`${this.context.actorId}: ignored FLOOR_INDICATOR ${command.floor}, no such floor`);
        this.outputs.floorIndicator = command.floor;
        this.write(`FLOOR_INDICATOR ${command.floor}`, () => this.driver.setFloorIndicator(command.floor));
        return;
      case 'LIGHT':
        // Only the building's real buttons: that bounds the outputs kept, and the simulated car ignores the others too.
        if (!this.buttonExists(command.button, command.floor)) return this.log(`${this.context.actorId}: ignored LIGHT of ${command.button} at floor ${command.floor}, which does not exist`);
        this.outputs.lights.set(`${command.button}@${command.floor}`, { button: command.button, floor: command.floor, on: command.on });
        this.write(`LIGHT ${command.button} ${command.floor} ${command.on}`, () => this.driver.setButtonLight(command.button, command.floor, command.on));
        return;
      default:
        this.log(`${this.context.actorId}: ignored '${event.type}' from ${from} (real hardware: people press, faults happen)`);
    }
  }

  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    await this.driver.close();
  }

  private buttonExists(button: ButtonType, floor: number): boolean {
    return existingButtons(this.driver.options.floors).some(([f, b]) => f === floor && b === button);
  }

  private report(event: PollEvent): void {
    this.context.send(this.options.controller, toReport(event));
  }

  /** Writes now when connected; otherwise the output waits for the next connection. */
  private write(what: string, request: () => Promise<void>): void {
    if (this.driver.status !== 'connected') return;
    request().catch((error: Error) => this.log(`${this.context.actorId}: ${what} failed (${error.message}); written again on reconnection`));
  }

  /** Every commanded output again, the door light before the motor (never a lit door on a moving car). */
  private restoreOutputs(): void {
    const { motor, doorLight, floorIndicator, lights } = this.outputs;
    if (doorLight !== undefined) this.write(`DOOR_LIGHT ${doorLight}`, () => this.driver.setDoorLight(doorLight));
    for (const light of lights.values()) this.write(`LIGHT ${light.button} ${light.floor} ${light.on}`, () => this.driver.setButtonLight(light.button, light.floor, light.on));
    if (floorIndicator !== undefined) this.write(`FLOOR_INDICATOR ${floorIndicator}`, () => this.driver.setFloorIndicator(floorIndicator));
    if (motor !== undefined) this.write(`MOTOR ${motor}`, () => this.driver.setMotorDirection(motor));
  }
}

function toReport(event: PollEvent): CarReport {
  switch (event.type) {
    case 'floorReached': return { type: 'FLOOR_REACHED', floor: event.floor };
    case 'floorLeft': return { type: 'FLOOR_LEFT', floor: event.floor };
    case 'obstruction': return { type: 'OBSTRUCTION', active: event.active };
    case 'stop': return { type: 'STOP_BUTTON', pressed: event.pressed };
    case 'buttonPressed': return { type: 'BUTTON', button: event.button, floor: event.floor };
  }
}
