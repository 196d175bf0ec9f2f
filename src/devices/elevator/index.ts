/**
 * The elevator hardware layer (SYSTEMS.md §5): the 4-byte TCP protocol, a driver over a
 * real socket, a deterministic simulated car, and a server that puts the car behind the
 * protocol for realtime runs and for people.
 */
export {
  BUTTON_TYPES,
  Command,
  decodeReply,
  decodeRequest,
  ELEVATOR_PORT_DEFAULT,
  encodeReply,
  encodeRequest,
  FLOORS_DEFAULT,
  FLOORS_MAX,
  isReadRequest,
  MESSAGE_BYTES,
} from './protocol.ts';
export type { ButtonType, ElevatorReadRequest, ElevatorReply, ElevatorRequest, MotorDirection } from './protocol.ts';
export { CarModel } from './carModel.ts';
export type { CarModelOptions, CarState, FloorLights } from './carModel.ts';
export { ElevatorDriver } from './driver.ts';
export type { DriverStatus, ElevatorDriverEvents, ElevatorDriverOptions } from './driver.ts';
export { diffReadings, existingButtons, initialReadings } from './poller.ts';
export type { ElevatorReadings, PollEvent } from './poller.ts';
export { ELEVATOR_SERVER_USAGE, parseElevatorServerArgs, runElevatorServerCommand, startElevatorServer } from './server.ts';
export type { ElevatorCommandIo, ElevatorServer, ElevatorServerOptions } from './server.ts';
export { applyConsoleLine, CONSOLE_HELP } from './serverConsole.ts';
export { TypedEmitter } from './typedEmitter.ts';
export type { Listener } from './typedEmitter.ts';
export { elevatorCarDevice } from './carDevice.ts';
export type { ElevatorCarDeviceOptions } from './carDevice.ts';
