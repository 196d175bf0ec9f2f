/**
 * The one registry of troupe's operating errors. Each code is stable: scripts and docs
 * may rely on it. A `TroupeError` names what was wrong (the actor, file, field or
 * command) and says what to do instead. Programmer errors (broken invariants inside the
 * runtime) are assertions, not entries here.
 *
 * Systems add their codes here too, in their own section, so `docs/errors.md` can list
 * every code from this one object.
 */
export const errorCodes = {
  // Scenarios and options
  SCENARIO_INVALID: 'A scenario field is missing or has the wrong type or range.',
  SCENARIO_NOT_FOUND: 'The scenario file does not exist or exports no scenario.',
  OPTION_INVALID: 'A run option (seed, pacing, speed, duration, host) is out of range.',
  FAULT_INVALID: 'A fault action is malformed or names an actor that does not exist.',
  // Messages and hosts
  ENVELOPE_INVALID: 'A host sent a message that does not follow the host contract.',
  UNKNOWN_ACTOR: 'A message or command names an actor the supervisor does not know.',
  ACTOR_EXISTS: 'A spawn request names an actor id that is already taken.',
  WORKER_NEEDS_MODULE: 'Worker hosts load machines from a scenario file; run the scenario from its file.',
  WORKER_START_FAILED: 'A worker could not load its actor.',
  LIMIT_REACHED: 'A bounded queue, buffer or count reached its maximum.',
  // Traces and replay
  TRACE_INVALID: 'A trace file is truncated, malformed, or not a troupe trace.',
  TRACE_SCENARIO_MISSING: 'The scenario a trace was recorded from cannot be found.',
  // Commands (CLI and UI)
  USAGE: 'A command line is malformed: unknown command, flag or value.',
  COMMAND_INVALID: 'A control command (from the UI or an API) is malformed or not allowed now.',
  // Checks
  CHECK_THREW: 'A check function threw instead of returning a result.',
  // Elevator system (src/devices/elevator, src/actors/elevator): hardware protocol and assigner
  ELEVATOR_PROTOCOL: 'An elevator hardware message is malformed: wrong command byte, out-of-range floor, button or value.',
  ELEVATOR_TIMEOUT: 'The elevator hardware server did not answer a read within the reply timeout.',
  ELEVATOR_DISCONNECTED: 'The elevator driver is not connected to its hardware server (or was closed).',
  ELEVATOR_ASSIGNER_INPUT: 'The hall-request assigner input is malformed: shape, floor count, floor or direction out of range.',
  // Sensor signals (src/dsp, src/devices/openbci, pulse, camera, sensehat): options and inputs
  SIGNAL_OPTION_INVALID: 'A signal-processing or sensor option is out of range (sample rate, band edges, window, sizes); the message names the option.',
  FRAME_INVALID: 'A camera frame buffer is truncated or does not start with the troupe frame header.',
  // mFi mPower strips (src/devices/mpower): SSH driver, emulator and simulated strip
  MPOWER_OPTION_INVALID: 'An mPower option (model, outlets, port, timeouts, queue depth, fingerprint) is missing or out of range.',
  MPOWER_OUTLET_INVALID: 'An mPower outlet number is outside 1..outlets of that strip.',
  MPOWER_QUEUE_FULL: 'An mPower strip already has queueDepthMax commands waiting; the command was not sent.',
  MPOWER_HOST_KEY_MISMATCH: 'An mPower strip presented a host key whose SHA-256 fingerprint is not the pinned one.',
  MPOWER_AUTH_FAILED: 'An mPower strip refused the SSH user name or password.',
  MPOWER_UNREACHABLE: 'An mPower strip could not be reached over SSH within the reconnect attempts.',
  MPOWER_CONNECTION_LOST: 'The SSH connection to an mPower strip dropped while a command was running.',
  MPOWER_COMMAND_TIMEOUT: 'An mPower command got no complete answer within commandTimeoutMs.',
  MPOWER_COMMAND_FAILED: 'An mPower shell command exited non-zero or printed output that could not be parsed.',
  MPOWER_CLOSED: 'An mPower driver or emulator was used after close().',
  // Chat system (src/actors/chat, src/devices/store, src/devices/chatGateway, troupe chat)
  STORE_INVALID: 'A store file is corrupt or too large to read back; move it away to start the store empty.',
  CHAT_GATEWAY: 'The chat gateway could not start (port in use, scenario missing) or was used after close().',
  CHAT_COMMAND_INVALID: 'A chat command (from the terminal or a WebSocket client) is malformed; the message says which part.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

/**
 * An operating error with a stable code.
 *
 * @example
 * throw new TroupeError('UNKNOWN_ACTOR', "message to 'vm-9': no such actor; known actors are vm-1, vm-2, vm-3");
 */
export class TroupeError extends Error {
  readonly code: ErrorCode;
  /** Extra structured detail (field name, actor id…) for programs that handle the error. */
  readonly detail: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'TroupeError';
    this.code = code;
    this.detail = detail;
  }

  /** A plain object for JSON output and for crossing a thread boundary. */
  toJSON(): { code: ErrorCode; message: string; detail: Record<string, unknown> } {
    return { code: this.code, message: this.message, detail: this.detail };
  }
}

/**
 * True when `value` is a TroupeError, optionally with the given code.
 *
 * @example
 * try { loadScenario('x.ts') } catch (e) { if (isTroupeError(e, 'SCENARIO_NOT_FOUND')) … }
 */
export function isTroupeError(value: unknown, code?: ErrorCode): value is TroupeError {
  return value instanceof TroupeError && (code === undefined || value.code === code);
}

/**
 * Asserts a runtime invariant. A failure is a bug in troupe, not an operating error.
 *
 * @example
 * assert(windowEndMs >= nowMs, 'window ends before it starts');
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`troupe invariant broken: ${message}`);
}
