/**
 * The data hub's promises (SYSTEMS.md §2), checked on the trace alone:
 * - frames reach each reader in order (per connection);
 * - every lost frame is counted: a handler's `sent - received` equals the FRAME messages
 *   the network dropped on that connection;
 * - a streamer never runs two streams: its frames' numbers rise by one, never two at once;
 * - after a hub restart every Pi streams again within the search period plus one connect;
 * - two readers of one stream each get every frame;
 * - a reader's latency stays bounded, and a reader that fell behind is told exactly how
 *   many frames it missed;
 * - a crashed Pi's log is at the hub up to its last period.
 */
import type { Check, TraceView } from '../../runtime/checks.ts';
import { liveness, safety } from '../../runtime/checks.ts';
import type { TraceRecord } from '../../runtime/trace.ts';
import type { FrameEvent, FramesEvent, StoredFrame } from './protocol.ts';
import { decodeLines } from './sources.ts';

type Violation = { atMs: number; detail: string } | undefined;
type SendRecord = Extract<TraceRecord, { kind: 'send' }>;

/** A FRAME as sent by a streamer (unwrapped from RELAY), with its trace times. */
export interface SentFrame {
  frame: FrameEvent;
  sentMs: number;
  msg: number;
}

/** One FRAMES answer delivered to a reader. */
export interface ReaderBatch {
  reader: string;
  stream: string;
  atMs: number;
  frames: StoredFrame[];
  missed: number;
}

/** Indexes a trace once: FRAME sends, batches delivered to readers, network drops. */
export class HubTraceIndex {
  readonly framesSent: SentFrame[] = [];
  readonly batches: ReaderBatch[] = [];
  /** Frame key (source|conn|seq) -> first send time. */
  readonly sentAt = new Map<string, number>();
  readonly droppedFrames: SentFrame[] = [];
  /** Frames delivered to a handler: handler -> frames in delivery order. */
  readonly handled = new Map<string, { frame: FrameEvent; atMs: number }[]>();

  constructor(view: TraceView) {
    const sends = new Map<number, SendRecord>();
    const frameOf = (send: SendRecord): FrameEvent | undefined => {
      const event = send.event as { type: string; event?: { type: string } };
      if (event.type === 'FRAME') return event as unknown as FrameEvent;
      if (event.type === 'RELAY' && event.event?.type === 'FRAME') return event.event as unknown as FrameEvent;
      return undefined;
    };
    for (const record of view.records) {
      if (record.kind === 'send') {
        sends.set(record.msg, record);
        const frame = frameOf(record);
        if (frame !== undefined && record.actor === frame.source) {
          this.framesSent.push({ frame, sentMs: record.t, msg: record.msg });
          this.sentAt.set(frameKey(frame.source, frame.conn, frame.seq), record.t);
        }
      } else if (record.kind === 'drop') {
        const send = sends.get(record.msg);
        const frame = send === undefined ? undefined : frameOf(send);
        if (frame !== undefined) this.droppedFrames.push({ frame, sentMs: send!.t, msg: record.msg });
      } else if (record.kind === 'deliver') {
        const send = sends.get(record.msg);
        if (send === undefined) continue;
        if (send.event.type === 'FRAMES') {
          const batch = send.event as unknown as FramesEvent;
          this.batches.push({ reader: record.actor, stream: batch.stream, atMs: record.t, frames: batch.frames, missed: batch.missed });
        } else if (send.event.type === 'FRAME') {
          let list = this.handled.get(record.actor);
          if (list === undefined) this.handled.set(record.actor, (list = []));
          list.push({ frame: send.event as unknown as FrameEvent, atMs: record.t });
        }
      }
    }
  }

  batchesOf(reader: string): ReaderBatch[] {
    return this.batches.filter((batch) => batch.reader === reader);
  }
}

export function frameKey(source: string, conn: string, seq: number): string {
  return `${source}|${conn}|${seq}`;
}

const cache = new WeakMap<TraceView, HubTraceIndex>();
function indexOf(view: TraceView): HubTraceIndex {
  let index = cache.get(view);
  if (index === undefined) cache.set(view, (index = new HubTraceIndex(view)));
  return index;
}

