/**
 * A test actor: one troupe machine alone, with a virtual clock and a seed, driven from a
 * vitest test without workers or a supervisor. It follows the runtime's rules: delivered
 * events carry `from`, a timer of d local ms at clock rate r is due d / r virtual ms later,
 * time advances one deadline at a time (so a timer set by a timer inside the same advance
 * still fires in order), and what the machine emits lands in an outbox: the messages it
 * sent and the facts it reported. Fake peers (fakePeer.ts) answer its messages by rule;
 * a test network (testNetwork.ts) runs several test actors on one clock.
 */
import { createActor, matchesState, type AnyActorRef, type AnyStateMachine, type InspectionEvent, type StateValue } from 'xstate';
import { FACT_EVENT, PERSIST_EVENT, SEND_EVENT, SPAWN_EVENT } from '../runtime/effects.ts';
import type { ActorId, MessageEvent } from '../runtime/messages.ts';
import type { FakePeer } from './fakePeer.ts';
import { VirtualClock } from './virtualClock.ts';

export interface TestActorOptions {
  /** The actor's id, used as `from` on what peers receive. Default `'actor'`. */
  id?: ActorId;
  /** The machine's input; `seed` is filled in from `seed` unless given. */
  input?: Record<string, unknown>;
  /** The seed for the machine's own generator (`input.seed`). Default 1. */
  seed?: number;
  /** Virtual ms per local ms (a clock-skew fault). Default 1. */
  clockRate?: number;
  /** Fake peers by id: they answer what the actor sends them. */
  peers?: Record<ActorId, FakePeer>;
  /** Start at once. Default true. */
  start?: boolean;
  /** Most timers and replies pending at once on its own clock; one more throws (a runaway machine). Default 10 000. */
  pendingMax?: number;
  /** A clock shared with other test actors (a test network); default a clock of its own. */
  clock?: VirtualClock;
  /** Called with every message no fake peer takes (a test network routes them). */
  onSend?: (send: Outbox['sends'][number]) => void;
  /** Called with every fact as it is reported. */
  onFact?: (fact: Outbox['facts'][number]) => void;
}

/** What the actor did, in order, with the virtual time. */
export interface Outbox {
  sends: { t: number; to: ActorId; event: MessageEvent }[];
  facts: { t: number; name: string; value: unknown }[];
  spawns: { t: number; id: ActorId; template: string; input?: Record<string, unknown> }[];
  /** Times at which the actor asked to persist itself. */
  persists: number[];
}

/**
 * Creates a test actor for one machine.
 *
 * @example
 * const vm = createTestActor(lamportVm, { input: { peers: ['vm-2', 'vm-3'], ticksPerSecond: 2 } });
 * vm.advance(500);
 * expect(vm.outbox.facts[0]?.name).toBe('lamport.rate');
 */
export function createTestActor(machine: AnyStateMachine, options: TestActorOptions = {}): TestActor {
  return new TestActor(machine, options);
}

/** See createTestActor. */
export class TestActor {
  readonly id: ActorId;
  readonly outbox: Outbox = { sends: [], facts: [], spawns: [], persists: [] };
  /** Every state node id ever active and every transition taken (`source|event|targets`), for coverage. */
  readonly visited = { states: new Set<string>(), transitions: new Set<string>() };
  /** The virtual clock it runs on (shared in a test network). */
  readonly clock: VirtualClock;
  private actor: AnyActorRef | undefined;
  /** Owns this incarnation's timers and replies: a crash cancels them. */
  private incarnation = {};
  /** An error thrown while collecting an effect (a fake peer's rule, a network route), raised after the step. */
  private effectError: Error | undefined;
  private readonly clockRate: number;
  private readonly input: Record<string, unknown>;

  constructor(private readonly machine: AnyStateMachine, private readonly options: TestActorOptions = {}) {
    this.id = options.id ?? 'actor';
    this.clockRate = options.clockRate ?? 1;
    if (!(this.clockRate > 0)) throw new RangeError(`clockRate must be > 0, got ${this.clockRate}`);
    this.input = { seed: options.seed ?? 1, ...(options.input ?? {}) };
    this.clock = options.clock ?? new VirtualClock(options.pendingMax ?? 10_000);
    if (options.start !== false) this.start();
  }

