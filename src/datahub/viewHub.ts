/**
 * Browser readers and the one-minute archive, on the hub server. Each browser tab is a
 * reader like any other: a stand-in actor (`view-N`) subscribes through the front and
 * reads from its own position in the handler's ring. The server moves its READ/FRAMES over
 * the supervisor (live inputs, recorded) and the tab's WebSocket, and sends the next READ
 * only when the socket has drained below `VIEW_BUFFERED_BYTES_MAX`, so a slow tab falls
 * behind in the ring (and skips, told how much) instead of queueing in memory.
 * EEG and pulse chunks go through the processing pool first, in order per tab.
 */
import type { WebSocket } from 'ws';
import type { Supervisor, TraceRecord } from '../runtime/index.ts';
import type { FramesEvent, StoredFrame, StreamKind } from '../actors/datahub/index.ts';
import { decodeLines } from '../actors/datahub/index.ts';
import { decodeFrameHeader } from '../devices/camera/index.ts';
import { CYTON_CHANNELS } from '../devices/openbci/index.ts';
import { HUB_FRONT } from './hubScenario.ts';
import type { ProcessingPool } from './processingPool.ts';
import type { EegResult, PulseResult } from './processing.ts';

export const VIEW_BUFFERED_BYTES_MAX = 1024 * 1024;
/** Tabs open at once at most; one more is closed with 1013 (try again later). */
export const VIEWERS_MAX = 64;
/** Rows the CSV archive keeps per stream: one minute at 250 Hz. */
export const ARCHIVE_ROWS_MAX = 60 * 250;
const READ_FRAMES_MAX = 32;

interface Viewer {
  id: string;
  stream: string;
  kind: StreamKind;
  socket: WebSocket | undefined;
  handler: string | undefined;
  chain: Promise<void>;
  filterState: Float64Array | null;
  tail: Float64Array | null;
  chunks: number;
  closed: boolean;
  missed: number;
  framesRead: number;
}

interface Archive {
  rows: Float32Array[];
  times: number[];
}

/**
 * @example
 * const views = new ViewHub(supervisor, pool);
 * wss.on('connection', (socket, request) => views.attach(socket, 'pi-1.eeg'));
 */
export class ViewHub {
  private readonly viewers = new Map<string, Viewer>();
  private readonly archives = new Map<string, Archive>();
  private readonly kinds = new Map<string, StreamKind>();
  private readonly stats = new Map<string, unknown>();
  private nextId = 1;
  private readonly unsubscribe: () => void;

  constructor(private readonly supervisor: Supervisor, private readonly pool: ProcessingPool) {
    this.unsubscribe = supervisor.trace.subscribe((record) => this.onRecord(record));
  }

  /** The streams the front has routed, with their latest statistics. */
  streams(): { stream: string; kind: StreamKind; stats: unknown }[] {
    return [...this.kinds].map(([stream, kind]) => ({ stream, kind, stats: this.stats.get(stream) ?? null }));
  }

  /** A browser tab reading `stream`. */
  attach(socket: WebSocket, stream: string): void {
    if (this.viewers.size >= VIEWERS_MAX) {
      socket.close(1013, `at most ${VIEWERS_MAX} viewers`);
      return;
    }
    const viewer = this.open(stream, socket);
    socket.on('message', (data) => this.onBrowser(viewer, String(data)));
    socket.on('close', () => this.closeViewer(viewer));
  }

  /** The last minute of an EEG or pulse stream as CSV (time since stream start, then one column per channel). */
  exportCsv(stream: string): string | undefined {
    const archive = this.archives.get(stream);
    if (archive === undefined) return undefined;
    const width = archive.rows[0]?.length ?? 0;
    const header = ['time_s', ...Array.from({ length: width }, (_, c) => (this.kinds.get(stream) === 'pulse' ? 'pulse' : `ch${c + 1}_uV`))].join(',');
    const lines = archive.rows.map((row, i) => [archive.times[i]!.toFixed(3), ...Array.from(row, (v) => v.toFixed(3))].join(','));
    return [header, ...lines].join('\n') + '\n';
  }