/** Frames reach each reader in order: sequence numbers rise within a connection. */
export const framesInOrder: Check = safety('frames reach each reader in order', (view) => {
  const last = new Map<string, { conn: string; seq: number }>();
  for (const batch of indexOf(view).batches) {
    for (const frame of batch.frames) {
      const previous = last.get(batch.reader);
      if (previous !== undefined && previous.conn === frame.conn && frame.seq <= previous.seq) {
        return { atMs: batch.atMs, detail: `${batch.reader} got frame ${frame.seq} after ${previous.seq} on connection ${frame.conn}` };
      }
      last.set(batch.reader, { conn: frame.conn, seq: frame.seq });
    }
  }
  return undefined;
});

/** Every lost frame counted: each `datahub.stats` fact's loss equals the frames the network dropped on that connection. */
export const lossCountedExactly: Check = safety('every lost frame is counted (sent - received = frames the network dropped)', (view) => {
  const index = indexOf(view);
  for (const fact of view.facts('datahub.stats')) {
    const stats = fact.value as { source: string; conn: string; sent: number; lost: number };
    const dropped = index.droppedFrames.filter(({ frame }) => frame.source === stats.source && frame.conn === stats.conn && frame.sentCount <= stats.sent).length;
    if (dropped !== stats.lost) {
      return { atMs: fact.t, detail: `${fact.actor} reports ${stats.lost} lost on ${stats.source} connection ${stats.conn}; the network dropped ${dropped}` };
    }
  }
  return undefined;
});

/** A streamer's frames are numbered one after another, one at a time: never two loops. */
export const neverTwoStreams: Check = safety('stop/start never yields two streams', (view) => {
  const last = new Map<string, { seq: number; fps: number; sentMs: number }>();
  for (const record of view.records) {
    if (record.kind === 'start') last.delete(record.actor); // a restarted streamer numbers from 0 again
    if (record.kind !== 'send' || record.event.type !== 'FRAME' && record.event.type !== 'RELAY') continue;
    const event = record.event as { type: string; event?: FrameEvent };
    const frame = (event.type === 'FRAME' ? event : event.event) as FrameEvent | undefined;
    if (frame?.type !== 'FRAME' || frame.source !== record.actor) continue;
    const previous = last.get(record.actor);
    if (previous !== undefined) {
      if (frame.seq !== previous.seq + 1) return { atMs: record.t, detail: `${record.actor} sent frame ${frame.seq} after ${previous.seq}` };
      const periodMs = 1000 / Math.max(previous.fps, frame.fps);
      if (record.t - previous.sentMs < periodMs * 0.99) {
        return { atMs: record.t, detail: `${record.actor} sent two frames ${record.t - previous.sentMs} ms apart (period ${periodMs} ms): two loops` };
      }
    }
    last.set(record.actor, { seq: frame.seq, fps: frame.fps, sentMs: record.t });
  }
  return undefined;
});

/**
 * After the hub's last restart, every streamer in `sources` sends a frame on a new connection
 * within `withinMs` (the search period plus one connect).
 */
export function backAfterHubRestart(hub: string, sources: readonly string[], withinMs: number): Check {
  const restartMs = (view: TraceView) => {
    const restarts = view.records.filter((r) => r.kind === 'start' && r.actor === hub && r.mode !== 'initial');
    return restarts[restarts.length - 1]?.t ?? 0;
  };
  return liveness(`every Pi streams again within ${withinMs} ms of the hub's restart`, restartMs, withinMs, (view, fromMs) => {
    const handled = indexOf(view).handled;
    let latest = -Infinity;
    for (const source of sources) {
      let first: number | undefined;
      for (const list of handled.values()) {
        for (const { frame, atMs } of list) {
          if (frame.source === source && atMs >= fromMs && (first === undefined || atMs < first)) first = atMs;
        }
      }
      if (first === undefined) return undefined;
      latest = Math.max(latest, first);
    }
    return latest;
  });
}

