/**
 * ElevatorDriver: a client of the elevator hardware server over a real TCP socket.
 *
 * - Requests go out in the order they were made, from one queue of at most
 *   `requestQueueMax` (default 64; beyond it a request is rejected with LIMIT_REACHED).
 *   Writes leave at once when they reach the head; a read stays the one outstanding
 *   request until its reply arrives, so replies match requests in order. A read without
 *   a reply within `replyTimeoutMs` (default 500 ms) fails with ELEVATOR_TIMEOUT.
 * - A reply that cannot be trusted (protocol.ts) fails its read with ELEVATOR_PROTOCOL.
 *   After a timeout or a bad reply the byte stream may be out of step, so the driver
 *   drops the connection and reconnects rather than guess.
 * - While connected, a poller reads every button, the floor sensor, the stop button and
 *   the obstruction switch, then waits `pollIntervalMs` (default 20 ms) and reads again,
 *   emitting an event for each change (poller.ts). After every (re)connect the first
 *   cycle reports the current state as changes from "nothing known".
 * - When the server goes away, pending requests fail with ELEVATOR_DISCONNECTED and the
 *   driver reconnects after `reconnectDelayMsMin` (default 50 ms), doubling per failed
 *   attempt up to `reconnectDelayMsMax` (default 2000 ms), forever by default or until
 *   `reconnectAttemptsMax` failed attempts in a row, after which it emits `gaveUp` and
 *   stays disconnected. An attempt fails unless its connection carried a good reply.
 * - Requests made while disconnected fail at once with ELEVATOR_DISCONNECTED: commands are
 *   not replayed, because the server stops the motor on disconnect and the controller must
 *   decide again. Re-send lights and motor on `connected`.
 * - `close()` ends the socket and every timer.
 */
import net from 'node:net';
import { isTroupeError, TroupeError } from '../../runtime/errors.ts';
import { decodeReply, encodeRequest, isReadRequest, MESSAGE_BYTES } from './protocol.ts';
import type { ButtonType, ElevatorReply, ElevatorRequest, MotorDirection } from './protocol.ts';
import { diffReadings, existingButtons, initialReadings } from './poller.ts';
import type { ElevatorReadings, PollEvent } from './poller.ts';
import { TypedEmitter } from './typedEmitter.ts';
import { checkDriverOptions } from './driverOptions.ts';
import type { ElevatorDriverOptions, ResolvedDriverOptions } from './driverOptions.ts';

export type { ElevatorDriverOptions } from './driverOptions.ts';

/** Events of an ElevatorDriver. */
export interface ElevatorDriverEvents {
  connected: { host: string; port: number };
  disconnected: { reason: string };
  /** Reconnecting stopped after `reconnectAttemptsMax` failed attempts in a row. */
  gaveUp: { attempts: number };
  buttonPressed: { button: ButtonType; floor: number };
  floorReached: { floor: number };
  floorLeft: { floor: number };
  obstruction: { active: boolean };
  stop: { pressed: boolean };
  /** A poll cycle failed for a reason other than a disconnect (bad reply, timeout). */
  error: { error: TroupeError };
}

/** Connection status of a driver. */
export type DriverStatus = 'new' | 'connecting' | 'connected' | 'waiting' | 'gaveUp' | 'closed';

interface Pending {
  request: ElevatorRequest;
  bytes: Uint8Array;
  resolve: (reply: ElevatorReply | null) => void;
  reject: (error: TroupeError) => void;
}

/**
 * The driver. Construct, `start()`, then `await waitConnected()`.
 *
 * @example
 * const driver = new ElevatorDriver({ port: 15657 });
 * driver.on('floorReached', ({ floor }) => driver.setFloorIndicator(floor));
 * driver.start();
 * await driver.waitConnected(1000);
 * await driver.setMotorDirection('up');
 * await driver.close();
 */
