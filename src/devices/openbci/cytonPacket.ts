/**
 * The OpenBCI Cyton binary packet (33 bytes, sent at 115200 baud while streaming):
 *
 *   byte 0       0xA0 header
 *   byte 1       sample number, 0..255, wrapping
 *   bytes 2–25   8 channels × 24-bit signed, big-endian (two's complement), ADS1299 counts
 *   bytes 26–31  6 aux bytes, meaning set by the stop byte
 *   byte 32      stop byte 0xC0..0xCF: C0 = aux is accelerometer X, Y, Z as 16-bit signed
 *                big-endian; C1 = aux is raw analog (analog board mode: A5, A6, A7 as 16-bit
 *                big-endian reads of 0..1023); other values carry aux bytes we pass as raw.
 *
 * Scale: µV = count × 4.5 V / gain / (2²³ − 1) × 10⁶, default gain 24 (≈ 0.02235 µV/count).
 */
import { TroupeError } from '../../runtime/errors.ts';

export const CYTON_PACKET_BYTES = 33;
export const CYTON_HEADER = 0xa0;
/** Stop byte range: the high nibble is always 0xC. */
export const CYTON_STOP_MIN = 0xc0;
export const CYTON_STOP_MAX = 0xcf;
export const CYTON_STOP_ACCEL = 0xc0;
export const CYTON_STOP_ANALOG = 0xc1;
export const CYTON_CHANNELS = 8;
export const CYTON_AUX_BYTES = 6;
/** The ADS1299 reference voltage (V) and the default programmable gain. */
export const ADS1299_VREF_V = 4.5;
export const CYTON_GAIN_DEFAULT = 24;
/** 24-bit signed range. */
export const COUNT_MAX = 0x7fffff;
export const COUNT_MIN = -0x800000;
/** Accelerometer scale of the Cyton's LIS3DH at ±4 g: 0.002 g / 2⁴ per count. */
export const ACCEL_G_PER_COUNT = 0.002 / 16;

/** How the 6 aux bytes are read, from the stop byte. */
export type CytonAux =
  | { kind: 'accelerometer'; counts: [number, number, number] }
  | { kind: 'analog'; values: [number, number, number] }
  | { kind: 'raw'; bytes: Uint8Array };

/** One decoded packet; channel values are raw ADS1299 counts. */
export interface CytonPacket {
  sampleNumber: number;
  channelCounts: Int32Array;
  stopByte: number;
  aux: CytonAux;
}

/**
 * Counts to microvolts for a channel at `gain`.
 *
 * @example
 * countsToMicrovolts(1000); // ≈ 22.35 µV at gain 24
 */
export function countsToMicrovolts(count: number, gain = CYTON_GAIN_DEFAULT): number {
  return ((count * ADS1299_VREF_V) / gain / COUNT_MAX) * 1e6;
}

/**
 * Microvolts to the nearest count, clamped to the 24-bit range (the inverse, for synthesis).
 *
 * @example
 * microvoltsToCounts(22.35); // 1000
 */
export function microvoltsToCounts(microvolts: number, gain = CYTON_GAIN_DEFAULT): number {
  const count = Math.round((microvolts / 1e6) * gain * (COUNT_MAX / ADS1299_VREF_V));
  return Math.min(COUNT_MAX, Math.max(COUNT_MIN, count));
}

/**
 * True for a byte that may end a packet (0xC0..0xCF).
 *
 * @example
 * isStopByte(0xc1); // true: analog aux
 */
export function isStopByte(byte: number): boolean {
  return byte >= CYTON_STOP_MIN && byte <= CYTON_STOP_MAX;
}

function writeInt24(out: Uint8Array, offset: number, value: number): void {
  const v = value < 0 ? value + 0x1000000 : value;
  out[offset] = (v >>> 16) & 0xff;
  out[offset + 1] = (v >>> 8) & 0xff;
  out[offset + 2] = v & 0xff;
}