  close(): void {
    this.unsubscribe();
    for (const viewer of this.viewers.values()) viewer.closed = true;
  }

  private open(stream: string, socket: WebSocket | undefined): Viewer {
    const id = `view-${this.nextId++}`;
    const viewer: Viewer = {
      id, stream, kind: this.kinds.get(stream) ?? 'eeg', socket, handler: undefined, chain: Promise.resolve(),
      filterState: null, tail: null, chunks: 0, closed: false, missed: 0, framesRead: 0,
    };
    this.viewers.set(id, viewer);
    this.submit(HUB_FRONT, 'views', { type: 'SPAWN_PROXIES', ids: [id] });
    this.subscribe(viewer);
    return viewer;
  }

  private subscribe(viewer: Viewer): void {
    if (viewer.closed) return;
    viewer.kind = this.kinds.get(viewer.stream) ?? viewer.kind;
    this.submit(HUB_FRONT, viewer.id, { type: 'SUBSCRIBE', stream: viewer.stream, mode: viewer.kind === 'video' ? 'latest' : 'every' });
  }

  private closeViewer(viewer: Viewer): void {
    viewer.closed = true;
    this.viewers.delete(viewer.id);
  }

  private onBrowser(viewer: Viewer, text: string): void {
    let message: { type?: string; command?: string };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === 'control' && ['START', 'STOP', 'SHUTDOWN'].includes(String(message.command))) {
      this.submit(HUB_FRONT, viewer.id, { type: 'CONTROL', source: viewer.stream, command: message.command });
    }
  }

  private submit(to: string, from: string, event: { type: string; [key: string]: unknown }): void {
    try {
      this.supervisor.submit({ kind: 'message', to, from, event });
    } catch {
      // The run ended or the target is unknown: nothing to do for a viewer.
    }
  }

  private onRecord(record: TraceRecord): void {
    if (record.kind === 'fact') return this.onFact(record);
    if (record.kind !== 'send' || record.deliverAtMs.length === 0) return;
    const viewer = this.viewers.get(record.to);
    if (viewer === undefined || viewer.closed) return;
    switch (record.event.type) {
      case 'ATTACHED':
        viewer.handler = record.actor;
        this.read(viewer);
        return;
      case 'NO_STREAM':
      case 'NOT_ATTACHED':
        setTimeout(() => this.subscribe(viewer), 500);
        return;
      case 'FRAMES':
        viewer.chain = viewer.chain.then(() => this.deliver(viewer, record.event as unknown as FramesEvent)).catch(() => {}).then(() => this.readWhenDrained(viewer));
    }
  }

  private onFact(record: Extract<TraceRecord, { kind: 'fact' }>): void {
    if (record.name === 'datahub.route') {
      const route = record.value as { source: string; kind: StreamKind };
      const known = this.kinds.has(route.source);
      this.kinds.set(route.source, route.kind);
      if (!known && (route.kind === 'eeg' || route.kind === 'pulse')) {
        this.archives.set(route.source, { rows: [], times: [] });
        this.open(route.source, undefined); // the archive reads like a tab without a screen
      }
    } else if (record.name === 'datahub.stats') {
      const stats = record.value as { source: string };
      this.stats.set(stats.source, stats);
    }
  }

  private read(viewer: Viewer): void {
    if (!viewer.closed && viewer.handler !== undefined) this.submit(viewer.handler, viewer.id, { type: 'READ', framesMax: READ_FRAMES_MAX });
  }

  private readWhenDrained(viewer: Viewer): void {
    if (viewer.closed) return;
    if (viewer.socket !== undefined && viewer.socket.bufferedAmount > VIEW_BUFFERED_BYTES_MAX) {
      setTimeout(() => this.readWhenDrained(viewer), 20);
      return;
    }
    this.read(viewer);
  }

  private async deliver(viewer: Viewer, batch: FramesEvent): Promise<void> {
    viewer.missed += batch.missed;
    viewer.framesRead += batch.frames.length;
    const messages: unknown[] = [];
    for (const frame of batch.frames) {
      const message = await this.render(viewer, frame);
      if (message !== undefined) messages.push(message);
    }
    const socket = viewer.socket;
    if (socket === undefined || socket.readyState !== socket.OPEN) return;
    const stats = this.stats.get(viewer.stream);
    socket.send(JSON.stringify({ type: 'batch', stream: viewer.stream, kind: viewer.kind, missed: batch.missed, missedTotal: viewer.missed, framesRead: viewer.framesRead, stats, messages }));
  }

  private async render(viewer: Viewer, frame: StoredFrame): Promise<unknown> {
    switch (frame.kind) {
      case 'eeg': {
        const spectra = viewer.socket !== undefined && viewer.chunks++ % 10 === 0;
        const result = (await this.pool.run({ kind: 'eeg', packets: frame.payload, filterState: viewer.filterState, tail: viewer.tail, spectra })) as EegResult;
        viewer.filterState = result.filterState;
        viewer.tail = result.tail;
        const startSample = frame.seq * result.samples;
        if (viewer.socket === undefined) return this.archive(viewer.stream, result.raw, result.samples, CYTON_CHANNELS, startSample);
        const channels = Array.from({ length: CYTON_CHANNELS }, (_, c) => Array.from(result.filtered.subarray(c * result.samples, (c + 1) * result.samples), round2));
        return {
          type: 'eeg', seq: frame.seq, startTimeS: startSample / 250, channels,
          ...(result.spectra === undefined ? {} : { spectra: { frequenciesHz: Array.from(result.spectra.frequenciesHz), power: result.spectra.power.map((p) => Array.from(p, round4)), bands: result.spectra.bands } }),
        };
      }
      case 'pulse': {
        const result = (await this.pool.run({ kind: 'pulse', samples: frame.payload, tail: viewer.tail })) as PulseResult;
        viewer.tail = result.tail;
        const startSample = frame.seq * result.values.length;
        if (viewer.socket === undefined) return this.archive(viewer.stream, result.values, result.values.length, 1, startSample);
        return { type: 'pulse', seq: frame.seq, startTimeS: startSample / 250, values: Array.from(result.values), bpm: result.bpm };
      }
      case 'video': {
        const header = decodeFrameHeader(frame.payload);
        const thumb = Buffer.from(frame.payload, 32, Math.min(48 * 36, frame.payload.byteLength - 32)).toString('base64');
        return { type: 'video', seq: frame.seq, bytes: frame.bytes, quality: header.quality, width: header.width, height: header.height, captureMs: header.captureTimeMs, thumb };
      }
      case 'log':
        return { type: 'log', seq: frame.seq, lines: decodeLines(frame.payload) };
      case 'sensehat':
        return { type: 'sensehat', seq: frame.seq, reading: JSON.parse(new TextDecoder().decode(frame.payload)) };
    }
  }

  private archive(stream: string, values: Float32Array, samples: number, channels: number, startSample: number): undefined {
    const archive = this.archives.get(stream);
    if (archive === undefined) return undefined;
    for (let i = 0; i < samples; i++) {
      const row = new Float32Array(channels);
      for (let c = 0; c < channels; c++) row[c] = values[c * samples + i]!;
      archive.rows.push(row);
      archive.times.push((startSample + i) / 250);
    }
    const excess = archive.rows.length - ARCHIVE_ROWS_MAX;
    if (excess > 0) {
      archive.rows.splice(0, excess);
      archive.times.splice(0, excess);
    }
    return undefined;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function round4(value: number): number {
  return Number(value.toPrecision(4));
}
