/**
 * The actor contract: how a plain XState machine talks to the world. A machine never
 * calls another actor or a device; it emits requests that the host collects after each
 * step and hands to the supervisor:
 *
 * - `sendMessage(to, event)`: a message through the (simulated or real) network;
 * - `emitFact(name, value)`: a fact for checks and the UI (`role`, `leader`, `clock`);
 * - `requestSpawn(id, template, input)`: ask the supervisor to start a new actor;
 * - `persist()`: snapshot the actor (with its pending timers) for a restart from snapshot.
 *
 * Each helper is an XState `emit` action, so it works in `entry`, `actions` and, through
 * the `…Event` builders, inside `enqueueActions`. A delivered event carries `from`, the
 * sender's id, set by the runtime (like a source address on a packet).
 */
import { emit } from 'xstate';
import type { ActorId, MessageEvent } from './messages.ts';

export const SEND_EVENT = 'troupe.send';
export const FACT_EVENT = 'troupe.fact';
export const SPAWN_EVENT = 'troupe.spawn';
export const PERSIST_EVENT = 'troupe.persist';
/** Sent to a machine right after it was restored from its persisted snapshot (it runs no entry actions then). */
export const RESTORED_EVENT = 'troupe.restored';

/** The emitted event that asks the network to carry `event` to `to`. */
export interface SendEmitted {
  type: typeof SEND_EVENT;
  to: ActorId;
  event: MessageEvent;
}
export interface FactEmitted {
  type: typeof FACT_EVENT;
  name: string;
  value: unknown;
}
export interface SpawnEmitted {
  type: typeof SPAWN_EVENT;
  id: ActorId;
  template: string;
  input?: Record<string, unknown>;
}
export interface PersistEmitted {
  type: typeof PERSIST_EVENT;
}
/** Everything a troupe machine may emit; declare it as `types.emitted` in `setup`. */
export type TroupeEmitted = SendEmitted | FactEmitted | SpawnEmitted | PersistEmitted;

type Resolver<TArgs, T> = T | ((args: TArgs) => T);
// XState action arguments (context, event…); kept loose so the helpers fit any machine.
type ActionArgs = any;

function resolve<T>(value: Resolver<ActionArgs, T>, args: ActionArgs): T {
  return typeof value === 'function' ? (value as (a: ActionArgs) => T)(args) : value;
}

/**
 * A send request as an emitted event, for `enqueueActions`.
 *
 * @example
 * enqueueActions(({ enqueue, context }) => {
 *   for (const peer of context.peers) enqueue.emit(sendEvent(peer, { type: 'PING' }));
 * })
 */
export function sendEvent(to: ActorId, event: MessageEvent): SendEmitted {
  return { type: SEND_EVENT, to, event };
}

/**
 * An XState action that sends a message to another actor through the supervisor.
 *
 * @example
 * entry: sendMessage(({ context }) => context.peer, ({ context }) => ({ type: 'HELLO', clock: context.clock }))
 */
export function sendMessage(to: Resolver<ActionArgs, ActorId>, event: Resolver<ActionArgs, MessageEvent>) {
  return emit<any, any, any, any, SendEmitted>((args: ActionArgs) => sendEvent(resolve(to, args), resolve(event, args)));
}

/**
 * A fact as an emitted event, for `enqueueActions`.
 *
 * @example
 * enqueue.emit(factEvent('role', 'leader'))
 */
export function factEvent(name: string, value: unknown): FactEmitted {
  return { type: FACT_EVENT, name, value };
}

/**
 * An XState action that reports a fact (recorded in the trace, read by checks and the UI).
 *
 * @example
 * entry: emitFact('role', 'leader')
 */
export function emitFact(name: string, value: Resolver<ActionArgs, unknown>) {
  return emit<any, any, any, any, FactEmitted>((args: ActionArgs) => factEvent(name, resolve(value, args)));
}

/**
 * A spawn request as an emitted event, for `enqueueActions`.
 *
 * @example
 * enqueue.emit(spawnEvent('server-4', 'chat-server', { peers }))
 */
export function spawnEvent(id: ActorId, template: string, input?: Record<string, unknown>): SpawnEmitted {
  return input === undefined ? { type: SPAWN_EVENT, id, template } : { type: SPAWN_EVENT, id, template, input };
}

/**
 * An XState action that asks the supervisor to start a new actor from a scenario template.
 *
 * @example
 * actions: requestSpawn(({ context }) => ({ id: `server-${context.next}`, template: 'chat-server' }))
 */
export function requestSpawn(request: Resolver<ActionArgs, { id: ActorId; template: string; input?: Record<string, unknown> }>) {
  return emit<any, any, any, any, SpawnEmitted>((args: ActionArgs) => {
    const { id, template, input } = resolve(request, args);
    return spawnEvent(id, template, input);
  });
}

/**
 * An XState action that persists the actor's snapshot and pending timers, so a crash with
 * restart mode `snapshot` resumes from here.
 *
 * @example
 * actions: [assign({ log: … }), persist()]
 */
export function persist() {
  return emit<any, any, any, any, PersistEmitted>({ type: PERSIST_EVENT });
}
