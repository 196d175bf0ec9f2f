/**
 * Runs one XState actor through windows of events, on whatever thread it lives on. The
 * inline host and the worker entry both wrap this class, so an actor behaves the same in
 * either: same clock, same timer ids, same outbox, same digest.
 *
 * Time: the runner is the actor's clock (XState's `clock` option). A timer set at virtual
 * time t for d local ms is due at t + d / clockRate. Timers due inside the current window
 * fire here, in order with the window's other events; the rest go back to the supervisor,
 * which queues them and hands them back in a later window.
 */
import { createActor, type AnyActorRef, type AnyStateMachine, type Subscription } from 'xstate';
import type {
  HostEvent,
  MessageEvent,
  PersistedActor,
  PersistedTimer,
  StepResult,
  WindowRequest,
  WindowResult,
} from '../messages.ts';
import { FACT_EVENT, PERSIST_EVENT, RESTORED_EVENT, SEND_EVENT, SPAWN_EVENT } from '../effects.ts';
import { digestValue } from '../hash.ts';
import { findNotPlainData } from './plainData.ts';
import { setLocalNowMs } from '../actorClock.ts';

interface LocalTimer {
  timer: number;
  dueMs: number;
}

/** The crash message of an actor that ended its thread, the same from either host. */
export function exitMessage(code: number): string {
  return `actor exited with code ${code}`;
}

/** Thrown by a step that must stop the whole window, e.g. an intercepted `process.exit`. */
export class HardCrash extends Error {
  constructor(readonly reason: 'exit' | 'oom', message: string) {
    super(message);
  }
}

/**
 * One actor and its clock.
 *
 * @example
 * const runner = new ActorRunner('vm-1', lamportVm, { seed: 1 });
 * const result = runner.runWindow({ windowEndMs: 5, clockRate: 1, events: [{ kind: 'start', t: 0, mode: 'initial' }] });
 */
export class ActorRunner {
  private actor: AnyActorRef | undefined;
  private subscription: Subscription | undefined;
  private readonly pendingTimers = new Map<number, { callback: () => void; dueMs: number }>();
  private timerCounter = 0;
  private nowMs = 0;
  private localMs: number | undefined;
  private clockRate = 1;
  private windowEndMs = 0;
  private localTimers: LocalTimer[] = [];
  private step: StepResult | undefined;
  private lastState: string | undefined;
  private lastValue: unknown;
  private failure: Error | undefined;
  private persistRequested = false;

  constructor(
    readonly actorId: string,
    private readonly machine: AnyStateMachine,
    private readonly input: Record<string, unknown>,
  ) {}

  /** Runs a window of events in order; never throws for an actor's own error (that is a crash result). */
  runWindow(request: WindowRequest): WindowResult {
    this.clockRate = request.clockRate;
    this.windowEndMs = request.windowEndMs;
    this.localTimers = [];
    const steps: StepResult[] = [];
    const events = request.events;
    let next = 0;
    while (next < events.length || this.localTimers.length > 0) {
      const event = events[next];
      const local = this.localTimers[0];
      let result: StepResult | undefined;
      if (event !== undefined && (local === undefined || event.t <= local.dueMs)) {
        result = this.runEvent(event, next);
        next++;
      } else {
        this.localTimers.shift();
        result = this.fireTimer(local!.timer, local!.dueMs, { timer: local!.timer });
      }
      if (result === undefined) continue;
      steps.push(result);
      if (result.error !== undefined || result.done) break;
    }
    this.localTimers = [];
    return { ok: true, steps };
  }

  /** The actor's current state and context, for the UI and `inspect`. */
  inspect(): { state: unknown; context: unknown; status: string } | undefined {
    if (this.actor === undefined) return undefined;
    const snapshot = this.actor.getSnapshot();
    return { state: snapshot.value, context: snapshot.context, status: snapshot.status };
  }

