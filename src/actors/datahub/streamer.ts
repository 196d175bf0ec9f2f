/**
 * The streamer (SYSTEMS.md §2): one per Pi per stream (EEG, video, pulse, Sense HAT, log).
 *
 * Two parallel regions:
 * - `clock`: one tick per frame period, always. A tick advances the streamer's clock and,
 *   when connected and wanted, sends one frame. There is exactly one loop, so a second
 *   START cannot start a second stream (the notebook's worst bug); START/STOP only set
 *   `wanted`, and repeating one is harmless.
 * - `link`: off (until powered on) -> searching (HELLO now and every `searchPeriodMs`)
 *   -> connected (on WELCOME) -> back to searching when the hub says RESET (it restarted
 *   and no longer knows the connection) or is silent for `hubSilenceMs` (no RATE report).
 *
 * Time: actors have no clock to read; the streamer counts its own ticks (`clockMs`, ms
 * since this incarnation started), exact because every tick fires after its own delay.
 * Frames carry it as `captureMs`. Checks measure latency on the trace's times instead.
 *
 * Backpressure (video, `adapt`): every RATE report echoes the last sequence number the hub
 * received; frames still in flight = last sent - last received. Over `targetLagMs` of
 * frames in flight the streamer cuts its frame rate by a quarter and its quality by 10;
 * with at most one in flight it adds 1 fps and 5 quality back (AIMD, like TCP).
 *
 * Logs: a line every `logLineMs`; each tick (one per `logPeriodMs`) sends the lines not yet
 * sent, and SHUTDOWN flushes them first, so a crash loses at most one period of lines.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import type { ControlEvent, FrameEvent, RateEvent, ResetEvent, StreamKind, WelcomeEvent } from './protocol.ts';
import { encodeLines, eegPackets, logLine, pulseSamples, senseHatReading, videoFrame } from './sources.ts';

/** Log lines one frame carries at most; the rest go with the next tick (never dropped). */
export const LOG_LINES_PER_FRAME_MAX = 2_000;
const SAMPLE_RATE_HZ = 250;

export interface StreamerInput {
  seed: number;
  pi: string;
  kind: StreamKind;
  /** The hub front's actor id. */
  hub: string;
  /** When set, every message to the hub goes through this router (a shared uplink). */
  via?: string;
  device?: string;
  name?: string;
  /** Frames per second (logs: one frame per `logPeriodMs`). */
  fps?: number;
  fpsMin?: number;
  fpsMax?: number;
  quality?: number;
  qualityMin?: number;
  /** Video: mean frame bytes at quality 75 (50 000 is 640×480; scenarios use less). */
  frameBytes?: number;
  searchPeriodMs?: number;
  hubSilenceMs?: number;
  /** Stream as soon as connected (default true). */
  autoStart?: boolean;
  /** Stay off until then (a Pi switched on later). */
  powerOnAtMs?: number;
  /** Video: adapt frame rate and quality to the hub's reports (default true). */
  adapt?: boolean;
  targetLagMs?: number;
  logPeriodMs?: number;
  logLineMs?: number;
}

export interface StreamerContext {
  seed: number;
  pi: string;
  source: string;
  kind: StreamKind;
  hub: string;
  via: string | undefined;
  device: string;
  name: string;
  fps: number;
  fpsMin: number;
  fpsMax: number;
  quality: number;
  qualityMin: number;
  frameBytes: number;
  searchPeriodMs: number;
  hubSilenceMs: number;
  powerOnAtMs: number;
  adapt: boolean;
  targetLagMs: number;
  logLineMs: number;
  /** Ms since this incarnation started, counted by ticks. */
  clockMs: number;
  wanted: boolean;
  attempt: number;
  conn: string | null;
  handler: string | null;
  /** Next frame number; frames sent so far in this incarnation. */
  seq: number;
  sentOnConn: number;
  /** Samples (EEG packets, pulse samples) produced so far: the device keeps running. */
  samples: number;
  /** The next log line to send. */
  logNext: number;
}

type StreamerEvent = (WelcomeEvent | RateEvent | ResetEvent | ControlEvent) & { from?: string };

function toHub(context: StreamerContext, to: string, event: { type: string; [key: string]: unknown }) {
  return context.via === undefined ? sendEvent(to, event) : sendEvent(context.via, { type: 'RELAY', to, event });
}

