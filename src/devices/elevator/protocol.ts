/**
 * The elevator hardware server's TCP protocol (SYSTEMS.md §5): every message, both ways,
 * is exactly 4 bytes with unused bytes 0. Writes (commands 0-5) get no reply; each read
 * (commands 6-9) gets one 4-byte reply.
 *
 * | command          | request               | reply                         |
 * |------------------|-----------------------|-------------------------------|
 * | 0 reload config  | `0 x x x`             | —                             |
 * | 1 motor          | `1 dir x x`           | — (dir 0 stop, 1 up, 255 down)|
 * | 2 button light   | `2 button floor on`   | — (button 0 up, 1 down, 2 cab)|
 * | 3 floor indicator| `3 floor x x`         | —                             |
 * | 4 door light     | `4 on x x`            | —                             |
 * | 5 stop light     | `5 on x x`            | —                             |
 * | 6 button?        | `6 button floor x`    | `6 pressed 0 0`               |
 * | 7 floor sensor   | `7 x x x`             | `7 atFloor floor 0`           |
 * | 8 stop?          | `8 x x x`             | `8 pressed 0 0`               |
 * | 9 obstruction?   | `9 x x x`             | `9 active 0 0`                |
 *
 * Trust rules for replies: byte 0 must echo the request's command, except for the stop
 * query, because one real server answers it with a wrong first byte; there only byte 1 is
 * read. Boolean bytes must be 0 or 1 and a floor must be inside the building; anything
 * else is an `ELEVATOR_PROTOCOL` error, since a reader that guessed would drive the car
 * on garbage. Unused trailing bytes of replies are ignored (servers differ there).
 */
import { TroupeError } from '../../runtime/errors.ts';

/** Default TCP port of the elevator hardware server and of the course simulator. */
export const ELEVATOR_PORT_DEFAULT = 15657;
/** Every message, request or reply, is exactly this long. */
export const MESSAGE_BYTES = 4;
/** Default number of floors of the course's building. */
export const FLOORS_DEFAULT = 4;
/** The protocol carries a floor in one byte. */
export const FLOORS_MAX = 255;

/** Command numbers, byte 0 of every request. */
export const Command = {
  reloadConfig: 0,
  motorDirection: 1,
  buttonLight: 2,
  floorIndicator: 3,
  doorLight: 4,
  stopLight: 5,
  buttonPressed: 6,
  floorSensor: 7,
  stopButton: 8,
  obstruction: 9,
} as const;

/** Hall up (wire 0), hall down (wire 1) or the cab's own button for a floor (wire 2). */
export type ButtonType = 'hallUp' | 'hallDown' | 'cab';
/** Motor command: stop (wire 0), up (wire 1), down (wire 255). */
export type MotorDirection = 'stop' | 'up' | 'down';

/** Button types in wire order, so `BUTTON_TYPES[wire]` decodes and `indexOf` encodes. */
export const BUTTON_TYPES: readonly ButtonType[] = ['hallUp', 'hallDown', 'cab'];
const MOTOR_TO_WIRE: Record<MotorDirection, number> = { stop: 0, up: 1, down: 255 };

/** A request to the server. The last four kinds are reads and get a reply. */
export type ElevatorRequest =
  | { type: 'reloadConfig' }
  | { type: 'motorDirection'; direction: MotorDirection }
  | { type: 'buttonLight'; button: ButtonType; floor: number; on: boolean }
  | { type: 'floorIndicator'; floor: number }
  | { type: 'doorLight'; on: boolean }
  | { type: 'stopLight'; on: boolean }
  | { type: 'buttonPressed'; button: ButtonType; floor: number }
  | { type: 'floorSensor' }
  | { type: 'stopButton' }
  | { type: 'obstruction' };

/** The requests that get a reply. */
export type ElevatorReadRequest = Extract<
  ElevatorRequest,
  { type: 'buttonPressed' | 'floorSensor' | 'stopButton' | 'obstruction' }
>;

