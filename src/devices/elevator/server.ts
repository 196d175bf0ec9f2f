/**
 * An elevator hardware server speaking the 4-byte TCP protocol (protocol.ts), backed by a
 * CarModel driven by real time. For `realtime` runs and for a person at a terminal; `sim`
 * pacing uses CarModel directly, without sockets or timers.
 *
 * It models the quirk of the real hardware server: one client at a time. A second client's
 * connection is accepted by the kernel but not served (paused) until the first one leaves,
 * like a server that calls accept() only after its client hangs up; at most
 * `waitingClientsMax` (default 4) wait, further ones are closed at once. When the served
 * client disconnects, the server stops the motor, so a crashed controller cannot leave the
 * car running into the shaft's end.
 *
 * Malformed requests (unknown command, bad button, floor outside the building) are
 * dropped without reply, as the real server does; they are counted in
 * `malformedRequestCount`. A read that gets no reply makes the driver time out, which is
 * the failure the driver must survive anyway.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { TroupeError } from '../../runtime/errors.ts';
import { CarModel } from './carModel.ts';
import type { CarModelOptions } from './carModel.ts';
import { decodeRequest, ELEVATOR_PORT_DEFAULT, encodeReply, MESSAGE_BYTES } from './protocol.ts';
import type { ButtonType } from './protocol.ts';
import { applyConsoleLine, describeCar } from './serverConsole.ts';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Options of startElevatorServer; defaults are stated in the file header and here. */
export interface ElevatorServerOptions {
  /** TCP port; 0 picks a free one. Default 15657. */
  port?: number;
  /** Address to bind. Default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** Floors of the building. Default 4. */
  floors?: number;
  /** How often the car moves in real time. Default 10 ms. */
  tickMs?: number;
  /** Clients kept waiting while one is served; beyond it, new ones are closed. Default 4. */
  waitingClientsMax?: number;
  /** Further car options (travel time, sensor window, start floor). */
  car?: Omit<CarModelOptions, 'floors'>;
}

/** A running server. */
export interface ElevatorServer {
  readonly port: number;
  readonly host: string;
  /** The simulated car; advance it with `sync()` before reading its state from outside. */
  readonly car: CarModel;
  /** Presses a button as a person would; false when the button does not exist. */
  press(button: ButtonType, floor: number, holdMs?: number): boolean;
  /** Brings the car up to the current real time and returns it. */
  sync(): CarModel;
  /** True while a client is being served. */
  hasClient(): boolean;
  /** Requests dropped because they were malformed. */
  readonly malformedRequestCount: number;
  /** Stops serving: closes every client, the listener and the tick timer. */
  close(): Promise<void>;
}

interface ServerState {
  active: net.Socket | null;
  waiting: net.Socket[];
  sockets: Set<net.Socket>;
  malformed: number;
}

function checkOptions(options: ElevatorServerOptions): Required<Omit<ElevatorServerOptions, 'car'>> {
  const port = options.port ?? ELEVATOR_PORT_DEFAULT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TroupeError('OPTION_INVALID', `elevator server options.port must be an integer in 0..65535, got ${port}`);
  }
  const tickMs = options.tickMs ?? 10;
  const waitingClientsMax = options.waitingClientsMax ?? 4;
  if (!(tickMs > 0)) throw new TroupeError('OPTION_INVALID', `elevator server options.tickMs must be positive, got ${tickMs}`);
  if (!Number.isInteger(waitingClientsMax) || waitingClientsMax < 0) {
    throw new TroupeError('OPTION_INVALID', `elevator server options.waitingClientsMax must be a non-negative integer, got ${waitingClientsMax}`);
  }
  return { port, host: options.host ?? '127.0.0.1', floors: options.floors ?? 4, tickMs, waitingClientsMax };
}

/**
 * The connection handler: one client served at a time, the rest paused in a bounded queue
 * (see the file header); each served client's bytes are cut into 4-byte requests.
 */
function clientGate(
  state: ServerState,
  { floors, waitingClientsMax, sync }: { floors: number; waitingClientsMax: number; sync: () => CarModel },
): (socket: net.Socket) => void {
  const serveNext = (): void => {
    const next = state.waiting.shift();
    if (next === undefined) return;
    state.active = next;
    next.resume();
  };

  const onData = (socket: net.Socket, buffered: { bytes: Buffer }, chunk: Buffer): void => {
    buffered.bytes = Buffer.concat([buffered.bytes, chunk]);
    while (buffered.bytes.length >= MESSAGE_BYTES) {
      const message = buffered.bytes.subarray(0, MESSAGE_BYTES);
      buffered.bytes = buffered.bytes.subarray(MESSAGE_BYTES);
      let reply;
      try {
        reply = sync().handle(decodeRequest(message, floors));
      } catch {
        state.malformed += 1;
        continue;
      }
      if (reply !== null && !socket.destroyed) socket.write(encodeReply(reply));
    }
  };

  const onConnection = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined); // a reset client is simply gone; 'close' follows
    if (state.active !== null && state.waiting.length >= waitingClientsMax) {
      socket.destroy();
      return;
    }
    state.sockets.add(socket);
    const buffered = { bytes: Buffer.alloc(0) };
    socket.on('data', (chunk: Buffer) => onData(socket, buffered, chunk));
    socket.on('close', () => {
      state.sockets.delete(socket);
      state.waiting = state.waiting.filter((s) => s !== socket);
      if (state.active !== socket) return;
      state.active = null;
      // The real server's quirk, and a safety: no client, no motor.
      sync().handle({ type: 'motorDirection', direction: 'stop' });
      serveNext();
    });
    if (state.active === null) {
      state.active = socket;
    } else {
      socket.pause();
      state.waiting.push(socket);
    }
  };

  return onConnection;
}

