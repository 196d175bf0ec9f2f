/**
 * A tiny virtual-time network for protocol tests: actors created with XState's
 * `createActor` on one shared virtual clock, their `troupe.send` emissions routed with a
 * fixed delay through a filter (drop, duplicate), their facts collected. Time moves one
 * deadline at a time (the earliest timer or delivery), as DESIGN.md asks.
 *
 * Superseded by the testing kit's test network (`createTestNetwork` in troupe/testing),
 * which the protocol tests use. Kept only because bench/mirror.ts still imports it; move
 * that bench to createTestNetwork and delete this file.
 */
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';

interface Pending {
  dueMs: number;
  seq: number;
  run: () => void;
  id: number;
}

export interface Sent {
  atMs: number;
  from: string;
  to: string;
  event: { type: string; [key: string]: unknown };
}

/** What the filter decides for one message: deliver it this many times (0 drops it). */
export type Route = (message: Sent) => number;

export class VirtualNet {
  nowMs = 0;
  readonly actors = new Map<string, AnyActorRef>();
  readonly sent: Sent[] = [];
  readonly facts: { atMs: number; actor: string; name: string; value: unknown }[] = [];
  readonly states = new Map<string, Set<string>>();
  route: Route = () => 1;
  private queue: Pending[] = [];
  private seq = 0;
  private nextId = 0;

  constructor(private readonly delayMs = 5) {}

  add(id: string, machine: AnyStateMachine, input: Record<string, unknown>): AnyActorRef {
    const clock = {
      setTimeout: (fn: () => void, ms: number) => this.schedule(this.nowMs + ms, fn),
      clearTimeout: (handle: unknown) => {
        this.queue = this.queue.filter((entry) => entry.id !== handle);
      },
    };
    const actor = createActor(machine, { input, clock });
    this.states.set(id, new Set());
    actor.subscribe((snapshot) => this.states.get(id)!.add(JSON.stringify(snapshot.value)));
    actor.on('*', (emitted: any) => {
      if (emitted.type === 'troupe.fact') this.facts.push({ atMs: this.nowMs, actor: id, name: emitted.name, value: emitted.value });
      if (emitted.type !== 'troupe.send') return;
      const message: Sent = { atMs: this.nowMs, from: id, to: emitted.to, event: emitted.event };
      this.sent.push(message);
      const copies = this.route(message);
      for (let i = 0; i < copies; i++) this.schedule(this.nowMs + this.delayMs, () => this.actors.get(message.to)?.send({ ...message.event, from: id }));
    });
    this.actors.set(id, actor);
    actor.start();
    return actor;
  }

  /** Stops an actor (a crash): its timers die with it, messages to it are lost. */
  crash(id: string): void {
    this.actors.get(id)?.stop();
    this.actors.delete(id);
  }

  /** Runs every event due up to `untilMs`, one deadline at a time. */
  runUntil(untilMs: number, eventsMax = 100_000): void {
    for (let n = 0; n < eventsMax; n++) {
      this.queue.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
      const next = this.queue[0];
      if (next === undefined || next.dueMs > untilMs) break;
      this.queue.shift();
      this.nowMs = next.dueMs;
      next.run();
    }
    this.nowMs = Math.max(this.nowMs, untilMs);
  }

  /** The latest value of a fact per actor. */
  latest(name: string): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const fact of this.facts) if (fact.name === name && this.actors.has(fact.actor)) out.set(fact.actor, fact.value);
    return out;
  }

  /** Messages of a type sent at or after `fromMs`. */
  count(type: string, fromMs = 0): number {
    return this.sent.filter((message) => message.event.type === type && message.atMs >= fromMs).length;
  }

  private schedule(dueMs: number, run: () => void): number {
    const id = ++this.nextId;
    this.queue.push({ dueMs, seq: this.seq++, run, id });
    return id;
  }
}
