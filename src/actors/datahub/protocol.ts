/**
 * The data hub's messages (SYSTEMS.md §2), shared by the streamer, the hub front, the hub
 * handlers, the readers and the uplink router. Every message is plain structured-cloneable
 * data; frame payloads are `ArrayBuffer`s.
 *
 * Connection: streamer --HELLO--> front --ACCEPT--> handler --WELCOME--> streamer; then
 * FRAMEs from the streamer and RATE reports back. Reading: reader --SUBSCRIBE--> front
 * --ATTACH--> handler --ATTACHED--> reader; then READ/FRAMES, one READ outstanding at a time.
 */

/** What a streamer streams. `video` is latest-frame-wins; every other kind is read in full. */
export type StreamKind = 'eeg' | 'video' | 'pulse' | 'sensehat' | 'log';
export const streamKinds: readonly StreamKind[] = ['eeg', 'video', 'pulse', 'sensehat', 'log'];

/** A streamer signs on with who it is: its class (kind), its device and a human name. */
export interface HelloEvent {
  type: 'HELLO';
  /** The streamer's actor id, also the stream's key (`pi-1.eeg`). */
  source: string;
  pi: string;
  kind: StreamKind;
  device: string;
  name: string;
  /** Counts the streamer's sign-ons; a reconnect has a higher one. */
  attempt: number;
}

/** Front -> handler: take this source on a new connection `conn`. */
export interface AcceptEvent {
  type: 'ACCEPT';
  source: string;
  pi: string;
  kind: StreamKind;
  device: string;
  name: string;
  /** The connection's id, `${count}/${attempt}`: unique even across a restart of the front (see hubFront.ts). */
  conn: string;
}

/** Handler -> streamer: signed on; send frames to `handler` tagged with `conn`. */
export interface WelcomeEvent {
  type: 'WELCOME';
  conn: string;
  handler: string;
}

/** One frame as it travels from the Pi to the hub. */
export interface FrameEvent {
  type: 'FRAME';
  source: string;
  conn: string;
  /** The streamer's frame number since its start (never reused within one incarnation). */
  seq: number;
  /** Frames sent on this connection so far, this one included: the hub's loss is `sentCount - received`. */
  sentCount: number;
  /** Virtual (or wall, for agents) time of capture: end-to-end latency = arrival - captureMs. */
  captureMs: number;
  kind: StreamKind;
  payload: ArrayBuffer;
  /** Frame rate and quality the streamer used (video adapts both). */
  fps: number;
  quality: number;
}

/** Handler -> streamer, every report period: what the hub received (also the hub's heartbeat). */
export interface RateEvent {
  type: 'RATE';
  conn: string;
  receivedPerS: number;
  lost: number;
  /** The last sequence number received (-1: none yet): the streamer's frames in flight = its last sent - this. */
  lastSeq: number;
}

/** Handler -> streamer: the connection it names is unknown here (the hub restarted): search again. */
export interface ResetEvent {
  type: 'RESET';
  conn: string;
}

/** Streamer -> handler: the streamer shuts down; the connection ends. */
export interface ByeEvent {
  type: 'BYE';
  source: string;
  conn: string | null;
}

/** Handler -> reader: this handler has no position for you (it restarted): subscribe again. */
export interface NotAttachedEvent {
  type: 'NOT_ATTACHED';
}

/** A command for a streamer: from a person via the front, or from a test. */
export type ControlCommand = 'START' | 'STOP' | 'SHUTDOWN';
export interface ControlEvent {
  type: 'CONTROL';
  source: string;
  command: ControlCommand;
}

/** `every`: each frame in order (EEG, logs); `latest`: skip to the newest frame (video). */
export type ReadMode = 'every' | 'latest';

export interface SubscribeEvent {
  type: 'SUBSCRIBE';
  stream: string;
  mode: ReadMode;
}

/** Front -> handler: attach `reader` to the stream this handler carries. */
export interface AttachEvent {
  type: 'ATTACH';
  reader: string;
  stream: string;
  mode: ReadMode;
}

export interface AttachedEvent {
  type: 'ATTACHED';
  stream: string;
  handler: string;
}

export interface NoStreamEvent {
  type: 'NO_STREAM';
  stream: string;
}

/** Reader -> handler: send me up to `framesMax` frames from my position (parked until one exists). */
export interface ReadEvent {
  type: 'READ';
  framesMax: number;
}

/** A frame as the hub keeps and serves it. */
export interface StoredFrame {
  seq: number;
  conn: string;
  captureMs: number;
  /** Hub receive time. */
  receivedMs: number;
  kind: StreamKind;
  payload: ArrayBuffer;
  bytes: number;
}

/** Handler -> reader: frames in order, and how many the reader missed since its last batch. */
export interface FramesEvent {
  type: 'FRAMES';
  stream: string;
  frames: StoredFrame[];
  /** Frames that left the ring before this reader read them (every mode) or were skipped (latest mode). */
  missed: number;
}

/** Any actor -> router: carry `event` to `to` over the shared uplink. */
export interface RelayEvent {
  type: 'RELAY';
  to: string;
  event: { type: string; [key: string]: unknown };
}

/** The stream key of a source (its actor id). */
export function streamKey(pi: string, kind: StreamKind): string {
  return `${pi}.${kind}`;
}
