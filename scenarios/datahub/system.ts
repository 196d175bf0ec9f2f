/** The data hub system's actor lists, shared by the datahub scenarios. */
import type { ActorSpec } from '../../src/runtime/index.ts';
import { hubFront, hubHandler, operator, reader, router, streamer, type OperatorStep, type ReadMode, type StreamerInput, type StreamKind } from '../../src/actors/datahub/index.ts';

export const HUB = 'hub';

/** The hub's front and `handlers` handlers (`handler-1`…). */
export function hubActors(handlers: number, options: { ringCapacity?: number; reportMs?: number } = {}): ActorSpec[] {
  const ids = Array.from({ length: handlers }, (_, i) => `handler-${i + 1}`);
  return [
    { id: HUB, machine: hubFront, input: { handlers: ids } },
    ...ids.map((id) => ({ id, machine: hubHandler, input: { id, ...options } })),
  ];
}

/** The handler ids of a hub with `handlers` handlers. */
export function handlerIds(handlers: number): string[] {
  return Array.from({ length: handlers }, (_, i) => `handler-${i + 1}`);
}

/** One Pi's streamers (`pi-1.eeg`…); sim-sized frames unless overridden. */
export function piActors(pi: string, kinds: StreamKind[], options: Partial<Omit<StreamerInput, 'seed' | 'pi' | 'kind' | 'hub'>> = {}): ActorSpec[] {
  return kinds.map((kind) => ({
    id: `${pi}.${kind}`,
    machine: streamer,
    input: { pi, kind, hub: HUB, frameBytes: 1_500, ...options },
  }));
}

export function readerActor(id: string, stream: string, mode: ReadMode = 'every', options: { processMsPerFrame?: number; framesMax?: number } = {}): ActorSpec {
  return { id, machine: reader, input: { hub: HUB, stream, mode, ...options } };
}

export function routerActor(id: string): ActorSpec {
  return { id, machine: router };
}

export function operatorActor(id: string, steps: OperatorStep[]): ActorSpec {
  return { id, machine: operator, input: { steps } };
}

/** A CONTROL click for `source`, sent to the front at `atMs`. */
export function click(atMs: number, source: string, command: 'START' | 'STOP' | 'SHUTDOWN'): OperatorStep {
  return { atMs, to: HUB, event: { type: 'CONTROL', source, command } };
}
