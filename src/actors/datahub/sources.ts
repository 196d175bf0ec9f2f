/**
 * Frame payloads of each stream kind, as pure functions of (seed, frame number, time):
 * the streamer machine calls them in an action and keeps only small numbers in its
 * context. Stateful device models (the synthetic Cyton board, the pulse sensor) are
 * sequential, so they are memoised per seed: asking for the frame after the last one
 * continues the model, asking for any other frame rebuilds it from the seed. The output
 * therefore depends on the arguments alone, whatever was asked before (two runs in one
 * process, an actor restarted from scratch), which keeps runs deterministic.
 *
 * - eeg: real 33-byte Cyton packets (8 channels, 250 Hz) from the synthetic board;
 * - video: a JPEG-like camera frame with the troupe frame header (size follows quality);
 * - pulse: 16-bit analog samples (0..1023, 250 Hz) from the synthetic pulse sensor;
 * - sensehat: one JSON reading (temperature, humidity, pressure, orientation);
 * - log: handled by the streamer (lines are buffered and flushed per period).
 */
import { SyntheticCytonBoard, CYTON_PACKET_BYTES } from '../../devices/openbci/index.ts';
import { SyntheticCamera } from '../../devices/camera/index.ts';
import { SyntheticPulse } from '../../devices/pulse/index.ts';
import { SyntheticSenseHat } from '../../devices/sensehat/index.ts';

/** Models kept per kind at most; the least recently used one is rebuilt when asked again. */
export const SOURCE_MODELS_MAX = 64;

interface Sequential<T> {
  model: T;
  /** The unit (packet, sample) the model produces next. */
  next: number;
}

class ModelCache<T> {
  private readonly models = new Map<number, Sequential<T>>();
  constructor(private readonly create: (seed: number) => T) {}

  /** The model for `seed`, positioned at unit `at` (rebuilt and advanced by `skip` when needed). */
  at(seed: number, at: number, skip: (model: T, units: number) => void): Sequential<T> {
    let entry = this.models.get(seed);
    if (entry === undefined || entry.next > at) entry = { model: this.create(seed), next: 0 };
    this.models.delete(seed);
    this.models.set(seed, entry); // most recently used last
    if (this.models.size > SOURCE_MODELS_MAX) this.models.delete(this.models.keys().next().value!);
    if (entry.next < at) {
      skip(entry.model, at - entry.next);
      entry.next = at;
    }
    return entry;
  }
}

const boards = new ModelCache((seed) => {
  const board = new SyntheticCytonBoard({ seed });
  board.write('b');
  return board;
});

/**
 * `count` Cyton packets starting at packet `first` (250 per second), as one buffer.
 *
 * @example
 * const bytes = eegPackets(7, 0, 10); // 330 bytes: 10 packets
 */
export function eegPackets(seed: number, first: number, count: number): ArrayBuffer {
  const entry = boards.at(seed, first, (board, units) => void board.nextPackets(units));
  const bytes = entry.model.nextPackets(count);
  entry.next += count;
  const out = new ArrayBuffer(count * CYTON_PACKET_BYTES);
  new Uint8Array(out).set(bytes.subarray(0, out.byteLength));
  return out;
}

const pulses = new ModelCache((seed) => new SyntheticPulse({ seed }));

/**
 * `count` pulse-sensor samples from sample `first`, as little-endian uint16 values.
 *
 * @example
 * const samples = new Uint16Array(pulseSamples(3, 0, 25));
 */
export function pulseSamples(seed: number, first: number, count: number): ArrayBuffer {
  const entry = pulses.at(seed, first, (pulse, units) => void pulse.next(units));
  const values = entry.model.next(count);
  entry.next += count;
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.max(0, Math.min(1023, Math.round(values[i]!)));
  return out.buffer;
}

/**
 * One camera frame. `frameBytes` is the mean size at quality 75 (50 000 for 640×480).
 *
 * @example
 * const frame = videoFrame(1, 0, 0, 75, 2_000);
 */
export function videoFrame(seed: number, seq: number, captureMs: number, quality: number, frameBytes: number): ArrayBuffer {
  // A fresh camera per frame keeps the frame a function of its arguments only.
  const camera = new SyntheticCamera({ seed: (seed * 1_000_003 + seq) | 0, width: 640, height: 480, frameBytesAtQuality75: frameBytes });
  return camera.capture(seq, captureMs, quality);
}

const hats = new ModelCache((seed) => new SyntheticSenseHat({ seed }));
const textEncoder = new TextEncoder();

/**
 * The n-th Sense HAT reading of a stream read every `periodMs`, as JSON bytes.
 *
 * @example
 * const json = new TextDecoder().decode(senseHatReading(1, 0, 1_000));
 */
export function senseHatReading(seed: number, n: number, periodMs: number): ArrayBuffer {
  const entry = hats.at(seed, n, (hat, units) => {
    // Replaying the skipped readings at their own times keeps the random walk identical.
    for (let i = 0; i < units; i++) hat.read((n - units + i) * periodMs);
  });
  const reading = entry.model.read(n * periodMs);
  entry.next += 1;
  return textEncoder.encode(JSON.stringify(reading)).buffer as ArrayBuffer;
}

/**
 * The Pi's n-th log line, stamped with its time (ms since the streamer started).
 *
 * @example
 * logLine('pi-1', 3, 300) // => '300 pi-1 #3 cpu 41% temp 52.1C'
 */
export function logLine(pi: string, n: number, atMs: number): string {
  const cpu = 20 + ((n * 37) % 60);
  const temp = (45 + ((n * 13) % 100) / 10).toFixed(1);
  return `${Math.round(atMs)} ${pi} #${n} cpu ${cpu}% temp ${temp}C`;
}

/** Log lines as one payload: UTF-8, newline-separated. */
export function encodeLines(lines: readonly string[]): ArrayBuffer {
  return textEncoder.encode(lines.join('\n')).buffer as ArrayBuffer;
}

/** The lines of a log payload. */
export function decodeLines(payload: ArrayBuffer): string[] {
  const text = new TextDecoder().decode(payload);
  return text.length === 0 ? [] : text.split('\n');
}