  /** Stops the actor without running anything more. */
  stop(): void {
    this.subscription?.unsubscribe();
    // Stopping makes XState clear its pending timers; those belong to the dead incarnation,
    // which the supervisor has already forgotten, so they must not be reported as clears
    // (a restarted actor reuses timer ids from 1, and a stale clear would cancel a new timer).
    const step = this.step;
    this.step = undefined;
    this.actor?.stop();
    this.step = step;
    this.actor = undefined;
    this.pendingTimers.clear();
  }

  private runEvent(event: HostEvent, index: number): StepResult | undefined {
    switch (event.kind) {
      case 'start':
        return this.runStep(event.t, { event: index }, () => this.start(event.persisted));
      case 'deliver':
        return this.runStep(event.t, { event: index }, () =>
          this.actor!.send({ ...event.event, from: event.from } as MessageEvent),
        );
      case 'timer':
        return this.fireTimer(event.timer, event.t, { event: index });
    }
  }

  private fireTimer(timer: number, t: number, cause: StepResult['cause']): StepResult | undefined {
    const pending = this.pendingTimers.get(timer);
    // Cleared after the supervisor queued it, or belongs to an earlier incarnation: nothing to run.
    if (pending === undefined) return undefined;
    this.pendingTimers.delete(timer);
    return this.runStep(t, cause, pending.callback);
  }

  private runStep(t: number, cause: StepResult['cause'], body: () => void): StepResult {
    // The local clock advances at the actor's clock rate; it starts at the virtual time of the first start.
    this.localMs = this.localMs === undefined ? t : this.localMs + (t - this.nowMs) * this.clockRate;
    setLocalNowMs(this.localMs);
    this.nowMs = t;
    const step: StepResult = { t, cause, sends: [], facts: [], spawns: [], timersSet: [], timersCleared: [], digest: '' };
    this.step = step;
    this.failure = undefined;
    this.persistRequested = false;
    try {
      body();
    } catch (error) {
      if (error instanceof HardCrash) throw error;
      this.failure = error instanceof Error ? error : new Error(String(error));
    } finally {
      this.step = undefined;
    }
    if (this.actor === undefined) throw new Error(`actor '${this.actorId}' received an event before its start`);
    const snapshot = this.actor.getSnapshot();
    const failure = this.failure ?? (snapshot.status === 'error' ? toError(snapshot.error) : undefined) ?? notPlainData(step);
    // XState catches what actions throw; an intercepted exit must still end the whole window.
    if (failure instanceof HardCrash) throw failure;
    if (failure !== undefined) {
      // A failed step's effects are lost with the actor: nothing it emitted leaves it.
      step.sends = [];
      step.facts = [];
      step.spawns = [];
      step.error = { message: failure.message };
      this.stop();
      return step;
    }
    // Most machines stay in one state for many steps: compare by reference before encoding.
    if (snapshot.value !== this.lastValue) {
      this.lastValue = snapshot.value;
      const state = typeof snapshot.value === 'string' ? `"${snapshot.value}"` : JSON.stringify(snapshot.value);
      if (state !== this.lastState) {
        step.state = state;
        this.lastState = state;
      }
    }
    step.digest = digestValue(snapshot.context);
    if (this.persistRequested) step.persisted = this.persisted();
    if (snapshot.status === 'done') {
      step.done = true;
      this.stop();
    }
    return step;
  }

  private start(persisted: PersistedActor | undefined): void {
    this.stop();
    // Timer ids restart with each incarnation, as they do in a fresh worker after a hard crash (the supervisor cancelled the old ones).
    this.timerCounter = 0;
    this.lastState = undefined;
    this.lastValue = undefined;
    const actor = createActor(this.machine, {
      input: this.input,
      clock: { setTimeout: (fn, ms) => this.setTimer(fn, ms), clearTimeout: (id) => this.clearTimer(id as number) },
      ...(persisted === undefined ? {} : { snapshot: persisted.snapshot as never }),
    });
    this.actor = actor;
    this.subscription = actor.subscribe({ error: (error) => (this.failure = toError(error)) });
    actor.on('*', (emitted: { type: string; [key: string]: unknown }) => this.collect(emitted));
    actor.start();
    if (persisted === undefined) return;
    for (const timer of persisted.timers) {
      // XState does not persist pending delayed events; re-arm them with the time they had left.
      const scheduler = (actor.system as unknown as { scheduler: Scheduler }).scheduler;
      scheduler.schedule(actor, actor, timer.event, timer.remainingMs, timer.xstateId);
    }
    // A restored machine runs no entry actions; this event lets it notice it came back.
    actor.send({ type: RESTORED_EVENT });
  }

