/**
 * The hub handler (SYSTEMS.md §2): one per source connection. It accepts a connection the
 * front hands it (ACCEPT), welcomes the streamer, keeps the stream in a ring buffer, serves
 * every reader from its own position, and reports its receive rate to the streamer.
 *
 * - A FRAME on a connection it does not hold (the hub restarted, or the front moved the
 *   source elsewhere) is refused with RESET, so one source is never handled twice.
 * - Loss: each frame carries the streamer's count of frames sent on the connection, so
 *   lost = sent - received, exactly (on an ordered link).
 * - Readers: READ is answered at once when the reader's position has frames, else parked
 *   until the next frame (long poll). One READ per reader is outstanding, so answers never
 *   overlap (the notebook's out-of-order chunks came from overlapping polls).
 * - Every `reportMs`: RATE to the streamer (also the hub's heartbeat) and a
 *   `datahub.stats` fact for checks and the UI.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { AcceptEvent, AttachEvent, ByeEvent, FrameEvent, ReadEvent, StoredFrame, StreamKind } from './protocol.ts';
import { attachReader, createRing, readFrames, writeFrame, type ReaderCursor, type Ring } from './ringBuffer.ts';

/** Readers one handler serves at most; one more is refused with NO_STREAM and a `datahub.refused` fact. */
export const READERS_MAX = 64;
/** Frames one FRAMES answer carries at most, whatever the reader asked. */
export const FRAMES_PER_READ_MAX = 256;

export interface HubHandlerInput {
  seed: number;
  /** This handler's own actor id (it names itself in WELCOME and ATTACHED). */
  id: string;
  ringCapacity?: number;
  reportMs?: number;
}

export interface HubHandlerContext {
  id: string;
  ringCapacity: number;
  reportMs: number;
  clockMs: number;
  source: string | null;
  kind: StreamKind | null;
  conn: string | null;
  ring: Ring;
  readers: Record<string, ReaderCursor>;
  /** Parked READs: reader -> frames it asked for. */
  parked: Record<string, number>;
  received: number;
  sent: number;
  lastSeq: number;
  receivedInPeriod: number;
}

type HandlerEvent = (AcceptEvent | FrameEvent | ByeEvent | AttachEvent | ReadEvent) & { from?: string };

function answer(context: HubHandlerContext, reader: string, framesMax: number) {
  const cursor = context.readers[reader]!;
  const read = readFrames(context.ring, cursor, Math.min(framesMax, FRAMES_PER_READ_MAX));
  return { ...read, event: { type: 'FRAMES', stream: context.source, frames: read.frames, missed: read.missed } };
}