/** A decoded reply; `floor` is null between floors. */
export type ElevatorReply =
  | { type: 'buttonPressed'; pressed: boolean }
  | { type: 'floorSensor'; floor: number | null }
  | { type: 'stopButton'; pressed: boolean }
  | { type: 'obstruction'; active: boolean };

/**
 * True when the request is a read (commands 6-9), i.e. the server will send one reply.
 *
 * @example
 * isReadRequest({ type: 'floorSensor' }) // true
 */
export function isReadRequest(request: ElevatorRequest): request is ElevatorReadRequest {
  return Command[request.type] >= Command.buttonPressed;
}

function protocolError(message: string, bytes?: Uint8Array): TroupeError {
  const detail = bytes === undefined ? {} : { bytes: Array.from(bytes) };
  return new TroupeError('ELEVATOR_PROTOCOL', message, detail);
}

function checkFloor(floor: number, floors: number, what: string, bytes?: Uint8Array): void {
  if (!Number.isInteger(floor) || floor < 0 || floor >= floors) {
    throw protocolError(`${what}: floor ${floor} is outside 0..${floors - 1}; use a floor of this ${floors}-floor building`, bytes);
  }
}

function checkFloors(floors: number): void {
  if (!Number.isInteger(floors) || floors < 1 || floors > FLOORS_MAX) {
    throw new TroupeError('OPTION_INVALID', `elevator floors must be an integer in 1..${FLOORS_MAX}, got ${floors}`);
  }
}

/**
 * Encodes a request as its 4 bytes. Floors outside the building are an ELEVATOR_PROTOCOL error.
 *
 * @example
 * encodeRequest({ type: 'buttonLight', button: 'cab', floor: 2, on: true }, 4) // [2, 2, 2, 1]
 */
export function encodeRequest(request: ElevatorRequest, floors: number = FLOORS_DEFAULT): Uint8Array {
  checkFloors(floors);
  const bytes = new Uint8Array(MESSAGE_BYTES);
  bytes[0] = Command[request.type];
  switch (request.type) {
    case 'motorDirection':
      bytes[1] = MOTOR_TO_WIRE[request.direction];
      break;
    case 'buttonLight':
    case 'buttonPressed':
      checkFloor(request.floor, floors, request.type);
      bytes[1] = BUTTON_TYPES.indexOf(request.button);
      bytes[2] = request.floor;
      if (request.type === 'buttonLight') bytes[3] = request.on ? 1 : 0;
      break;
    case 'floorIndicator':
      checkFloor(request.floor, floors, request.type);
      bytes[1] = request.floor;
      break;
    case 'doorLight':
    case 'stopLight':
      bytes[1] = request.on ? 1 : 0;
      break;
    default:
      break;
  }
  return bytes;
}

function decodeBool(byte: number, what: string, bytes: Uint8Array): boolean {
  if (byte > 1) throw protocolError(`${what}: value byte is ${byte}, expected 0 or 1`, bytes);
  return byte === 1;
}

function decodeButton(byte: number, what: string, bytes: Uint8Array): ButtonType {
  const button = BUTTON_TYPES[byte];
  if (button === undefined) throw protocolError(`${what}: button type ${byte} is not 0 (hall up), 1 (hall down) or 2 (cab)`, bytes);
  return button;
}

function decodeMotor(byte: number, bytes: Uint8Array): MotorDirection {
  if (byte === 0) return 'stop';
  if (byte === 1) return 'up';
  if (byte === 255) return 'down';
  throw protocolError(`motorDirection: direction byte ${byte} is not 0 (stop), 1 (up) or 255 (down)`, bytes);
}

function checkLength(bytes: Uint8Array, what: string): void {
  if (bytes.length !== MESSAGE_BYTES) {
    throw protocolError(`${what} is ${bytes.length} bytes; every elevator message is exactly ${MESSAGE_BYTES}`, bytes);
  }
}

/**
 * Decodes a request, as a server does. Unknown commands, button types, motor bytes and
 * floors outside the building are ELEVATOR_PROTOCOL errors.
 *
 * @example
 * decodeRequest(Uint8Array.of(1, 255, 0, 0), 4) // { type: 'motorDirection', direction: 'down' }
 */