export class ElevatorDriver extends TypedEmitter<ElevatorDriverEvents> {
  readonly options: ResolvedDriverOptions;
  private statusValue: DriverStatus = 'new';
  private socket: net.Socket | null = null;
  private received = Buffer.alloc(0);
  private queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private replyTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private repliedSinceConnect = false;
  private readings: ElevatorReadings;

  constructor(options: ElevatorDriverOptions = {}) {
    super();
    this.options = checkDriverOptions(options);
    this.readings = initialReadings(this.options.floors);
  }

  /** Current connection status. */
  get status(): DriverStatus {
    return this.statusValue;
  }

  /** The last readings of the poller (defaults until the first cycle completes). */
  lastReadings(): ElevatorReadings {
    return structuredClone(this.readings);
  }

  /** Starts connecting (and reconnecting). Calling it again is a no-op. */
  start(): void {
    if (this.statusValue !== 'new') return;
    this.connect();
  }

  /**
   * Resolves when connected; rejects with ELEVATOR_DISCONNECTED after `timeoutMs` or if the
   * driver closes or gives up first.
   *
   * @example
   * await driver.waitConnected(2000);
   */
  waitConnected(timeoutMs: number = 5000): Promise<void> {
    if (this.statusValue === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: TroupeError): void => {
        clearTimeout(timer);
        offs.forEach((off) => off());
        if (error === undefined) resolve();
        else reject(error);
      };
      const where = `${this.options.host}:${this.options.port}`;
      const timer = setTimeout(() => done(new TroupeError('ELEVATOR_DISCONNECTED', `no connection to the elevator server at ${where} within ${timeoutMs} ms; is it running?`)), timeoutMs);
      const offs = [
        this.on('connected', () => done()),
        this.on('gaveUp', ({ attempts }) => done(new TroupeError('ELEVATOR_DISCONNECTED', `gave up connecting to ${where} after ${attempts} attempts`))),
      ];
      if (this.statusValue === 'closed' || this.statusValue === 'gaveUp') {
        done(new TroupeError('ELEVATOR_DISCONNECTED', `elevator driver for ${where} is ${this.statusValue}`));
      }
    });
  }

  /** Motor: up, down or stop. */
  async setMotorDirection(direction: MotorDirection): Promise<void> {
    await this.request({ type: 'motorDirection', direction });
  }

  /** A button's light. */
  async setButtonLight(button: ButtonType, floor: number, on: boolean): Promise<void> {
    await this.request({ type: 'buttonLight', button, floor, on });
  }

  /** The floor indicator (shows one floor). */
  async setFloorIndicator(floor: number): Promise<void> {
    await this.request({ type: 'floorIndicator', floor });
  }

  /** The door-open light. */
  async setDoorLight(on: boolean): Promise<void> {
    await this.request({ type: 'doorLight', on });
  }

  /** The stop button's light. */
  async setStopLight(on: boolean): Promise<void> {
    await this.request({ type: 'stopLight', on });
  }

  /** Asks the server to reload its configuration file. */
  async reloadConfig(): Promise<void> {
    await this.request({ type: 'reloadConfig' });
  }

  /** True while the button is held. */
  async getButton(button: ButtonType, floor: number): Promise<boolean> {
    const reply = await this.request({ type: 'buttonPressed', button, floor });
    return reply?.type === 'buttonPressed' && reply.pressed;
  }

  /** The floor whose sensor is active, or null between floors. */
  async getFloor(): Promise<number | null> {
    const reply = await this.request({ type: 'floorSensor' });
    return reply?.type === 'floorSensor' ? reply.floor : null;
  }

  /** True while the stop button is held. */
  async getStop(): Promise<boolean> {
    const reply = await this.request({ type: 'stopButton' });
    return reply?.type === 'stopButton' && reply.pressed;
  }

  /** True while the obstruction switch is active. */
  async getObstruction(): Promise<boolean> {
    const reply = await this.request({ type: 'obstruction' });
    return reply?.type === 'obstruction' && reply.active;
  }

  /**
   * Sends any request; resolves with the reply for reads, null for writes.
   *
   * @example
   * await driver.request({ type: 'floorSensor' }); // { type: 'floorSensor', floor: 0 }
   */
  request(request: ElevatorRequest): Promise<ElevatorReply | null> {
    let bytes: Uint8Array;
    try {
      bytes = encodeRequest(request, this.options.floors);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.statusValue !== 'connected') {
      return Promise.reject(new TroupeError('ELEVATOR_DISCONNECTED', `${request.type}: elevator driver for ${this.options.host}:${this.options.port} is ${this.statusValue}; wait for 'connected'`));
    }
    if (this.queue.length >= this.options.requestQueueMax) {
      return Promise.reject(new TroupeError('LIMIT_REACHED', `${request.type}: elevator driver queue holds ${this.options.requestQueueMax} requests (requestQueueMax); the server is slow or requests come too fast`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, bytes, resolve, reject });
      this.pump();
    });
  }

  /**
   * Closes the socket and every timer; pending requests fail with ELEVATOR_DISCONNECTED.
   *
   * @example
   * await driver.close();
   */
  async close(): Promise<void> {
    if (this.statusValue === 'closed') return;
    const wasConnected = this.statusValue === 'connected';
    this.statusValue = 'closed';
    this.clearTimers();
    this.failAll('elevator driver closed');
    const socket = this.socket;
    this.socket = null;
    if (socket !== null && !socket.destroyed) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.destroy();
      await closed;
    }
    if (wasConnected) this.emit('disconnected', { reason: 'closed' });
  }

  private connect(): void {
    this.statusValue = 'connecting';
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    let reason = 'server closed the connection';
    socket.on('connect', () => this.onConnect(socket));
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reason = error.code ?? error.message;
    });
    socket.on('close', () => this.onClose(socket, reason));
  }

  private onConnect(socket: net.Socket): void {
    if (socket !== this.socket) return;
    this.statusValue = 'connected';
    this.repliedSinceConnect = false;
    this.received = Buffer.alloc(0);
    this.readings = initialReadings(this.options.floors);
    this.emit('connected', { host: this.options.host, port: this.options.port });
    if (this.options.pollIntervalMs > 0) this.schedulePoll(0);
  }

  private onClose(socket: net.Socket, reason: string): void {
    if (socket !== this.socket) return; // an old socket, or close()/resetConnection() handled it
    this.handleLoss(reason);
  }

  /** The connection is gone: fail what is pending, report, and schedule the reconnect. */
  private handleLoss(reason: string): void {
    const wasConnected = this.statusValue === 'connected';
    this.socket = null;
    this.clearTimers();
    this.failAll(`connection to ${this.options.host}:${this.options.port} lost (${reason})`);
    // A connection that never carried a good reply (refused, or a server speaking garbage)
    // counts as a failed attempt, so the delay grows instead of hammering it every 50 ms.
    this.failedAttempts = this.repliedSinceConnect ? 0 : this.failedAttempts + 1;
    if (wasConnected) this.emit('disconnected', { reason });
    if (this.statusValue === 'closed') return; // a listener closed the driver
    const { reconnectAttemptsMax, reconnectDelayMsMin, reconnectDelayMsMax } = this.options;
    if (this.failedAttempts >= reconnectAttemptsMax) {
      this.statusValue = 'gaveUp';
      this.emit('gaveUp', { attempts: this.failedAttempts });
      return;
    }
    this.statusValue = 'waiting';
    const delayMs = Math.min(reconnectDelayMsMax, reconnectDelayMsMin * 2 ** Math.min(Math.max(0, this.failedAttempts - 1), 30));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delayMs);
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.received = Buffer.concat([this.received, chunk]);
    while (this.received.length >= MESSAGE_BYTES) {
      const bytes = this.received.subarray(0, MESSAGE_BYTES);
      this.received = this.received.subarray(MESSAGE_BYTES);
      const pending = this.inFlight;
      this.inFlight = null;
      if (this.replyTimer !== null) clearTimeout(this.replyTimer);
      this.replyTimer = null;
      if (pending === null || !isReadRequest(pending.request)) {
        this.resetConnection(new TroupeError('ELEVATOR_PROTOCOL', `elevator server sent ${Array.from(bytes).join(' ')} with no read outstanding; it is out of step`));
        return;
      }
      try {
        const reply = decodeReply(pending.request, bytes, this.options.floors);
        this.repliedSinceConnect = true;
        pending.resolve(reply);
      } catch (error) {
        pending.reject(error as TroupeError);
        this.resetConnection(error as TroupeError);
        return;
      }
    }
    this.pump();
  }

  /** Sends queued requests until a read is outstanding. */
  private pump(): void {
    const socket = this.socket;
    while (this.inFlight === null && this.queue.length > 0 && socket !== null && this.statusValue === 'connected') {
      const pending = this.queue.shift()!;
      socket.write(pending.bytes);
      if (!isReadRequest(pending.request)) {
        pending.resolve(null);
        continue;
      }
      this.inFlight = pending;
      this.replyTimer = setTimeout(() => {
        this.replyTimer = null;
        const error = new TroupeError('ELEVATOR_TIMEOUT', `${pending.request.type}: no reply from the elevator server at ${this.options.host}:${this.options.port} within ${this.options.replyTimeoutMs} ms; reconnecting`);
        if (this.inFlight === pending) this.inFlight = null;
        pending.reject(error);
        this.resetConnection(error);
      }, this.options.replyTimeoutMs);
    }
  }

  /** Drops the connection after a broken exchange and reconnects. */
  private resetConnection(error: TroupeError): void {
    const socket = this.socket;
    if (socket === null) return;
    // Synchronously, so no request slips onto the broken stream before 'close' arrives.
    this.handleLoss(`reset after ${error.code}`);
    socket.destroy();
    this.emit('error', { error });
  }

  private failAll(reason: string): void {
    const pending = [...(this.inFlight === null ? [] : [this.inFlight]), ...this.queue];
    this.inFlight = null;
    this.queue = [];
    for (const p of pending) p.reject(new TroupeError('ELEVATOR_DISCONNECTED', `${p.request.type}: ${reason}`));
  }

  private clearTimers(): void {
    for (const timer of [this.replyTimer, this.pollTimer, this.reconnectTimer]) if (timer !== null) clearTimeout(timer);
    this.replyTimer = this.pollTimer = this.reconnectTimer = null;
  }

  private schedulePoll(delayMs: number): void {
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.pollOnce();
    }, delayMs);
  }

  private async pollOnce(): Promise<void> {
    const socket = this.socket;
    try {
      const next = await this.readAll();
      if (socket !== this.socket || this.statusValue !== 'connected') return;
      const events = diffReadings(this.readings, next);
      this.readings = next;
      for (const event of events) this.emitPollEvent(event);
    } catch (error) {
      if (!isTroupeError(error)) throw error;
      // Disconnects are reported as 'disconnected', timeouts and bad replies already as
      // 'error', and each of those is followed by a reconnect that restarts polling.
      if (error.code !== 'LIMIT_REACHED') return;
      this.emit('error', { error });
    }
    if (socket === this.socket && this.statusValue === 'connected') this.schedulePoll(this.options.pollIntervalMs);
  }

  private async readAll(): Promise<ElevatorReadings> {
    const readings = initialReadings(this.options.floors);
    // Issue every read at once: the queue still sends them one at a time, in order.
    const buttons = existingButtons(this.options.floors).map(async ([floor, button]) => {
      readings.buttons[floor][button] = await this.getButton(button, floor);
    });
    const [floor, stop, obstruction] = await Promise.all([this.getFloor(), this.getStop(), this.getObstruction(), ...buttons]);
    return { ...readings, floor, stop, obstruction };
  }

  private emitPollEvent(event: PollEvent): void {
    const { type, ...payload } = event;
    this.emit(type, payload as ElevatorDriverEvents[typeof type]);
  }
}