export const hubHandler = setup({
  types: {
    context: {} as HubHandlerContext,
    events: {} as HandlerEvent,
    input: {} as HubHandlerInput,
    emitted: {} as TroupeEmitted,
  },
  delays: { report: ({ context }) => context.reportMs },
  actions: {
    accept: enqueueActions(({ context, event, enqueue }) => {
      const accept = event as AcceptEvent;
      const sameSource = accept.source === context.source;
      enqueue.assign({
        source: accept.source, kind: accept.kind, conn: accept.conn, received: 0, sent: 0, lastSeq: -1, receivedInPeriod: 0,
        // A new source starts a new stream; a reconnect of the same source keeps its readers and history.
        ...(sameSource ? {} : { ring: createRing(context.ringCapacity), readers: {}, parked: {} }),
      });
      enqueue.emit(sendEvent(accept.source, { type: 'WELCOME', conn: accept.conn, handler: context.id }));
      enqueue.emit(factEvent('datahub.conn', { source: accept.source, conn: accept.conn, kind: accept.kind }));
    }),
    frame: enqueueActions(({ context, event, enqueue }) => {
      const frame = event as FrameEvent;
      if (frame.conn !== context.conn || frame.source !== context.source) {
        enqueue.emit(sendEvent(frame.source, { type: 'RESET', conn: frame.conn }));
        return;
      }
      const stored: StoredFrame = {
        seq: frame.seq, conn: frame.conn, captureMs: frame.captureMs, receivedMs: context.clockMs,
        kind: frame.kind, payload: frame.payload, bytes: frame.payload.byteLength,
      };
      const ring = writeFrame(context.ring, stored);
      const readers = { ...context.readers };
      const parked: Record<string, number> = {};
      const next = { ...context, ring, readers };
      for (const [reader, framesMax] of Object.entries(context.parked)) {
        const served = answer(next, reader, framesMax);
        readers[reader] = served.cursor;
        enqueue.emit(sendEvent(reader, served.event));
      }
      enqueue.assign({ ring, readers, parked, received: context.received + 1, sent: frame.sentCount, lastSeq: frame.seq, receivedInPeriod: context.receivedInPeriod + 1 });
    }),
    bye: enqueueActions(({ context, event, enqueue }) => {
      const bye = event as ByeEvent;
      if (bye.conn !== context.conn || bye.conn === null) return;
      enqueue.assign({ conn: null });
      enqueue.emit(factEvent('datahub.conn', { source: bye.source, conn: null }));
    }),
    attach: enqueueActions(({ context, event, enqueue }) => {
      const attach = event as AttachEvent;
      const known = attach.reader in context.readers;
      if (!known && Object.keys(context.readers).length >= READERS_MAX) {
        enqueue.emit(sendEvent(attach.reader, { type: 'NO_STREAM', stream: attach.stream }));
        enqueue.emit(factEvent('datahub.refused', { reader: attach.reader, readersMax: READERS_MAX }));
        return;
      }
      // A reader subscribing again (after a silence) keeps its position: it must not lose or repeat frames.
      if (!known) enqueue.assign({ readers: { ...context.readers, [attach.reader]: attachReader(context.ring, attach.mode) } });
      enqueue.emit(sendEvent(attach.reader, { type: 'ATTACHED', stream: attach.stream, handler: context.id }));
    }),
    read: enqueueActions(({ context, event, enqueue }) => {
      const reader = event.from!;
      const framesMax = (event as ReadEvent).framesMax;
      if (!(reader in context.readers)) {
        enqueue.emit(sendEvent(reader, { type: 'NOT_ATTACHED' }));
        return;
      }
      const served = answer(context, reader, framesMax);
      if (served.frames.length === 0) {
        enqueue.assign({ parked: { ...context.parked, [reader]: framesMax }, readers: { ...context.readers, [reader]: { ...served.cursor, missed: served.missed } } });
        return;
      }
      enqueue.assign({ readers: { ...context.readers, [reader]: served.cursor } });
      enqueue.emit(sendEvent(reader, served.event));
    }),
    report: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ clockMs: context.clockMs + context.reportMs, receivedInPeriod: 0 });
      if (context.conn === null || context.source === null) return;
      const receivedPerS = (context.receivedInPeriod * 1000) / context.reportMs;
      const lost = context.sent - context.received;
      enqueue.emit(sendEvent(context.source, { type: 'RATE', conn: context.conn, receivedPerS, lost, lastSeq: context.lastSeq }));
      enqueue.emit(factEvent('datahub.stats', {
        source: context.source, conn: context.conn, received: context.received, sent: context.sent, lost, lastSeq: context.lastSeq,
        receivedPerS, readers: Object.keys(context.readers).length,
      }));
    }),
  },
}).createMachine({
  id: 'hub-handler',
  context: ({ input }) => {
    const ringCapacity = input.ringCapacity ?? 64;
    return {
      id: input.id, ringCapacity, reportMs: input.reportMs ?? 500, clockMs: 0,
      source: null, kind: null, conn: null, ring: createRing(ringCapacity), readers: {}, parked: {},
      received: 0, sent: 0, lastSeq: -1, receivedInPeriod: 0,
    };
  },
  on: {
    ACCEPT: { actions: 'accept' },
    FRAME: { actions: 'frame' },
    BYE: { actions: 'bye' },
    ATTACH: { actions: 'attach' },
    READ: { actions: 'read' },
  },
  initial: 'serving',
  states: {
    serving: { after: { report: { target: 'serving', reenter: true, actions: 'report' } } },
  },
});