function framePayload(context: StreamerContext): { payload: ArrayBuffer; samples: number; logNext: number } | undefined {
  const perFrame = Math.max(1, Math.round(SAMPLE_RATE_HZ / context.fps));
  switch (context.kind) {
    case 'eeg':
      return { payload: eegPackets(context.seed, context.samples, perFrame), samples: context.samples + perFrame, logNext: context.logNext };
    case 'pulse':
      return { payload: pulseSamples(context.seed, context.samples, perFrame), samples: context.samples + perFrame, logNext: context.logNext };
    case 'video':
      return { payload: videoFrame(context.seed, context.seq, context.clockMs, context.quality, context.frameBytes), samples: context.samples, logNext: context.logNext };
    case 'sensehat':
      return { payload: senseHatReading(context.seed, context.seq, 1000 / context.fps), samples: context.samples, logNext: context.logNext };
    case 'log': {
      const due = Math.floor(context.clockMs / context.logLineMs);
      const end = Math.min(due, context.logNext + LOG_LINES_PER_FRAME_MAX);
      if (end <= context.logNext) return undefined;
      const lines: string[] = [];
      for (let n = context.logNext; n < end; n++) lines.push(logLine(context.pi, n, (n + 1) * context.logLineMs));
      return { payload: encodeLines(lines), samples: context.samples, logNext: end };
    }
  }
}

interface FrameEnqueue {
  emit(event: TroupeEmitted): void;
  assign(values: Partial<StreamerContext>): void;
}

/** Sends the next frame, if connected and there is something to send. */
function frameEffects(context: StreamerContext, enqueue: FrameEnqueue): void {
  if (context.conn === null || context.handler === null) return;
  const made = framePayload(context);
  if (made === undefined) return;
  const frame: FrameEvent = {
    type: 'FRAME', source: context.source, conn: context.conn, seq: context.seq, sentCount: context.sentOnConn + 1,
    captureMs: context.clockMs, kind: context.kind, payload: made.payload, fps: context.fps, quality: context.quality,
  };
  enqueue.emit(toHub(context, context.handler, frame as unknown as { type: string }));
  enqueue.assign({ seq: context.seq + 1, sentOnConn: context.sentOnConn + 1, samples: made.samples, logNext: made.logNext });
}

