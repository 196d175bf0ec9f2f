/**
 * A seeded synthetic webcam: frames of a realistic size (about 50 KB at 640×480, like a
 * JPEG at quality 75) as ArrayBuffers, each led by a small binary header.
 *
 * The payload is JPEG-like, not a decodable image: it starts with SOI/APP0 "JFIF" and ends
 * with EOI (FF D9), with noise in between, so byte counts, bandwidth and drop behaviour
 * are real while no encoder is needed. What the mirror needs from a real frame (the mean
 * green value of the face region, which rises and falls with the pulse) is carried in the
 * header, computed from a pulse wave at the frame's capture time.
 *
 * Header, 32 bytes, big-endian:
 *   0  u32  magic 0x54524652 ("TRFR")
 *   4  u32  sequence number (given by the caller)
 *   8  f64  capture time, ms (given by the caller: virtual time in simulation)
 *   16 u16  width    18 u16 height
 *   20 f32  face-region mean green, 0..255
 *   24 u32  payload bytes
 *   28 u8   quality 1..100   29..31 reserved (0)
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { TroupeError } from '../../runtime/errors.ts';
import { ppgShape } from '../pulse/syntheticPulse.ts';

export const FRAME_MAGIC = 0x54524652;
export const FRAME_HEADER_BYTES = 32;
/** Largest payload produced (a very detailed 1080p frame); larger requests are clamped to it. */
export const FRAME_PAYLOAD_BYTES_MAX = 4 * 1024 * 1024;
const JPEG_PREFIX = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
const JPEG_SUFFIX = [0xff, 0xd9];

export interface FrameHeader {
  sequence: number;
  captureTimeMs: number;
  width: number;
  height: number;
  faceGreenMean: number;
  payloadBytes: number;
  quality: number;
}

export interface SyntheticCameraOptions {
  seed: number;
  width?: number;
  height?: number;
  /** Mean payload size at quality 75 (default 50 000 bytes); it scales with quality and resolution. */
  frameBytesAtQuality75?: number;
  /** Heart rate shown in the face's green value (default 72). */
  pulseBpm?: number;
}

/**
 * Reads a frame's header, checking the magic and that the payload is all there.
 *
 * @example
 * const { sequence, captureTimeMs } = decodeFrameHeader(frame);
 */
export function decodeFrameHeader(frame: ArrayBuffer): FrameHeader {
  if (frame.byteLength < FRAME_HEADER_BYTES) {
    throw new TroupeError('FRAME_INVALID', `camera frame of ${frame.byteLength} bytes is shorter than its ${FRAME_HEADER_BYTES}-byte header`);
  }
  const view = new DataView(frame);
  if (view.getUint32(0) !== FRAME_MAGIC) {
    throw new TroupeError('FRAME_INVALID', `camera frame starts with 0x${view.getUint32(0).toString(16)}, not the frame magic 0x${FRAME_MAGIC.toString(16)}`);
  }
  const header: FrameHeader = {
    sequence: view.getUint32(4),
    captureTimeMs: view.getFloat64(8),
    width: view.getUint16(16),
    height: view.getUint16(18),
    faceGreenMean: view.getFloat32(20),
    payloadBytes: view.getUint32(24),
    quality: view.getUint8(28),
  };
  if (frame.byteLength !== FRAME_HEADER_BYTES + header.payloadBytes) {
    throw new TroupeError('FRAME_INVALID', `camera frame ${header.sequence} holds ${frame.byteLength - FRAME_HEADER_BYTES} payload bytes; its header says ${header.payloadBytes}`);
  }
  return header;
}

/**
 * A seeded synthetic camera. It reads no clock: the caller passes each frame's sequence
 * number and capture time.
 *
 * @example
 * const camera = new SyntheticCamera({ seed: 1 });
 * const frame = camera.capture(0, 0);           // ~50 KB ArrayBuffer
 * const lighter = camera.capture(1, 41.7, 40);  // quality 40: smaller, as under backpressure
 */
export class SyntheticCamera {
  readonly width: number;
  readonly height: number;
  private readonly bytesAtQuality75: number;
  private readonly pulseBpm: number;
  private readonly generator: ReturnType<typeof xoroshiro128plus>;

  constructor(options: SyntheticCameraOptions) {
    this.width = options.width ?? 640;
    this.height = options.height ?? 480;
    for (const [name, value] of [['width', this.width], ['height', this.height]] as const) {
      if (!Number.isInteger(value) || value < 16 || value > 4096) throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic camera ${name} is ${value}; it must be an integer in 16..4096`);
    }
    this.bytesAtQuality75 = options.frameBytesAtQuality75 ?? 50_000 * ((this.width * this.height) / (640 * 480));
    this.pulseBpm = options.pulseBpm ?? 72;
    this.generator = xoroshiro128plus(options.seed | 0);
  }

  /** One frame: header + JPEG-like payload whose size follows quality (1..100, default 75). */
  capture(sequence: number, captureTimeMs: number, quality = 75): ArrayBuffer {
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `camera quality is ${quality}; it must be an integer in 1..100`);
    }
    // JPEG size grows roughly with quality; ±10 % from scene content.
    const scale = 0.15 + 0.85 * (quality / 75) ** 1.5;
    const jitter = 0.9 + 0.2 * uniformFloat64(this.generator);
    const payloadBytes = Math.min(FRAME_PAYLOAD_BYTES_MAX, Math.max(JPEG_PREFIX.length + JPEG_SUFFIX.length, Math.round(this.bytesAtQuality75 * scale * jitter)));
    const frame = new ArrayBuffer(FRAME_HEADER_BYTES + payloadBytes);
    const view = new DataView(frame);
    view.setUint32(0, FRAME_MAGIC);
    view.setUint32(4, sequence >>> 0);
    view.setFloat64(8, captureTimeMs);
    view.setUint16(16, this.width);
    view.setUint16(18, this.height);
    view.setFloat32(20, this.faceGreenMean(captureTimeMs));
    view.setUint32(24, payloadBytes);
    view.setUint8(28, quality);
    this.fillPayload(new Uint8Array(frame, FRAME_HEADER_BYTES));
    return frame;
  }

  /** Mean green of the face: skin's ~120 plus a sub-level pulse swing and sensor noise. */
  private faceGreenMean(captureTimeMs: number): number {
    const phase = (captureTimeMs * this.pulseBpm) / 60_000;
    const noise = (uniformFloat64(this.generator) - 0.5) * 0.4;
    return 120 + 0.8 * ppgShape(phase, 0.05) + noise;
  }

  /** JPEG markers at both ends, cheap noise between (xorshift32 seeded per frame; no 0xFF so EOI stays unique). */
  private fillPayload(payload: Uint8Array): void {
    payload.set(JPEG_PREFIX, 0);
    let state = uniformInt(this.generator, 1, 0x7fffffff);
    const end = payload.length - JPEG_SUFFIX.length;
    for (let i = JPEG_PREFIX.length; i < end; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      payload[i] = state & 0xfe;
    }
    payload.set(JPEG_SUFFIX, end);
  }
}