  private collect(emitted: { type: string; [key: string]: unknown }): void {
    const step = this.step;
    if (step === undefined) return;
    switch (emitted.type) {
      case SEND_EVENT:
        step.sends.push({ to: emitted.to as string, event: emitted.event as MessageEvent });
        break;
      case FACT_EVENT:
        step.facts.push({ name: emitted.name as string, value: emitted.value });
        break;
      case PERSIST_EVENT:
        this.persistRequested = true;
        break;
      case SPAWN_EVENT:
        step.spawns.push({
          id: emitted.id as string,
          template: emitted.template as string,
          ...(emitted.input === undefined ? {} : { input: emitted.input as Record<string, unknown> }),
        });
        break;
    }
  }

  private setTimer(callback: () => void, delayMs: number): number {
    const timer = ++this.timerCounter;
    const dueMs = this.nowMs + Math.max(0, delayMs) / this.clockRate;
    this.pendingTimers.set(timer, { callback, dueMs });
    this.step?.timersSet.push({ timer, dueMs });
    if (dueMs < this.windowEndMs) insertSorted(this.localTimers, { timer, dueMs });
    return timer;
  }

  private clearTimer(timer: number): void {
    if (!this.pendingTimers.delete(timer)) return;
    this.step?.timersCleared.push(timer);
    const index = this.localTimers.findIndex((local) => local.timer === timer);
    if (index >= 0) this.localTimers.splice(index, 1);
  }

  private persisted(): PersistedActor {
    const actor = this.actor!;
    const scheduled = (actor.system as unknown as { getSnapshot(): { _scheduledEvents: Record<string, ScheduledEvent> } })
      .getSnapshot()._scheduledEvents;
    // XState's scheduled events and our pending timers are created and removed together, so
    // both hold the same timers in the same (insertion) order.
    const dueTimes = [...this.pendingTimers.values()].map((pending) => pending.dueMs);
    const timers: PersistedTimer[] = Object.values(scheduled).map((entry, index) => ({
      xstateId: entry.id,
      event: entry.event,
      remainingMs: Math.max(0, ((dueTimes[index] ?? this.nowMs) - this.nowMs) * this.clockRate),
    }));
    return { snapshot: actor.getPersistedSnapshot(), timers };
  }
}

interface ScheduledEvent {
  id: string;
  event: MessageEvent;
}

interface Scheduler {
  schedule(source: AnyActorRef, target: AnyActorRef, event: MessageEvent, delay: number, id: string): void;
}

function insertSorted(timers: LocalTimer[], timer: LocalTimer): void {
  let index = timers.length;
  while (index > 0 && timers[index - 1]!.dueMs > timer.dueMs) index--;
  timers.splice(index, 0, timer);
}

/** An error when something the step emitted could not cross a thread (or a socket). */
function notPlainData(step: StepResult): Error | undefined {
  for (const send of step.sends) {
    const found = { binary: false };
    const problem = findNotPlainData(send.event, `message '${send.event.type}' to '${send.to}'`, 0, found);
    if (problem !== undefined) return new Error(`${problem} is not plain data; messages must be structured-cloneable`);
    if (found.binary) send.binary = true;
  }
  for (const fact of step.facts) {
    const found = { binary: false };
    const problem = findNotPlainData(fact.value, `fact '${fact.name}'`, 0, found);
    if (problem !== undefined) return new Error(`${problem} is not plain data; facts must be structured-cloneable`);
    if (found.binary) fact.binary = true;
  }
  return undefined;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
