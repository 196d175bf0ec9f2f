/**
 * Device actors: real hardware (an mFi power strip over SSH, an elevator server over TCP,
 * an OpenBCI board) taking part in a run as an actor. A device is not an XState machine:
 * it is a handler that receives the messages addressed to it and does real I/O, and
 * whatever it learns it sends back into the system with `context.send`, which the
 * supervisor records as an input. So a run with devices still replays: on replay the
 * device host is inert and the recorded inputs stand in for the hardware.
 *
 * Devices run on the supervisor's thread and need `realtime` (or `paced`) pacing: their
 * answers arrive on the wall clock.
 */
import type { ActorId, MessageEvent, StepResult, WindowRequest, WindowResult } from '../messages.ts';
import type { ActorHost } from './host.ts';

/** What a device handler may do. */
export interface DeviceContext {
  readonly actorId: ActorId;
  /** Sends a message from the device to an actor; recorded as an input, so the run replays. */
  send(to: ActorId, event: MessageEvent): void;
  /** Reports a fact about the device (a relay's state, a driver error); recorded as an input too. */
  fact(name: string, value: unknown): void;
}

/** What a device hands the supervisor. */
export type DeviceInput = { kind: 'message'; to: ActorId; event: MessageEvent } | { kind: 'fact'; name: string; value: unknown };

/** A device's behaviour. `receive` must not block: start the I/O and answer later with `context.send`. */
export interface DeviceHandler {
  start?(): void | Promise<void>;
  receive(event: MessageEvent, from: ActorId): void;
  close?(): void | Promise<void>;
}

/** Creates a device's handler for one run. */
export type DeviceFactory = (context: DeviceContext) => DeviceHandler;

const DEVICE_DIGEST = 'device';

/**
 * Runs a device handler as an actor. With `live: false` (replay) it only records steps.
 *
 * @example
 * new DeviceHost('strip-1', (context) => mpowerDevice(context, driver), submit, true)
 */
export class DeviceHost implements ActorHost {
  readonly kind = 'device';
  private handler: DeviceHandler | undefined;
  private closed = false;

  constructor(
    private readonly actorId: ActorId,
    private readonly factory: DeviceFactory,
    private readonly submit: (input: DeviceInput) => void,
    private readonly live: boolean,
  ) {}

  get alive(): boolean {
    return !this.closed;
  }

  async ready(): Promise<void> {}

  runWindow(request: WindowRequest): WindowResult {
    const steps: StepResult[] = [];
    request.events.forEach((event, index) => {
      const step: StepResult = { t: event.t, cause: { event: index }, sends: [], facts: [], spawns: [], timersSet: [], timersCleared: [], digest: DEVICE_DIGEST };
      if (event.kind === 'start') {
        if (this.live) {
          this.handler = this.factory({
            actorId: this.actorId,
            send: (to, message) => this.submit({ kind: 'message', to, event: message }),
            fact: (name, value) => this.submit({ kind: 'fact', name, value }),
          });
          // A start that fails is the device's fact to report, not a reason to bring the run down.
          Promise.resolve()
            .then(() => this.handler?.start?.())
            .catch((error: unknown) => this.submit({ kind: 'fact', name: 'device.error', value: { message: `start failed: ${(error as Error)?.message ?? String(error)}` } }));
        }
        step.state = '"device"';
        steps.push(step);
      } else if (event.kind === 'deliver') {
        if (this.live) {
          try {
            this.handler?.receive(event.event, event.from);
          } catch (error) {
            // Reported as an input, not as a crash of this step: a replay (inert device) must record the same steps.
            this.submit({ kind: 'fact', name: 'device.error', value: { message: `receive failed: ${(error as Error)?.message ?? String(error)}` } });
          }
        }
        steps.push(step);
      }
    });
    return { ok: true, steps };
  }

  async inspect() {
    return { state: 'device', context: {}, status: this.live ? 'live' : 'replay' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.handler?.close?.();
  }
}
