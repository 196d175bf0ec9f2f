/**
 * The supervisor's record of one actor: where it runs, whether it is up, paused or
 * crashed, its clock rate, the timers the supervisor holds for it, its last persisted
 * snapshot, its restart history and its latest facts.
 */
import type { ActorId, HostEvent, MessageEvent, PersistedActor, StartMode } from './messages.ts';
import type { ActorHost, ActorLoad } from './host/host.ts';
import type { QueueEntry } from './scheduler.ts';
import type { ActorSpec, RestartPolicy } from './scenario.ts';

/** What an actor-queue entry carries. */
export type ActorPayload =
  | { kind: 'start'; mode: StartMode }
  | { kind: 'deliver'; msg: number; from: ActorId; event: MessageEvent }
  | { kind: 'timer'; timer: number };

export type ActorStatus = 'up' | 'down' | 'stopped' | 'gave-up';

export class ActorSlot {
  host: ActorHost | undefined;
  status: ActorStatus = 'down';
  paused = false;
  clockRate = 1;
  /** Events that arrived while paused, released in order on resume. */
  held: QueueEntry<ActorPayload>[] = [];
  /** Timers the supervisor holds for this actor, by the host's timer id. */
  readonly timers = new Map<number, QueueEntry<ActorPayload>>();
  persisted: PersistedActor | undefined;
  /** Virtual times of restarts caused by the policy, for its rate limit. */
  restartTimesMs: number[] = [];
  restartCount = 0;
  /** Set while a start is queued, so two crashes do not queue two restarts. */
  startPending = false;
  readonly facts = new Map<string, unknown>();
  /** The state value (JSON) after the actor's last step. */
  state: string | undefined;

  constructor(
    readonly index: number,
    readonly spec: ActorSpec,
    readonly load: ActorLoad,
    readonly restartPolicy: RestartPolicy,
  ) {}

  get id(): ActorId {
    return this.spec.id;
  }
}

/** Turns a queued actor payload into the event a host runs. */
export function toHostEvent(entry: QueueEntry<ActorPayload>, slot: ActorSlot): HostEvent {
  const payload = entry.payload;
  switch (payload.kind) {
    case 'start':
      return payload.mode === 'snapshot' && slot.persisted !== undefined
        ? { kind: 'start', t: entry.t, mode: 'snapshot', persisted: slot.persisted }
        : { kind: 'start', t: entry.t, mode: payload.mode === 'snapshot' ? 'scratch' : payload.mode };
    case 'deliver':
      return { kind: 'deliver', t: entry.t, msg: payload.msg, from: payload.from, event: payload.event };
    case 'timer':
      return { kind: 'timer', t: entry.t, timer: payload.timer };
  }
}
