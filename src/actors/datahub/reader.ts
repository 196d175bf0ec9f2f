/**
 * A reader of one stream (a browser tab, an analysis process): subscribes through the hub's
 * front, then reads with one READ outstanding at a time, spending `processMsPerFrame` on
 * each frame it gets before asking again. A slow reader therefore falls behind; the
 * handler skips it ahead when its position leaves the ring and tells it how many frames it
 * missed (a `datahub.missed` fact here). When the hub goes quiet for `silenceMs` or says it
 * does not know the reader (it restarted), the reader subscribes again.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { AttachedEvent, FramesEvent, NoStreamEvent, NotAttachedEvent, ReadMode } from './protocol.ts';

export interface ReaderInput {
  seed: number;
  hub: string;
  stream: string;
  mode?: ReadMode;
  /** Frames asked for per READ (default 16). */
  framesMax?: number;
  /** Time spent per frame received before the next READ (default 0: a fast reader). */
  processMsPerFrame?: number;
  /** Ask the front again after this long without an answer (default 3 000 ms). */
  silenceMs?: number;
  /** Wait before asking again after NO_STREAM (default 500 ms). */
  retryMs?: number;
}

export interface ReaderContext {
  hub: string;
  stream: string;
  mode: ReadMode;
  framesMax: number;
  processMsPerFrame: number;
  silenceMs: number;
  retryMs: number;
  handler: string | null;
  /** Frames in the last batch (sets the processing delay). */
  lastBatch: number;
  framesRead: number;
  missedTotal: number;
}

type ReaderEvent = (AttachedEvent | FramesEvent | NoStreamEvent | NotAttachedEvent) & { from?: string };

export const reader = setup({
  types: {
    context: {} as ReaderContext,
    events: {} as ReaderEvent,
    input: {} as ReaderInput,
    emitted: {} as TroupeEmitted,
  },
  delays: {
    silence: ({ context }) => context.silenceMs,
    retry: ({ context }) => context.retryMs,
    processing: ({ context }) => context.lastBatch * context.processMsPerFrame,
  },
  guards: {
    slow: ({ context }) => context.processMsPerFrame > 0,
  },
  actions: {
    subscribe: enqueueActions(({ context, enqueue }) => {
      enqueue.emit(sendEvent(context.hub, { type: 'SUBSCRIBE', stream: context.stream, mode: context.mode }));
    }),
    read: enqueueActions(({ context, enqueue }) => {
      if (context.handler !== null) enqueue.emit(sendEvent(context.handler, { type: 'READ', framesMax: context.framesMax }));
    }),
    take: enqueueActions(({ context, event, enqueue }) => {
      const batch = event as FramesEvent;
      enqueue.assign({ lastBatch: batch.frames.length, framesRead: context.framesRead + batch.frames.length, missedTotal: context.missedTotal + batch.missed });
      if (batch.missed > 0) enqueue.emit(factEvent('datahub.missed', { stream: context.stream, missed: batch.missed, missedTotal: context.missedTotal + batch.missed }));
    }),
  },
}).createMachine({
  id: 'reader',
  context: ({ input }) => ({
    hub: input.hub, stream: input.stream, mode: input.mode ?? 'every', framesMax: input.framesMax ?? 16,
    processMsPerFrame: input.processMsPerFrame ?? 0, silenceMs: input.silenceMs ?? 3_000, retryMs: input.retryMs ?? 500,
    handler: null, lastBatch: 0, framesRead: 0, missedTotal: 0,
  }),
  initial: 'subscribing',
  states: {
    subscribing: {
      entry: 'subscribe',
      after: { silence: { target: 'subscribing', reenter: true } },
      on: {
        ATTACHED: { target: 'reading', actions: enqueueActions(({ event, enqueue }) => enqueue.assign({ handler: event.from ?? (event as AttachedEvent).handler })) },
        NO_STREAM: 'waiting',
      },
    },
    waiting: { after: { retry: 'subscribing' } },
    reading: {
      entry: 'read',
      after: { silence: 'subscribing' },
      on: {
        FRAMES: [
          { guard: 'slow', target: 'processing', actions: 'take' },
          { target: 'reading', reenter: true, actions: 'take' },
        ],
        NOT_ATTACHED: 'subscribing',
      },
    },
    processing: {
      after: { processing: 'reading' },
      // An answer to an earlier READ cannot come: one READ is outstanding at a time.
    },
  },
});
