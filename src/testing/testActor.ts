/**
 * A test actor: one troupe machine alone, with a virtual clock and a seed, driven from a
 * vitest test without workers or a supervisor. It follows the runtime's rules: delivered
 * events carry `from`, a timer of d local ms at clock rate r is due d / r virtual ms later,
 * time advances one deadline at a time (so a timer set by a timer inside the same advance
 * still fires in order), and what the machine emits lands in an outbox: the messages it
 * sent and the facts it reported. Fake peers (fakePeer.ts) answer its messages by rule.
 */
import { createActor, matchesState, type AnyActorRef, type AnyStateMachine, type InspectionEvent, type StateValue } from 'xstate';
import { FACT_EVENT, PERSIST_EVENT, SEND_EVENT, SPAWN_EVENT } from '../runtime/effects.ts';
import type { ActorId, MessageEvent } from '../runtime/messages.ts';
import type { FakePeer } from './fakePeer.ts';

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
  /** Most timers and replies pending at once; one more throws (a runaway machine). Default 10 000. */
  pendingMax?: number;
}

/** What the actor did, in order, with the virtual time. */
export interface Outbox {
  sends: { t: number; to: ActorId; event: MessageEvent }[];
  facts: { t: number; name: string; value: unknown }[];
  spawns: { t: number; id: ActorId; template: string; input?: Record<string, unknown> }[];
  /** Times at which the actor asked to persist itself. */
  persists: number[];
}