export function decodeRequest(bytes: Uint8Array, floors: number = FLOORS_DEFAULT): ElevatorRequest {
  checkFloors(floors);
  checkLength(bytes, 'request');
  const [command, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  switch (command) {
    case Command.reloadConfig: return { type: 'reloadConfig' };
    case Command.motorDirection: return { type: 'motorDirection', direction: decodeMotor(b1, bytes) };
    case Command.buttonLight: {
      const button = decodeButton(b1, 'buttonLight', bytes);
      checkFloor(b2, floors, 'buttonLight', bytes);
      return { type: 'buttonLight', button, floor: b2, on: b3 !== 0 };
    }
    case Command.floorIndicator:
      checkFloor(b1, floors, 'floorIndicator', bytes);
      return { type: 'floorIndicator', floor: b1 };
    case Command.doorLight: return { type: 'doorLight', on: b1 !== 0 };
    case Command.stopLight: return { type: 'stopLight', on: b1 !== 0 };
    case Command.buttonPressed: {
      const button = decodeButton(b1, 'buttonPressed', bytes);
      checkFloor(b2, floors, 'buttonPressed', bytes);
      return { type: 'buttonPressed', button, floor: b2 };
    }
    case Command.floorSensor: return { type: 'floorSensor' };
    case Command.stopButton: return { type: 'stopButton' };
    case Command.obstruction: return { type: 'obstruction' };
    default:
      throw protocolError(`request command ${command} is unknown; commands are 0..9`, bytes);
  }
}

/**
 * Encodes a reply, as a server does.
 *
 * @example
 * encodeReply({ type: 'floorSensor', floor: 2 }) // [7, 1, 2, 0]
 */
export function encodeReply(reply: ElevatorReply): Uint8Array {
  const bytes = new Uint8Array(MESSAGE_BYTES);
  bytes[0] = Command[reply.type];
  switch (reply.type) {
    case 'buttonPressed':
    case 'stopButton':
      bytes[1] = reply.pressed ? 1 : 0;
      break;
    case 'obstruction':
      bytes[1] = reply.active ? 1 : 0;
      break;
    case 'floorSensor':
      if (reply.floor !== null) {
        bytes[1] = 1;
        bytes[2] = reply.floor;
      }
      break;
  }
  return bytes;
}

/**
 * Decodes the reply to `request`, applying the trust rules in this file's header. A reply
 * that cannot be trusted is an ELEVATOR_PROTOCOL error carrying the raw bytes in `detail`.
 *
 * @example
 * decodeReply({ type: 'floorSensor' }, Uint8Array.of(7, 1, 3, 0), 4) // { type: 'floorSensor', floor: 3 }
 * decodeReply({ type: 'stopButton' }, Uint8Array.of(0, 1, 0, 0), 4)  // { type: 'stopButton', pressed: true }
 */
export function decodeReply(request: ElevatorReadRequest, bytes: Uint8Array, floors: number = FLOORS_DEFAULT): ElevatorReply {
  checkFloors(floors);
  checkLength(bytes, `reply to ${request.type}`);
  const what = `reply to ${request.type}`;
  const expected = Command[request.type];
  // The stop query's first byte is wrong on one real server; everything else must echo.
  if (request.type !== 'stopButton' && bytes[0] !== expected) {
    throw protocolError(`${what}: first byte is ${bytes[0]}, expected ${expected}; the server is out of step or not an elevator server`, bytes);
  }
  switch (request.type) {
    case 'buttonPressed': return { type: 'buttonPressed', pressed: decodeBool(bytes[1], what, bytes) };
    case 'stopButton': return { type: 'stopButton', pressed: decodeBool(bytes[1], what, bytes) };
    case 'obstruction': return { type: 'obstruction', active: decodeBool(bytes[1], what, bytes) };
    case 'floorSensor': {
      if (!decodeBool(bytes[1], what, bytes)) return { type: 'floorSensor', floor: null };
      checkFloor(bytes[2], floors, what, bytes);
      return { type: 'floorSensor', floor: bytes[2] };
    }
  }
}
