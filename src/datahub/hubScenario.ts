/**
 * The live hub as a scenario: the front, a pool of handlers, stand-in templates for remote
 * streamers and browser readers, and (for benchmarks) in-hub reader actors. The hub server
 * runs it in `realtime` pacing; worker hosts re-import this file to find the machines, so
 * the actor list is a pure function of the parameters.
 */
import { setup } from 'xstate';
import { defineScenario, type ActorSpec } from '../runtime/index.ts';
import { hubFront, hubHandler, reader, type ReadMode } from '../actors/datahub/index.ts';

export const HUB_FRONT = 'hub';
export const PROXY_TEMPLATE = 'remote';

/**
 * A stand-in for an actor that lives elsewhere (a streamer on an agent, a browser tab): it
 * does nothing; the hub server forwards what is sent to it (see agentGateway.ts).
 */
export const remoteProxy = setup({ types: { context: {} as Record<string, never>, events: {} as { type: string } } }).createMachine({ id: 'remote-proxy', context: {} });

/** `readers`: `id=stream:mode` entries separated by commas (benchmark readers inside the hub). */
export function hubActors(params: { handlers: number; ringCapacity: number; readers: string }): ActorSpec[] {
  const handlers = Array.from({ length: params.handlers }, (_, i) => `handler-${i + 1}`);
  const readers = params.readers === '' ? [] : params.readers.split(',').map((entry) => {
    const [id, rest] = entry.split('=') as [string, string];
    const [stream, mode] = rest.split(':') as [string, ReadMode];
    return { id, machine: reader, input: { hub: HUB_FRONT, stream, mode, silenceMs: 5_000 } } satisfies ActorSpec;
  });
  return [
    { id: HUB_FRONT, machine: hubFront, input: { handlers, proxyTemplate: PROXY_TEMPLATE } },
    ...handlers.map((id) => ({ id, machine: hubHandler, input: { id, ringCapacity: params.ringCapacity, reportMs: 500 } })),
    ...readers,
  ];
}

export default defineScenario({
  name: 'datahub/live-hub',
  description: 'The live data hub: front, handlers, stand-ins for remote Pis and browsers',
  durationMs: 365 * 24 * 3600 * 1000,
  params: { handlers: 16, ringCapacity: 256, readers: '' },
  actors: ({ params }) => hubActors(params),
  templates: { [PROXY_TEMPLATE]: (id) => ({ id, machine: remoteProxy }) },
  // The real network carries the messages; the model adds nothing.
  network: { delayMsMin: 0, delayMsMax: 0, ordered: true },
  restart: { mode: 'scratch', restartsMax: 10, windowMs: 10_000, delayMs: 100 },
});
