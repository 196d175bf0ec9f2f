/**
 * A test network: several test actors on one virtual clock, for a protocol that needs
 * real peers rather than fake ones (an election, gossip, a failure detector). Every
 * message an actor sends goes through `route`, which decides how many copies arrive
 * (0 drops it, 2 duplicates it) after `delayMs`; a message to an actor that is not
 * running when it arrives is lost, like one to a crashed node. Messages already on their
 * way still arrive after their sender crashes. Time moves one deadline at a time.
 */
import type { AnyStateMachine } from 'xstate';
import type { ActorId, MessageEvent } from '../runtime/messages.ts';
import { TestActor, type TestActorOptions } from './testActor.ts';
import { VirtualClock } from './virtualClock.ts';

/** One message as sent, with its virtual time. */
export interface NetworkMessage {
  t: number;
  from: ActorId;
  to: ActorId;
  event: MessageEvent;
}

/** How many copies of a message arrive: 0 drops it, 1 delivers it, 2 duplicates it. */
export type Route = (message: NetworkMessage) => number;

export interface TestNetworkOptions {
  /** Virtual ms from send to delivery. Default 1. */
  delayMs?: number;
  /** Most timers and messages pending at once, all actors together; one more throws. Default 100 000. */
  pendingMax?: number;
  /** Most copies `route` may ask for one message; more throws (a runaway route). Default 10. */
  copiesMax?: number;
}

/**
 * Creates a test network.
 *
 * @example
 * const net = createTestNetwork({ delayMs: 5 });
 * for (const id of ['n1', 'n2']) net.add(id, bullyMachine, { input: { self: id, rank: id, peers: ['n1', 'n2'].filter((p) => p !== id) } });
 * net.advance(50);
 * expect(net.latest('role')).toEqual(new Map([['n1', 'follower'], ['n2', 'leader']]));
 */
export function createTestNetwork(options: TestNetworkOptions = {}): TestNetwork {
  return new TestNetwork(options);
}

/** See createTestNetwork. */
export class TestNetwork {
  readonly clock: VirtualClock;
  /** Every message sent, in order (whatever `route` did with it). */
  readonly sent: NetworkMessage[] = [];
  /** Every fact any actor reported, in order. */
  readonly facts: { t: number; actor: ActorId; name: string; value: unknown }[] = [];
  /** Messages that arrived for an actor that was not running. */
  readonly lost: NetworkMessage[] = [];
  /** Decides the copies of each message; default: one. Replace it at any time (a fault). */
  route: Route = () => 1;
  private readonly byId = new Map<ActorId, TestActor>();
  private readonly everyActor: TestActor[] = [];
  private readonly delayMs: number;
  private readonly copiesMax: number;

  constructor(options: TestNetworkOptions = {}) {
    this.delayMs = options.delayMs ?? 1;
    this.copiesMax = options.copiesMax ?? 10;
    if (!(this.delayMs >= 0)) throw new RangeError(`createTestNetwork delayMs must be >= 0, got ${this.delayMs}`);
    this.clock = new VirtualClock(options.pendingMax ?? 100_000);
  }

  /** The virtual time now. */
  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** Every actor ever added (running or crashed), in the order added: pass them to pathCoverage. */
  get actors(): TestActor[] {
    return [...this.everyActor];
  }

  /** Adds and starts an actor. An id may be added again once its actor crashed (a new node with that id). */
  add(id: ActorId, machine: AnyStateMachine, options: Omit<TestActorOptions, 'id' | 'clock' | 'onSend' | 'onFact'> = {}): TestActor {
    const existing = this.byId.get(id);
    if (existing?.running) throw new Error(`test network: actor '${id}' is already running; crash it first`);
    const actor = new TestActor(machine, {
      ...options,
      id,
      clock: this.clock,
      onSend: ({ t, to, event }) => this.transmit({ t, from: id, to, event }),
      onFact: ({ t, name, value }) => this.facts.push({ t, actor: id, name, value }),
    });
    this.byId.set(id, actor);
    this.everyActor.push(actor);
    return actor;
  }

  /** The actor with this id (the latest one added under it). */
  actor(id: ActorId): TestActor {
    const actor = this.byId.get(id);
    if (actor === undefined) throw new Error(`test network has no actor '${id}'; it has ${[...this.byId.keys()].join(', ')}`);
    return actor;
  }

  /** Crashes an actor: its state and timers are lost, and messages reaching it are lost until it starts again. */
  crash(id: ActorId): void {
    this.actor(id).crash();
  }

  /** Moves virtual time forward by `ms`, one deadline at a time. Returns how many timers and deliveries ran. */
  advance(ms: number): number {
    return this.clock.advance(ms);
  }

  /** Moves virtual time forward to `atMs`, one deadline at a time. */
  advanceTo(atMs: number): number {
    return this.clock.advanceTo(atMs);
  }

  /** The latest value of a fact for each running actor (keys in the order of their first such fact). */
  latest(name: string): Map<ActorId, unknown> {
    const out = new Map<ActorId, unknown>();
    for (const fact of this.facts) if (fact.name === name && this.byId.get(fact.actor)?.running === true) out.set(fact.actor, fact.value);
    return out;
  }

  /** Messages of a type sent at or after `fromMs`. */
  count(type: string, fromMs = 0): number {
    return this.sent.filter((message) => message.event.type === type && message.t >= fromMs).length;
  }

  private transmit(message: NetworkMessage): void {
    this.sent.push(message);
    const copies = this.route(message);
    if (!(Number.isInteger(copies) && copies >= 0 && copies <= this.copiesMax)) throw new RangeError(`test network route must return an integer 0..${this.copiesMax} (copiesMax), got ${copies}`);
    for (let copy = 0; copy < copies; copy++) {
      this.clock.schedule(message.t + this.delayMs, this, () => this.deliver(message), 'the test network');
    }
  }

  private deliver(message: NetworkMessage): void {
    const target = this.byId.get(message.to);
    if (target === undefined || !target.running) {
      this.lost.push(message);
      return;
    }
    target.send(structuredClone(message.event), message.from);
  }
}