/** Each reader in `readers` gets every frame its handler received between its first and last batch, and misses none. */
export function everyReaderGetsEverySample(readers: readonly string[]): Check {
  return safety(`${readers.join(' and ')} each get every sample`, (view) => {
    const index = indexOf(view);
    for (const reader of readers) {
      const batches = index.batchesOf(reader);
      const got = batches.flatMap((batch) => batch.frames);
      if (got.length === 0) return { atMs: view.durationMs, detail: `${reader} got no frames` };
      const missed = batches.reduce((sum, batch) => sum + batch.missed, 0);
      if (missed > 0) return { atMs: batches.find((b) => b.missed > 0)!.atMs, detail: `${reader} missed ${missed} frames` };
      const stream = batches[0]!.stream;
      const seen = new Set(got.map((f) => `${f.conn}|${f.seq}`));
      const stored = [...index.handled.values()].flat().filter(({ frame }) => frame.source === stream).map(({ frame, atMs }) => ({ key: `${frame.conn}|${frame.seq}`, atMs, seq: frame.seq }));
      const from = stored.findIndex((entry) => entry.key === `${got[0]!.conn}|${got[0]!.seq}`);
      const to = stored.findIndex((entry) => entry.key === `${got[got.length - 1]!.conn}|${got[got.length - 1]!.seq}`);
      for (let k = from; k >= 0 && k <= to; k++) {
        if (!seen.has(stored[k]!.key)) return { atMs: stored[k]!.atMs, detail: `${reader} never got frame ${stored[k]!.seq} of ${stream}` };
      }
      if (from < 0 || to < 0) return { atMs: view.durationMs, detail: `${reader} got frames its handler never received` };
    }
    return undefined;
  });
}

/** Every frame a reader gets arrives within `boundMs` of its capture (its send by the streamer). */
export function latencyBounded(reader: string, boundMs: number, fromMs = 0): Check {
  return safety(`${reader}'s frames arrive within ${boundMs} ms of capture`, (view) => {
    const index = indexOf(view);
    for (const batch of index.batchesOf(reader)) {
      if (batch.atMs < fromMs) continue;
      for (const frame of batch.frames) {
        const sentMs = index.sentAt.get(frameKey(batch.stream, frame.conn, frame.seq));
        if (sentMs !== undefined && batch.atMs - sentMs > boundMs) {
          return { atMs: batch.atMs, detail: `${reader} got frame ${frame.seq} ${Math.round(batch.atMs - sentMs)} ms after capture (bound ${boundMs} ms)` };
        }
      }
    }
    return undefined;
  });
}

/** A reader that fell behind was told exactly how many frames it missed (no network loss assumed), and it did fall behind. */
export function toldWhatItMissed(reader: string): Check {
  return safety(`${reader} falls behind and is told exactly how much it missed`, (view) => {
    const batches = indexOf(view).batchesOf(reader);
    let previous: StoredFrame | undefined;
    let told = 0;
    for (const batch of batches) {
      const first = batch.frames[0];
      if (first !== undefined && previous !== undefined && first.conn === previous.conn) {
        const gap = first.seq - previous.seq - 1;
        if (gap !== batch.missed) return { atMs: batch.atMs, detail: `${reader} skipped ${gap} frames but was told ${batch.missed}` };
      }
      told += batch.missed;
      previous = batch.frames[batch.frames.length - 1] ?? previous;
    }
    return told > 0 ? undefined : { atMs: view.durationMs, detail: `${reader} never fell behind the ring (missed nothing)` };
  });
}

/**
 * A crashed Pi's log is at the hub up to its last period: every line stamped at or before
 * (crash time - `periodMs`) of the incarnation that crashed reached a handler.
 */
export function logUpToLastPeriod(logSource: string, periodMs: number, lineMs: number): Check {
  return safety(`${logSource}'s log reaches the hub up to its last period before a crash`, (view) => {
    const crash = view.records.find((r) => r.kind === 'crash' && r.actor === logSource);
    if (crash === undefined) return { atMs: view.durationMs, detail: `${logSource} never crashed` };
    const start = view.records.filter((r) => r.kind === 'start' && r.actor === logSource && r.t <= crash.t).pop()!;
    const lines = new Set<number>();
    for (const list of indexOf(view).handled.values()) {
      for (const { frame, atMs } of list) {
        if (frame.source !== logSource || atMs < start.t) continue;
        for (const line of decodeLines(frame.payload)) lines.add(Number(/#(\d+)/.exec(line)?.[1]));
      }
    }
    const dueLines = Math.floor((crash.t - start.t - periodMs) / lineMs);
    for (let n = 0; n < dueLines; n++) {
      if (!lines.has(n)) return { atMs: crash.t, detail: `line #${n} (at ${start.t + (n + 1) * lineMs} ms) of ${logSource} never reached the hub; crash at ${crash.t} ms` };
    }
    if (dueLines <= 0) return { atMs: crash.t, detail: `${logSource} crashed before writing a period of log` };
    return undefined;
  });
}

/** The checks every data hub scenario runs. */
export const datahubChecks: Check[] = [framesInOrder, lossCountedExactly, neverTwoStreams];