function readInt24(bytes: Uint8Array, offset: number): number {
  const v = (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
  return v & 0x800000 ? v - 0x1000000 : v;
}

function writeInt16(out: Uint8Array, offset: number, value: number): void {
  const v = value < 0 ? value + 0x10000 : value;
  out[offset] = (v >>> 8) & 0xff;
  out[offset + 1] = v & 0xff;
}

function readInt16(bytes: Uint8Array, offset: number): number {
  const v = (bytes[offset] << 8) | bytes[offset + 1];
  return v & 0x8000 ? v - 0x10000 : v;
}

/** What `encodeCytonPacket` needs: counts for 8 channels and the aux content. */
export interface CytonPacketInput {
  sampleNumber: number;
  channelCounts: ArrayLike<number>;
  aux?: CytonAux;
}

/**
 * Encodes one packet into `out` at `offset` (33 bytes), or into a new array.
 *
 * @example
 * const bytes = encodeCytonPacket({ sampleNumber: 7, channelCounts: [1000, 0, 0, 0, 0, 0, 0, -1] });
 */
export function encodeCytonPacket(input: CytonPacketInput, out = new Uint8Array(CYTON_PACKET_BYTES), offset = 0): Uint8Array {
  const { sampleNumber, channelCounts } = input;
  if (!Number.isInteger(sampleNumber) || sampleNumber < 0 || sampleNumber > 255) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `Cyton packet sampleNumber is ${sampleNumber}; it must be an integer in 0..255`);
  }
  if (channelCounts.length !== CYTON_CHANNELS) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `Cyton packet has ${channelCounts.length} channel counts; it carries exactly ${CYTON_CHANNELS}`);
  }
  const aux: CytonAux = input.aux ?? { kind: 'accelerometer', counts: [0, 0, 0] };
  out[offset] = CYTON_HEADER;
  out[offset + 1] = sampleNumber;
  for (let c = 0; c < CYTON_CHANNELS; c++) {
    const count = channelCounts[c];
    if (!Number.isInteger(count) || count < COUNT_MIN || count > COUNT_MAX) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `Cyton channel ${c + 1} count is ${count}; it must be a 24-bit signed integer`);
    }
    writeInt24(out, offset + 2 + 3 * c, count);
  }
  const auxAt = offset + 26;
  if (aux.kind === 'raw') {
    out.set(aux.bytes.subarray(0, CYTON_AUX_BYTES), auxAt);
  } else {
    const values = aux.kind === 'accelerometer' ? aux.counts : aux.values;
    for (let i = 0; i < 3; i++) writeInt16(out, auxAt + 2 * i, values[i]);
  }
  out[offset + 32] = aux.kind === 'accelerometer' ? CYTON_STOP_ACCEL : aux.kind === 'analog' ? CYTON_STOP_ANALOG : CYTON_STOP_MIN + 2;
  return out;
}

/**
 * Decodes the packet at `offset`; returns null if the framing (header, stop byte) is wrong.
 *
 * @example
 * const packet = decodeCytonPacket(bytes); // packet?.channelCounts[0] === 1000
 */
export function decodeCytonPacket(bytes: Uint8Array, offset = 0): CytonPacket | null {
  if (offset + CYTON_PACKET_BYTES > bytes.length) return null;
  if (bytes[offset] !== CYTON_HEADER) return null;
  const stopByte = bytes[offset + 32];
  if (!isStopByte(stopByte)) return null;
  const channelCounts = new Int32Array(CYTON_CHANNELS);
  for (let c = 0; c < CYTON_CHANNELS; c++) channelCounts[c] = readInt24(bytes, offset + 2 + 3 * c);
  const auxAt = offset + 26;
  const three = (): [number, number, number] => [readInt16(bytes, auxAt), readInt16(bytes, auxAt + 2), readInt16(bytes, auxAt + 4)];
  let aux: CytonAux;
  if (stopByte === CYTON_STOP_ACCEL) aux = { kind: 'accelerometer', counts: three() };
  else if (stopByte === CYTON_STOP_ANALOG) aux = { kind: 'analog', values: three() };
  else aux = { kind: 'raw', bytes: bytes.slice(auxAt, auxAt + CYTON_AUX_BYTES) };
  return { sampleNumber: bytes[offset + 1], channelCounts, stopByte, aux };
}