  /** The virtual time now. */
  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** True between start() and crash(). */
  get running(): boolean {
    return this.actor !== undefined;
  }

  /** How many of its timers and fake-peer replies are pending. */
  get pendingCount(): number {
    return this.clock.pendingOf(this.incarnation);
  }

  /** Starts the actor (fresh, or from a persisted snapshot), running its entry actions now. */
  start(persisted?: unknown): this {
    this.stopActor();
    const actor = createActor(this.machine, {
      input: this.input,
      clock: { setTimeout: (fn, ms) => this.setTimer(fn, ms), clearTimeout: (id) => this.clock.cancel(id as number) },
      inspect: (event) => this.observe(event),
      ...(persisted === undefined ? {} : { snapshot: persisted as never }),
    });
    this.actor = actor;
    actor.on('*', (emitted: { type: string; [key: string]: unknown }) => {
      // XState reports a throwing listener asynchronously; keep the error for throwIfFailed to raise in the step.
      try {
        this.collect(emitted);
      } catch (error) {
        this.effectError ??= error as Error;
      }
    });
    // Observed so XState does not rethrow it as unhandled; throwIfFailed reports it with the actor and time.
    actor.subscribe({ error: () => {} });
    actor.start();
    this.throwIfFailed('start');
    return this;
  }

  /** Delivers an event now, as if `from` had sent it, and runs the step. */
  send(event: MessageEvent, from: ActorId = 'test'): this {
    const actor = this.runningActor('send');
    actor.send({ ...event, from });
    this.throwIfFailed(`'${event.type}' from ${from}`);
    return this;
  }

  /**
   * Moves virtual time forward by `ms`, firing each due timer and peer reply in time order,
   * one deadline at a time. Returns how many fired.
   */
  advance(ms: number): number {
    return this.clock.advance(ms);
  }

  /** Fires the next due timer or reply, whenever it is. Returns its time, or undefined when nothing is pending. */
  advanceToNext(): number | undefined {
    return this.clock.advanceToNext();
  }

  /** When the next timer or reply is due, if any. */
  get nextDueMs(): number | undefined {
    return this.clock.nextDueMs;
  }

  /** The current state value. */
  get state(): StateValue {
    return this.runningActor('state').getSnapshot().value;
  }

  /** The current context. */
  get context(): any {
    return this.runningActor('context').getSnapshot().context;
  }

  /** The XState snapshot (status, value, context, matches…). */
  get snapshot(): any {
    return this.runningActor('snapshot').getSnapshot();
  }

  /** True when the state matches `value` (`'held'`, `{ election: 'waiting' }`). */
  matches(value: StateValue): boolean {
    return matchesState(value, this.state);
  }

  /** Throws an error that shows the actual state unless the state matches `value`. */
  expectState(value: StateValue): this {
    if (!this.matches(value)) throw new Error(`actor '${this.id}' at t=${this.nowMs} ms is in ${JSON.stringify(this.state)}, expected ${JSON.stringify(value)}`);
    return this;
  }

  /** The events sent so far, optionally only to `to` and of `type`. */
  sent(to?: ActorId, type?: string): MessageEvent[] {
    return this.outbox.sends.filter((send) => (to === undefined || send.to === to) && (type === undefined || send.event.type === type)).map((send) => send.event);
  }

  /** The last value reported for a fact, or undefined. */
  lastFact(name: string): unknown {
    for (let i = this.outbox.facts.length - 1; i >= 0; i--) if (this.outbox.facts[i]!.name === name) return this.outbox.facts[i]!.value;
    return undefined;
  }

  /** Returns the outbox so far and empties it, for assertions step by step. */
  takeOutbox(): Outbox {
    const taken = { sends: [...this.outbox.sends], facts: [...this.outbox.facts], spawns: [...this.outbox.spawns], persists: [...this.outbox.persists] };
    this.outbox.sends.length = this.outbox.facts.length = this.outbox.spawns.length = this.outbox.persists.length = 0;
    return taken;
  }