/**
 * Starts an elevator hardware server and resolves once it listens.
 *
 * @example
 * const server = await startElevatorServer({ port: 0 });
 * server.press('cab', 3);
 * await server.close();
 */
export async function startElevatorServer(options: ElevatorServerOptions = {}): Promise<ElevatorServer> {
  const { port, host, floors, tickMs, waitingClientsMax } = checkOptions(options);
  const car = new CarModel({ ...options.car, floors });
  const startMs = performance.now();
  const sync = (): CarModel => {
    car.advance(Math.max(car.nowMs, performance.now() - startMs));
    return car;
  };
  const state: ServerState = { active: null, waiting: [], sockets: new Set(), malformed: 0 };
  const onConnection = clientGate(state, { floors, waitingClientsMax, sync });
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new TroupeError('OPTION_INVALID', `elevator server cannot listen on ${host}:${port} (${error.code ?? error.message}); pick another --port or stop the other server`));
    });
    server.listen(port, host, () => resolve());
  });
  const tick = setInterval(sync, tickMs);
  const address = server.address() as net.AddressInfo;

  return {
    port: address.port,
    host,
    car,
    press: (button, floor, holdMs) => sync().press(button, floor, holdMs),
    sync,
    hasClient: () => state.active !== null,
    get malformedRequestCount() {
      return state.malformed;
    },
    close: async () => {
      clearInterval(tick);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of state.sockets) socket.destroy();
      await closed;
    },
  };
}

/** Usage of `troupe device elevator`. */
export const ELEVATOR_SERVER_USAGE = 'usage: troupe device elevator [--port 15657] [--floors 4] [--host 127.0.0.1]';

/** Where the command reads console lines and writes answers; tests pass their own streams. */
export interface ElevatorCommandIo {
  stdin?: Readable | null;
  stdout?: Writable;
}

/**
 * Parses `--port`, `--floors`, `--host` (each `--flag value` or `--flag=value`).
 * Unknown flags or bad values are USAGE errors.
 *
 * @example
 * parseElevatorServerArgs(['--port', '0', '--floors=6']) // { port: 0, floors: 6, host: '127.0.0.1' }
 */
export function parseElevatorServerArgs(args: string[]): { port: number; floors: number; host: string } {
  const parsed = { port: ELEVATOR_PORT_DEFAULT, floors: 4, host: '127.0.0.1' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (value === undefined) throw new TroupeError('USAGE', `${flag} needs a value\n${ELEVATOR_SERVER_USAGE}`);
    if (flag === '--host') parsed.host = value;
    else if (flag === '--port' || flag === '--floors') {
      const n = Number(value);
      const ok = Number.isInteger(n) && (flag === '--port' ? n >= 0 && n <= 65535 : n >= 2 && n <= 255);
      if (!ok) throw new TroupeError('USAGE', `${flag} ${value}: expected ${flag === '--port' ? 'a port in 0..65535' : 'a floor count in 2..255'}\n${ELEVATOR_SERVER_USAGE}`);
      parsed[flag === '--port' ? 'port' : 'floors'] = n;
    } else throw new TroupeError('USAGE', `unknown flag ${flag}\n${ELEVATOR_SERVER_USAGE}`);
  }
  return parsed;
}

/**
 * The `troupe device elevator` command: starts the server, prints where it listens, and
 * reads console commands (serverConsole.ts) from stdin until stdin ends. Resolves with the
 * running server; the caller (or Ctrl-C) closes it.
 *
 * @example
 * const server = await runElevatorServerCommand(['--port', '15657', '--floors', '4']);
 */
export async function runElevatorServerCommand(args: string[], io: ElevatorCommandIo = {}): Promise<ElevatorServer> {
  const { port, floors, host } = parseElevatorServerArgs(args);
  const stdout = io.stdout ?? process.stdout;
  const stdin = io.stdin === undefined ? process.stdin : io.stdin;
  const server = await startElevatorServer({ port, floors, host });
  stdout.write(`elevator hardware server on ${host}:${server.port}, ${floors} floors, one client at a time; type "help"\n`);
  stdout.write(`${describeCar(server)}\n`);
  if (stdin !== null) {
    const lines = readline.createInterface({ input: stdin, terminal: false });
    lines.on('line', (line) => {
      try {
        const answer = applyConsoleLine(server, line);
        if (answer !== '') stdout.write(`${answer}\n`);
      } catch (error) {
        stdout.write(`${(error as Error).message}\n`);
      }
    });
    const originalClose = server.close;
    (server as { close: () => Promise<void> }).close = async () => {
      lines.close();
      await originalClose();
    };
  }
  return server;
}
