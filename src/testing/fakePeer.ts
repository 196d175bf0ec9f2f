/**
 * Fake peers for a test actor: each answers the messages it receives by rule, after a
 * fixed virtual delay, and remembers what it received. A peer with no rule for a message
 * stays silent (like a crashed or partitioned node), which is how a test drives timeouts.
 */
import type { ActorId, MessageEvent } from '../runtime/messages.ts';

/** What a peer knows when it answers. */
export interface PeerRequest {
  /** The actor under test. */
  from: ActorId;
  /** Virtual time the message was sent. */
  t: number;
  /** How many messages of this type the peer received so far, this one included. */
  count: number;
}

/** An answer: an event, several, or a function of the message (undefined: stay silent). */
export type PeerRule =
  | MessageEvent
  | MessageEvent[]
  | ((event: MessageEvent, request: PeerRequest) => MessageEvent | MessageEvent[] | undefined);

export interface FakePeerOptions {
  /** Virtual ms between receiving a message and the answer arriving. Default 1. */
  delayMs?: number;
  /** Most messages remembered in `received`; older ones are dropped first. Default 10 000. */
  receivedMax?: number;
}

/** A peer that answers by rule. */
export interface FakePeer {
  /** What the peer received, oldest first (at most receivedMax). */
  readonly received: { t: number; event: MessageEvent }[];
  /** The answers to one message, with their delays. Called by the test actor. */
  answer(event: MessageEvent, from: ActorId, t: number): { delayMs: number; event: MessageEvent }[];
}

/**
 * A fake peer answering by message type.
 *
 * @example
 * const higher = fakePeer({ ELECTION: { type: 'OK' } }, { delayMs: 5 });
 * const silent = fakePeer({});
 * const echo = fakePeer({ PING: (event) => ({ type: 'PONG', n: event.n }) });
 */
export function fakePeer(rules: Record<string, PeerRule>, options: FakePeerOptions = {}): FakePeer {
  const delayMs = options.delayMs ?? 1;
  const receivedMax = options.receivedMax ?? 10_000;
  if (!(delayMs >= 0)) throw new RangeError(`fakePeer delayMs must be >= 0, got ${delayMs}`);
  const counts = new Map<string, number>();
  const received: { t: number; event: MessageEvent }[] = [];
  return {
    received,
    answer(event, from, t) {
      received.push({ t, event });
      if (received.length > receivedMax) received.shift();
      const count = (counts.get(event.type) ?? 0) + 1;
      counts.set(event.type, count);
      const rule = rules[event.type];
      if (rule === undefined) return [];
      const answer = typeof rule === 'function' ? rule(event, { from, t, count }) : rule;
      const events = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
      return events.map((reply) => ({ delayMs, event: structuredClone(reply) }));
    },
  };
}