  /** The persisted snapshot, as `persist()` would store it (pending timers are not in it). */
  persistedSnapshot(): unknown {
    return this.runningActor('persist').getPersistedSnapshot();
  }

  /** Stops the actor, losing its state, timers and the replies on their way (a crash). */
  crash(): this {
    this.stopActor();
    return this;
  }

  private runningActor(what: string): AnyActorRef {
    if (this.actor === undefined) throw new Error(`actor '${this.id}' is not running (${what}); call start() first`);
    return this.actor;
  }

  private throwIfFailed(what: string): void {
    const effectError = this.effectError;
    this.effectError = undefined;
    if (effectError !== undefined) throw new Error(`actor '${this.id}' at t=${this.nowMs} ms, on ${what}: ${effectError.message}`, { cause: effectError });
    const snapshot = this.actor?.getSnapshot();
    if (snapshot?.status === 'error') throw new Error(`actor '${this.id}' failed on ${what} at t=${this.nowMs} ms: ${String((snapshot.error as Error)?.message ?? snapshot.error)}`);
  }

  private stopActor(): void {
    this.actor?.stop();
    this.actor = undefined;
    this.clock.cancelOwner(this.incarnation);
    this.incarnation = {};
  }

  private setTimer(callback: () => void, delayMs: number): number {
    const owner = this.incarnation;
    const id: number = this.clock.schedule(this.nowMs + Math.max(0, delayMs) / this.clockRate, owner, () => {
      callback();
      this.throwIfFailed(`timer ${id}`);
    }, `actor '${this.id}'`);
    return id;
  }

  private collect(emitted: { type: string; [key: string]: unknown }): void {
    const t = this.nowMs;
    switch (emitted.type) {
      case SEND_EVENT: {
        const to = emitted.to as ActorId;
        const event = emitted.event as MessageEvent;
        this.outbox.sends.push({ t, to, event });
        const peer = this.options.peers?.[to];
        if (peer === undefined) this.options.onSend?.({ t, to, event });
        for (const reply of peer?.answer(event, this.id, t) ?? []) {
          this.clock.schedule(t + reply.delayMs, this.incarnation, () => this.send(reply.event, to), `actor '${this.id}'`);
        }
        break;
      }
      case FACT_EVENT: {
        const fact = { t, name: emitted.name as string, value: emitted.value };
        this.outbox.facts.push(fact);
        this.options.onFact?.({ ...fact });
        break;
      }
      case SPAWN_EVENT:
        this.outbox.spawns.push({ t, id: emitted.id as ActorId, template: emitted.template as string, ...(emitted.input === undefined ? {} : { input: emitted.input as Record<string, unknown> }) });
        break;
      case PERSIST_EVENT:
        this.outbox.persists.push(t);
        break;
    }
  }

  private observe(event: InspectionEvent): void {
    if (event.actorRef !== this.actor) return;
    // Microstep snapshots count too: a transient state (left at once by an eventless
    // transition) is active only between microsteps, never in a macrostep's snapshot.
    if (event.type === '@xstate.snapshot' || event.type === '@xstate.microstep') {
      for (const node of (event.snapshot as { _nodes?: { id: string }[] })._nodes ?? []) this.visited.states.add(node.id);
    }
    if (event.type === '@xstate.microstep') {
      for (const transition of event._transitions) {
        this.visited.transitions.add(transitionKey(transition.source.id, transition.eventType, (transition.target ?? []).map((node) => node.id)));
      }
    }
  }
}

/** The event label of an eventless (`always`) transition in transition keys. */
export const ALWAYS_EVENT = 'always';

/**
 * The key a transition is counted under: `source|event|target,…` (no target: an internal
 * transition; an eventless transition's event is `always`).
 *
 * @example
 * transitionKey('bully.deciding', '', ['bully.leader']) // => 'bully.deciding|always|bully.leader'
 */
export function transitionKey(source: string, eventType: string, targets: readonly string[]): string {
  return `${source}|${eventType === '' ? ALWAYS_EVENT : eventType}|${targets.join(',')}`;
}