type Pending =
  | { dueMs: number; order: number; kind: 'timer'; id: number; callback: () => void }
  | { dueMs: number; order: number; kind: 'deliver'; from: ActorId; event: MessageEvent };

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
  private actor: AnyActorRef | undefined;
  private pending: Pending[] = [];
  private order = 0;
  private timerCounter = 0;
  private now = 0;
  private readonly clockRate: number;
  private readonly input: Record<string, unknown>;
  private readonly pendingMax: number;

  constructor(private readonly machine: AnyStateMachine, private readonly options: TestActorOptions = {}) {
    this.id = options.id ?? 'actor';
    this.clockRate = options.clockRate ?? 1;
    if (!(this.clockRate > 0)) throw new RangeError(`clockRate must be > 0, got ${this.clockRate}`);
    this.input = { seed: options.seed ?? 1, ...(options.input ?? {}) };
    this.pendingMax = options.pendingMax ?? 10_000;
    if (options.start !== false) this.start();
  }

  /** The virtual time now. */
  get nowMs(): number {
    return this.now;
  }

  /** Starts the actor (fresh, or from a persisted snapshot), running its entry actions now. */
  start(persisted?: unknown): this {
    this.stopActor();
    const actor = createActor(this.machine, {
      input: this.input,
      clock: { setTimeout: (fn, ms) => this.setTimer(fn, ms), clearTimeout: (id) => this.clearTimer(id as number) },
      inspect: (event) => this.observe(event),
      ...(persisted === undefined ? {} : { snapshot: persisted as never }),
    });
    this.actor = actor;
    actor.on('*', (emitted: { type: string; [key: string]: unknown }) => this.collect(emitted));
    // Observed so XState does not rethrow it as unhandled; throwIfFailed reports it with the actor and time.
    actor.subscribe({ error: () => {} });
    actor.start();
    this.throwIfFailed('start');
    return this;
  }

  /** Delivers an event now, as if `from` had sent it, and runs the step. */
  send(event: MessageEvent, from: ActorId = 'test'): this {
    const actor = this.running('send');
    actor.send({ ...event, from });
    this.throwIfFailed(`'${event.type}' from ${from}`);
    return this;
  }

  /**
   * Moves virtual time forward by `ms`, firing each due timer and peer reply in time order,
   * one deadline at a time. Returns how many fired.
   */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs ms >= 0, got ${ms}`);
    const target = this.now + ms;
    let fired = 0;
    for (let next = this.pending[0]; next !== undefined && next.dueMs <= target; next = this.pending[0]) {
      this.fireNext();
      fired++;
    }
    this.now = target;
    return fired;
  }

  /** Fires the next due timer or reply, whenever it is. Returns its time, or undefined when nothing is pending. */
  advanceToNext(): number | undefined {
    if (this.pending.length === 0) return undefined;
    return this.fireNext();
  }

  /** When the next timer or reply is due, if any. */
  get nextDueMs(): number | undefined {
    return this.pending[0]?.dueMs;
  }

  /** The current state value. */
  get state(): StateValue {
    return this.running('state').getSnapshot().value;
  }

  /** The current context. */
  get context(): any {
    return this.running('context').getSnapshot().context;
  }

  /** The XState snapshot (status, value, context, matches…). */
  get snapshot(): any {
    return this.running('snapshot').getSnapshot();
  }

  /** True when the state matches `value` (`'held'`, `{ election: 'waiting' }`). */
  matches(value: StateValue): boolean {
    return matchesState(value, this.state);
  }

  /** Throws an error that shows the actual state unless the state matches `value`. */
  expectState(value: StateValue): this {
    if (!this.matches(value)) throw new Error(`actor '${this.id}' at t=${this.now} ms is in ${JSON.stringify(this.state)}, expected ${JSON.stringify(value)}`);
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
    return this.running('persist').getPersistedSnapshot();
  }

  /** Stops the actor, losing its state, timers and the replies on their way (a crash). */
  crash(): this {
    this.stopActor();
    return this;
  }

  private running(what: string): AnyActorRef {
    if (this.actor === undefined) throw new Error(`actor '${this.id}' is not running (${what}); call start() first`);
    return this.actor;
  }

  private fireNext(): number {
    const next = this.pending.shift()!;
    this.now = Math.max(this.now, next.dueMs);
    if (next.kind === 'timer') {
      next.callback();
      this.throwIfFailed(`timer ${next.id}`);
    } else {
      this.send(next.event, next.from);
    }
    return next.dueMs;
  }

  private throwIfFailed(what: string): void {
    const snapshot = this.actor?.getSnapshot();
    if (snapshot?.status === 'error') throw new Error(`actor '${this.id}' failed on ${what} at t=${this.now} ms: ${String((snapshot.error as Error)?.message ?? snapshot.error)}`);
  }

  private stopActor(): void {
    this.actor?.stop();
    this.actor = undefined;
    this.pending = [];
  }

  private schedule(entry: Omit<Pending, 'order'> & { dueMs: number }): void {
    if (this.pending.length >= this.pendingMax) throw new Error(`actor '${this.id}' has ${this.pendingMax} timers and replies pending (pendingMax): a runaway machine?`);
    const full = { ...entry, order: ++this.order } as Pending;
    let index = this.pending.length;
    while (index > 0 && this.pending[index - 1]!.dueMs > full.dueMs) index--;
    this.pending.splice(index, 0, full);
  }

  private setTimer(callback: () => void, delayMs: number): number {
    const id = ++this.timerCounter;
    this.schedule({ dueMs: this.now + Math.max(0, delayMs) / this.clockRate, kind: 'timer', id, callback } as Pending);
    return id;
  }

  private clearTimer(id: number): void {
    this.pending = this.pending.filter((entry) => !(entry.kind === 'timer' && entry.id === id));
  }

  private collect(emitted: { type: string; [key: string]: unknown }): void {
    const t = this.now;
    switch (emitted.type) {
      case SEND_EVENT: {
        const to = emitted.to as ActorId;
        const event = emitted.event as MessageEvent;
        this.outbox.sends.push({ t, to, event });
        const peer = this.options.peers?.[to];
        for (const reply of peer?.answer(event, this.id, t) ?? []) {
          this.schedule({ dueMs: t + reply.delayMs, kind: 'deliver', from: to, event: reply.event } as Pending);
        }
        break;
      }
      case FACT_EVENT:
        this.outbox.facts.push({ t, name: emitted.name as string, value: emitted.value });
        break;
      case SPAWN_EVENT:
        this.outbox.spawns.push({ t, id: emitted.id as ActorId, template: emitted.template as string, ...(emitted.input === undefined ? {} : { input: emitted.input as Record<string, unknown> }) });
        break;
      case PERSIST_EVENT:
        this.outbox.persists.push(t);
        break;
    }
  }

  private observe(event: InspectionEvent): void {
    if (event.type === '@xstate.snapshot' && event.actorRef === this.actor) {
      for (const node of (event.snapshot as { _nodes?: { id: string }[] })._nodes ?? []) this.visited.states.add(node.id);
    }
    if (event.type === '@xstate.microstep' && event.actorRef === this.actor) {
      for (const transition of event._transitions) {
        this.visited.transitions.add(transitionKey(transition.source.id, transition.eventType, (transition.target ?? []).map((node) => node.id)));
      }
    }
  }
}

/** The key a transition is counted under: `source|event|target,…` (no target: an internal transition). */
export function transitionKey(source: string, eventType: string, targets: readonly string[]): string {
  return `${source}|${eventType}|${targets.join(',')}`;
}
