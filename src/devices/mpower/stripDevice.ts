/**
 * A real mFi mPower strip as a device actor (src/runtime/host/deviceHost.ts): it speaks
 * the simulated strip actor's protocol (src/actors/mirror/strip.ts) and does the I/O on an
 * MpowerDriver over SSH, so the bulb and Pi machines run unchanged against real strips.
 *
 * | message in | what the strip does | answer |
 * |---|---|---|
 * | `strip.RELAY { outlet, on, seq }` | `echo 0/1 > /proc/power/relayN` | `strip.ACK { outlet, on, seq }` |
 * | `strip.READ` | the bulk read of every reading file | `strip.READINGS { readings: [{ outlet, relay, activePwr, energyWh }] }` |
 *
 * A command that fails (strip unreachable, refused, queue full, no such outlet) is
 * answered with `strip.FAILED { request, outlet?, on?, seq?, code, message }` instead: the
 * simulated strip reports such a failure as a `strip.error` fact, which a device cannot
 * emit, and a message is better anyway, since the trace records it as an input. The bulb
 * does not handle `strip.FAILED` (XState drops it); it still reports the command as
 * `relay.failed` when its next one is due, as against the simulated strip.
 *
 * Answers go back to the sender in the order the strip completed them: the driver runs
 * one strip's commands one at a time, in the order asked. Its queue holds at most
 * `queueDepthMax` commands (default 32); a command past that is answered `strip.FAILED`
 * with MPOWER_QUEUE_FULL at once, never sent. Messages of other types are ignored, as the
 * simulated strip ignores them. Credentials stay in the driver: no message carries them,
 * and the driver's errors never quote them.
 *
 * The driver is created when the device starts in a live run and closed with the run; on
 * replay the device is inert, so the driver options (a function, if they come from the
 * environment) are never even read.
 */
import type { DeviceContext, DeviceFactory, DeviceHandler } from '../../runtime/host/deviceHost.ts';
import type { ActorId, MessageEvent } from '../../runtime/messages.ts';
import { MpowerDriver, type MpowerDriverOptions } from './driver.ts';
import type { MpowerOutletReading } from './readings.ts';

/** Options of `mpowerStripDevice`. */
export interface MpowerStripDeviceOptions {
  /**
   * How to reach the strip. A function is called only when the device starts live, so a
   * replay needs neither the strip nor its credentials.
   */
  readonly driver: MpowerDriverOptions | (() => MpowerDriverOptions);
  /** Opens the SSH connection when the run starts instead of on the first command. Default true. */
  readonly connectOnStart?: boolean;
  /** Connection trouble the device could not answer to anyone (the start-up connect). Never receives secrets. */
  readonly log?: (line: string) => void;
  /** Builds the driver; tests and benches may wrap it. Default `new MpowerDriver(options)`. */
  readonly createDriver?: (options: MpowerDriverOptions) => MpowerDriver;
}

/** One strip.READINGS entry, as the simulated strip sends it. */
export interface StripReadingMessage {
  outlet: number;
  relay: boolean;
  activePwr: number;
  energyWh: number;
}

/** What `strip.FAILED` carries. */
export interface StripFailedMessage extends MessageEvent {
  type: 'strip.FAILED';
  request: 'strip.RELAY' | 'strip.READ';
  outlet?: number;
  on?: boolean;
  seq?: number;
  code: string;
  message: string;
}

const failureMessageCharsMax = 300;

/**
 * A device factory driving one real strip.
 *
 * @example
 * { id: 'strip-1', device: mpowerStripDevice({ driver: () => ({ host: '10.0.0.21', password: process.env.TROUPE_MPOWER_PASSWORD!, hostFingerprint: 'SHA256:…', legacyAlgorithms: true }) }) }
 */
export function mpowerStripDevice(options: MpowerStripDeviceOptions): DeviceFactory {
  if (typeof options.driver !== 'function' && (typeof options.driver !== 'object' || options.driver === null)) {
    throw new TypeError('mpowerStripDevice: options.driver must be MpowerDriverOptions or a function returning them');
  }
  return (context) => new StripDeviceHandler(context, options);
}

class StripDeviceHandler implements DeviceHandler {
  private readonly driver: MpowerDriver;
  private readonly log: (line: string) => void;

  constructor(
    private readonly context: DeviceContext,
    private readonly options: MpowerStripDeviceOptions,
  ) {
    const driverOptions = typeof options.driver === 'function' ? options.driver() : options.driver;
    const named = { ...driverOptions, name: driverOptions.name ?? context.actorId };
    this.driver = options.createDriver?.(named) ?? new MpowerDriver(named);
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    if (this.options.connectOnStart === false) return;
    // The device host does not await start: a failure here must not become an unhandled
    // rejection. The driver reconnects on the next command, which answers for itself.
    await this.driver.connect().catch((error: Error) => this.log(`${this.context.actorId}: could not connect at start: ${error.message}`));
  }

  receive(event: MessageEvent, from: ActorId): void {
    if (event.type === 'strip.RELAY') this.relay(event, from);
    else if (event.type === 'strip.READ') this.read(from);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private relay(event: MessageEvent, from: ActorId): void {
    const { outlet, on, seq } = event as MessageEvent & { outlet: number; on: boolean; seq: number };
    // setRelay is async: a bad outlet and a full queue reject like a failed command.
    this.driver.setRelay(outlet, on === true).then(
      () => {
        // The same facts the simulated strip reports, so checks and the mirror view read a live run alike.
        this.context.fact('relay', { strip: this.context.actorId, outlet, on: on === true });
        this.context.send(from, { type: 'strip.ACK', outlet, on: on === true, seq });
      },
      (error: unknown) => {
        const answer = failed('strip.RELAY', error, { outlet, on, seq });
        this.context.fact('strip.error', { strip: this.context.actorId, outlet, message: answer.message });
        this.context.send(from, answer);
      },
    );
  }

  private read(from: ActorId): void {
    this.driver.readOutlets({ all: true }).then(
      (readings) => this.context.send(from, { type: 'strip.READINGS', readings: readings.map(toMessage) }),
      (error: unknown) => this.context.send(from, failed('strip.READ', error, {})),
    );
  }
}

function toMessage(reading: MpowerOutletReading): StripReadingMessage {
  return { outlet: reading.outlet, relay: reading.relay, activePwr: reading.activePwr, energyWh: reading.energySum ?? 0 };
}

function failed(request: StripFailedMessage['request'], error: unknown, about: { outlet?: number; on?: boolean; seq?: number }): StripFailedMessage {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    type: 'strip.FAILED',
    request,
    ...about,
    code: typeof code === 'string' ? code : 'MPOWER_COMMAND_FAILED',
    message: String(message ?? error).slice(0, failureMessageCharsMax),
  };
}
