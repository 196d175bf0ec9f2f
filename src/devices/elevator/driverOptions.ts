/**
 * Options of ElevatorDriver, their defaults (stated once, here) and their validation.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { ELEVATOR_PORT_DEFAULT, FLOORS_DEFAULT, FLOORS_MAX } from './protocol.ts';

/** Options of an ElevatorDriver. */
export interface ElevatorDriverOptions {
  /** Server address. Default 127.0.0.1. */
  host?: string;
  /** Server port. Default 15657. */
  port?: number;
  /** Floors of the building, for range checks and polling. Default 4. */
  floors?: number;
  /** Pause between poll cycles; 0 disables the poller. Default 20 ms. */
  pollIntervalMs?: number;
  /** A read without a reply this long fails with ELEVATOR_TIMEOUT. Default 500 ms. */
  replyTimeoutMs?: number;
  /** First reconnect delay; doubles per failed attempt. Default 50 ms. */
  reconnectDelayMsMin?: number;
  /** Cap of the reconnect delay. Default 2000 ms. */
  reconnectDelayMsMax?: number;
  /** Failed connection attempts in a row before giving up. Default Infinity (never give up). */
  reconnectAttemptsMax?: number;
  /** Requests waiting to be sent; beyond it a request fails with LIMIT_REACHED. Default 64. */
  requestQueueMax?: number;
}

/** Options with every default filled in. */
export type ResolvedDriverOptions = Required<ElevatorDriverOptions>;

function check(name: string, value: number, ok: boolean, range: string): void {
  if (!ok) throw new TroupeError('OPTION_INVALID', `ElevatorDriver options.${name} must be ${range}, got ${value}`);
}

/**
 * Fills in defaults and validates; a bad option is an OPTION_INVALID error naming it.
 *
 * @example
 * checkDriverOptions({ port: 0 }) // throws: options.port must be an integer in 1..65535
 */
export function checkDriverOptions(options: ElevatorDriverOptions): ResolvedDriverOptions {
  const o: ResolvedDriverOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? ELEVATOR_PORT_DEFAULT,
    floors: options.floors ?? FLOORS_DEFAULT,
    pollIntervalMs: options.pollIntervalMs ?? 20,
    replyTimeoutMs: options.replyTimeoutMs ?? 500,
    reconnectDelayMsMin: options.reconnectDelayMsMin ?? 50,
    reconnectDelayMsMax: options.reconnectDelayMsMax ?? 2000,
    reconnectAttemptsMax: options.reconnectAttemptsMax ?? Infinity,
    requestQueueMax: options.requestQueueMax ?? 64,
  };
  const isInt = Number.isInteger;
  check('port', o.port, isInt(o.port) && o.port >= 1 && o.port <= 65535, 'an integer in 1..65535');
  check('floors', o.floors, isInt(o.floors) && o.floors >= 1 && o.floors <= FLOORS_MAX, `an integer in 1..${FLOORS_MAX}`);
  check('pollIntervalMs', o.pollIntervalMs, o.pollIntervalMs >= 0 && Number.isFinite(o.pollIntervalMs), 'a finite number >= 0');
  check('replyTimeoutMs', o.replyTimeoutMs, o.replyTimeoutMs > 0 && Number.isFinite(o.replyTimeoutMs), 'a finite number > 0');
  check('reconnectDelayMsMin', o.reconnectDelayMsMin, o.reconnectDelayMsMin > 0 && Number.isFinite(o.reconnectDelayMsMin), 'a finite number > 0');
  check('reconnectDelayMsMax', o.reconnectDelayMsMax, o.reconnectDelayMsMax >= o.reconnectDelayMsMin && Number.isFinite(o.reconnectDelayMsMax), 'finite and >= reconnectDelayMsMin');
  check('reconnectAttemptsMax', o.reconnectAttemptsMax, o.reconnectAttemptsMax === Infinity || (isInt(o.reconnectAttemptsMax) && o.reconnectAttemptsMax >= 1), 'an integer >= 1 or Infinity');
  check('requestQueueMax', o.requestQueueMax, isInt(o.requestQueueMax) && o.requestQueueMax >= 1, 'an integer >= 1');
  return o;
}
