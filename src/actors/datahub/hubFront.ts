/**
 * The hub's front (SYSTEMS.md §2): the address every Pi searches for and every reader asks.
 *
 * - HELLO from a streamer: a new connection number, and the source goes to a handler: the
 *   one it had before (a reconnect), else the first free one of the pool. The handler
 *   welcomes the streamer itself, so no frame can reach it before it knows the connection.
 * - SUBSCRIBE from a reader: forwarded to the handler carrying that stream (ATTACH), or
 *   NO_STREAM when no Pi streams it yet (the reader asks again later).
 * - CONTROL (start, stop, shut down) from a person: forwarded to the streamer.
 * - `spawnProxy` (remote agents, src/datahub): SPAWN_PROXIES asks the supervisor to start a
 *   stand-in actor for each remote streamer or browser reader, once per id.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, spawnEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { ControlEvent, HelloEvent, ReadMode, StreamKind, SubscribeEvent } from './protocol.ts';

/** Proxies one front starts at most over its life; more are refused with a `datahub.refused` fact. */
export const PROXIES_MAX = 512;

export interface HubFrontInput {
  seed: number;
  /** The handler pool, in the order they are handed out. */
  handlers: string[];
  /** Template name for remote stand-ins (see src/datahub); absent in pure simulations. */
  proxyTemplate?: string;
}

export interface Route {
  handler: string;
  conn: string;
  pi: string;
  kind: StreamKind;
  device: string;
  name: string;
}

export interface HubFrontContext {
  handlers: string[];
  proxyTemplate: string | undefined;
  routes: Record<string, Route>;
  nextConn: number;
  proxies: string[];
}

export interface SpawnProxiesEvent {
  type: 'SPAWN_PROXIES';
  ids: string[];
}

type FrontEvent = (HelloEvent | SubscribeEvent | ControlEvent | SpawnProxiesEvent) & { from?: string };

export const hubFront = setup({
  types: {
    context: {} as HubFrontContext,
    events: {} as FrontEvent,
    input: {} as HubFrontInput,
    emitted: {} as TroupeEmitted,
  },
  actions: {
    hello: enqueueActions(({ context, event, enqueue }) => {
      const hello = event as HelloEvent;
      const taken = new Set(Object.entries(context.routes).filter(([source]) => source !== hello.source).map(([, route]) => route.handler));
      const handler = context.routes[hello.source]?.handler ?? context.handlers.find((candidate) => !taken.has(candidate));
      if (handler === undefined) {
        enqueue.emit(factEvent('datahub.refused', { source: hello.source, reason: 'no free handler', handlersMax: context.handlers.length }));
        return;
      }
      // The count restarts with the front; the streamer's attempt does not (it searched again), so
      // a frame of a connection from before a hub restart never passes for one of a new connection.
      const conn = `${context.nextConn}/${hello.attempt}`;
      const route: Route = { handler, conn, pi: hello.pi, kind: hello.kind, device: hello.device, name: hello.name };
      enqueue.assign({ routes: { ...context.routes, [hello.source]: route }, nextConn: context.nextConn + 1 });
      enqueue.emit(sendEvent(handler, { type: 'ACCEPT', source: hello.source, pi: hello.pi, kind: hello.kind, device: hello.device, name: hello.name, conn }));
      enqueue.emit(factEvent('datahub.route', { source: hello.source, ...route }));
    }),
    subscribe: enqueueActions(({ context, event, enqueue }) => {
      const subscribe = event as SubscribeEvent;
      const route = context.routes[subscribe.stream];
      if (route === undefined) {
        enqueue.emit(sendEvent(event.from!, { type: 'NO_STREAM', stream: subscribe.stream }));
        return;
      }
      enqueue.emit(sendEvent(route.handler, { type: 'ATTACH', reader: event.from!, stream: subscribe.stream, mode: subscribe.mode satisfies ReadMode }));
    }),
    control: enqueueActions(({ context, event, enqueue }) => {
      const control = event as ControlEvent;
      if (context.routes[control.source] === undefined) {
        enqueue.emit(factEvent('datahub.refused', { source: control.source, reason: 'unknown source', command: control.command }));
        return;
      }
      enqueue.emit(sendEvent(control.source, { type: 'CONTROL', source: control.source, command: control.command }));
    }),
    spawnProxies: enqueueActions(({ context, event, enqueue }) => {
      const template = context.proxyTemplate;
      if (template === undefined) return;
      const proxies = [...context.proxies];
      for (const id of (event as SpawnProxiesEvent).ids) {
        if (proxies.includes(id)) continue;
        if (proxies.length >= PROXIES_MAX) {
          enqueue.emit(factEvent('datahub.refused', { proxy: id, reason: 'too many proxies', proxiesMax: PROXIES_MAX }));
          continue;
        }
        proxies.push(id);
        enqueue.emit(spawnEvent(id, template, {}));
      }
      enqueue.assign({ proxies });
    }),
  },
}).createMachine({
  id: 'hub-front',
  context: ({ input }) => ({ handlers: input.handlers, proxyTemplate: input.proxyTemplate, routes: {}, nextConn: 1, proxies: [] }),
  on: {
    HELLO: { actions: 'hello' },
    SUBSCRIBE: { actions: 'subscribe' },
    CONTROL: { actions: 'control' },
    SPAWN_PROXIES: { actions: 'spawnProxies' },
  },
});