export const streamer = setup({
  types: {
    context: {} as StreamerContext,
    events: {} as StreamerEvent,
    input: {} as StreamerInput,
    emitted: {} as TroupeEmitted,
  },
  delays: {
    framePeriod: ({ context }) => 1000 / context.fps,
    searchPeriod: ({ context }) => context.searchPeriodMs,
    hubSilence: ({ context }) => context.hubSilenceMs,
    powerOn: ({ context }) => context.powerOnAtMs,
  },
  guards: {
    sameConn: ({ context, event }) => 'conn' in event && event.conn === context.conn,
    poweredLater: ({ context }) => context.powerOnAtMs > 0,
  },
  actions: {
    tick: enqueueActions(({ context, enqueue }) => {
      const ticked = { ...context, clockMs: context.clockMs + 1000 / context.fps };
      enqueue.assign({ clockMs: ticked.clockMs });
      if (context.wanted) frameEffects(ticked, enqueue);
    }),
    hello: enqueueActions(({ context, enqueue }) => {
      const attempt = context.attempt + 1;
      enqueue.assign({ attempt });
      enqueue.emit(toHub(context, context.hub, { type: 'HELLO', source: context.source, pi: context.pi, kind: context.kind, device: context.device, name: context.name, attempt }));
    }),
    connect: enqueueActions(({ event, enqueue }) => {
      const welcome = event as WelcomeEvent;
      enqueue.assign({ conn: welcome.conn, handler: welcome.handler, sentOnConn: 0 });
      enqueue.emit(factEvent('datahub.link', { state: 'connected', conn: welcome.conn, handler: welcome.handler }));
    }),
    disconnect: enqueueActions(({ enqueue }) => {
      enqueue.assign({ conn: null, handler: null });
      enqueue.emit(factEvent('datahub.link', { state: 'searching' }));
    }),
    adapt: enqueueActions(({ context, event, enqueue }) => {
      const report = event as RateEvent;
      if (context.kind !== 'video' || !context.adapt || report.lastSeq < 0) return;
      const inFlight = context.seq - 1 - report.lastSeq;
      const lagMs = (inFlight * 1000) / context.fps;
      if (lagMs > context.targetLagMs) {
        enqueue.assign({ fps: Math.max(context.fpsMin, Math.floor(context.fps * 0.75)), quality: Math.max(context.qualityMin, context.quality - 10) });
      } else if (inFlight <= 1) {
        enqueue.assign({ fps: Math.min(context.fpsMax, context.fps + 1), quality: Math.min(75, context.quality + 5) });
      }
    }),
    control: enqueueActions(({ context, event, enqueue }) => {
      const command = (event as ControlEvent).command;
      if (command === 'SHUTDOWN') return;
      const wanted = command === 'START';
      enqueue.emit(factEvent('datahub.control', { command, effect: wanted === context.wanted ? 'ignored' : wanted ? 'started' : 'stopped' }));
      enqueue.assign({ wanted });
    }),
    flushAndBye: enqueueActions(({ context, enqueue }) => {
      // The lines not yet sent, then the goodbye: a shutdown loses no line already written.
      if (context.kind === 'log') frameEffects(context, enqueue);
      if (context.handler !== null) enqueue.emit(toHub(context, context.handler, { type: 'BYE', source: context.source, conn: context.conn }));
      enqueue.emit(factEvent('datahub.link', { state: 'shutdown' }));
    }),
  },
}).createMachine({
  id: 'streamer',
  context: ({ input }) => {
    const kind = input.kind;
    const fps = input.fps ?? (kind === 'log' ? 1000 / (input.logPeriodMs ?? 1000) : kind === 'sensehat' ? 1 : 10);
    return {
      seed: input.seed, pi: input.pi, source: `${input.pi}.${kind}`, kind, hub: input.hub, via: input.via,
      device: input.device ?? defaultDevice(kind), name: input.name ?? `${input.pi} ${kind}`,
      fps, fpsMin: input.fpsMin ?? Math.min(fps, 2), fpsMax: input.fpsMax ?? fps,
      quality: input.quality ?? 75, qualityMin: input.qualityMin ?? 30, frameBytes: input.frameBytes ?? 50_000,
      searchPeriodMs: input.searchPeriodMs ?? 5_000, hubSilenceMs: input.hubSilenceMs ?? 3_000,
      powerOnAtMs: input.powerOnAtMs ?? 0, adapt: input.adapt ?? true, targetLagMs: input.targetLagMs ?? 300,
      logLineMs: input.logLineMs ?? 100,
      clockMs: 0, wanted: input.autoStart ?? true, attempt: 0, conn: null, handler: null,
      seq: 0, sentOnConn: 0, samples: 0, logNext: 0,
    };
  },
  initial: 'running',
  states: {
    running: {
      type: 'parallel',
      on: {
        CONTROL: [
          { guard: ({ event }) => event.command === 'SHUTDOWN', target: 'halted', actions: 'flushAndBye' },
          { actions: 'control' },
        ],
      },
      states: {
        clock: {
          initial: 'ticking',
          states: { ticking: { after: { framePeriod: { target: 'ticking', reenter: true, actions: 'tick' } } } },
        },
        link: {
          initial: 'booting',
          states: {
            booting: { always: [{ guard: 'poweredLater', target: 'off' }, { target: 'searching' }] },
            off: { after: { powerOn: 'searching' } },
            searching: {
              entry: 'hello',
              after: { searchPeriod: { target: 'searching', reenter: true } },
              on: { WELCOME: { target: 'connected', actions: 'connect' } },
            },
            connected: {
              after: { hubSilence: { target: 'searching', actions: 'disconnect' } },
              on: {
                RATE: { guard: 'sameConn', target: 'connected', reenter: true, actions: 'adapt' },
                RESET: { guard: 'sameConn', target: 'searching', actions: 'disconnect' },
              },
            },
          },
        },
      },
    },
    halted: { type: 'final' },
  },
});

function defaultDevice(kind: StreamKind): string {
  return { eeg: 'OpenBCI Cyton', video: 'Pi camera', pulse: 'PulseSensor', sensehat: 'Sense HAT', log: 'syslog' }[kind];
}
