/**
 * A streaming parser for Cyton packets arriving from a serial port or a socket in chunks
 * of any size, with garbage, damage and loss in between.
 *
 * Framing: a packet is 0xA0, 31 bytes, then a stop byte 0xC0..0xCF 32 bytes after the
 * header. The parser scans for a header whose stop byte checks out; everything else is
 * skipped and counted. There is no checksum, so a flipped bit inside channel data cannot
 * be seen; a lost or mangled packet shows as a gap in the 0..255 sample numbers.
 *
 * What is counted (`stats`):
 * - `packets`: packets decoded.
 * - `skippedBytes`: bytes that were not part of a decoded packet (garbage, the board's
 *   text replies such as "$$$", the bytes of damaged packets).
 * - `corruptPackets`: 0xA0 bytes not followed by a stop byte 32 bytes later (a damaged
 *   packet, or a 0xA0 inside garbage: the parser cannot tell which).
 * - `sampleGaps` / `missingSamples`: how often the sample number jumped, and by how many
 *   samples in all (modulo 256: a loss of 256 packets in a row is invisible).
 * - `truncatedBytes`: bytes of an incomplete packet left when `end()` is called.
 *
 * Memory: at most 32 bytes are carried between chunks (an incomplete packet), whatever
 * the input; a chunk of any size is handled in one pass.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { CYTON_CHANNELS, CYTON_GAIN_DEFAULT, CYTON_HEADER, CYTON_PACKET_BYTES, countsToMicrovolts, decodeCytonPacket } from './cytonPacket.ts';
import type { CytonAux } from './cytonPacket.ts';

/** A decoded sample with channel values in microvolts. */
export interface CytonSample {
  sampleNumber: number;
  channelCounts: Int32Array;
  channelsMicrovolts: Float64Array;
  stopByte: number;
  aux: CytonAux;
}

export interface CytonParserStats {
  packets: number;
  skippedBytes: number;
  corruptPackets: number;
  sampleGaps: number;
  missingSamples: number;
  truncatedBytes: number;
}

export interface CytonParserOptions {
  /** Programmable gain per channel (8 numbers) or one for all; default 24. */
  gain?: number | readonly number[];
}

/**
 * Turns a byte stream into Cyton samples, whatever the chunk boundaries.
 *
 * @example
 * const parser = new CytonStreamParser();
 * serial.on('data', (chunk) => { for (const s of parser.push(chunk)) plot(s.channelsMicrovolts); });
 */
export class CytonStreamParser {
  readonly stats: CytonParserStats = { packets: 0, skippedBytes: 0, corruptPackets: 0, sampleGaps: 0, missingSamples: 0, truncatedBytes: 0 };
  private readonly gains: Float64Array;
  /** An incomplete packet carried to the next chunk; never more than 32 bytes. */
  private pending = new Uint8Array(0);
  private lastSampleNumber: number | null = null;

  constructor(options: CytonParserOptions = {}) {
    const gain = options.gain ?? CYTON_GAIN_DEFAULT;
    const gains = typeof gain === 'number' ? new Array<number>(CYTON_CHANNELS).fill(gain) : [...gain];
    if (gains.length !== CYTON_CHANNELS || gains.some((g) => !(g > 0))) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `Cyton parser gain is ${JSON.stringify(gain)}; give one positive gain or ${CYTON_CHANNELS} of them (the board's are 1, 2, 4, 6, 8, 12, 24)`);
    }
    this.gains = Float64Array.from(gains);
  }

  /** Parses a chunk; returns the samples completed by it, in stream order. */
  push(chunk: Uint8Array): CytonSample[] {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const samples: CytonSample[] = [];
    let i = 0;
    while (i < bytes.length) {
      if (bytes[i] !== CYTON_HEADER) {
        this.stats.skippedBytes++;
        i++;
        continue;
      }
      if (i + CYTON_PACKET_BYTES > bytes.length) break; // wait for the rest of this packet
      const packet = decodeCytonPacket(bytes, i);
      if (packet === null) {
        // Header without a stop byte where one must be: resync from the next byte.
        this.stats.corruptPackets++;
        this.stats.skippedBytes++;
        i++;
        continue;
      }
      this.countGap(packet.sampleNumber);
      const channelsMicrovolts = new Float64Array(CYTON_CHANNELS);
      for (let c = 0; c < CYTON_CHANNELS; c++) channelsMicrovolts[c] = countsToMicrovolts(packet.channelCounts[c], this.gains[c]);
      samples.push({ ...packet, channelsMicrovolts });
      this.stats.packets++;
      i += CYTON_PACKET_BYTES;
    }
    this.pending = bytes.slice(i);
    return samples;
  }

  /** Ends the stream: an incomplete packet still held is counted in `truncatedBytes` and dropped. */
  end(): CytonParserStats {
    this.stats.truncatedBytes += this.pending.length;
    this.pending = new Uint8Array(0);
    return { ...this.stats };
  }

  /** Forgets the carried bytes and the last sample number (after the board is reset); keeps the counts. */
  resync(): void {
    this.pending = new Uint8Array(0);
    this.lastSampleNumber = null;
  }

  private countGap(sampleNumber: number): void {
    if (this.lastSampleNumber !== null) {
      const missing = (sampleNumber - this.lastSampleNumber - 1) & 0xff;
      if (missing !== 0) {
        this.stats.sampleGaps++;
        this.stats.missingSamples += missing;
      }
    }
    this.lastSampleNumber = sampleNumber;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Longest text reply kept while waiting for "$$$"; beyond it the reply is reported as too long. */
export const CYTON_REPLY_CHARS_MAX = 4096;

/**
 * Collects the board's text reply to a command (e.g. `v` or `/2`) until its `$$$` end mark.
 *
 * @example
 * const reply = new CytonReplyReader();
 * const text = reply.push(bytes); // null until "$$$" arrived, then the reply text without it
 */
export class CytonReplyReader {
  private text = '';

  /** Adds bytes; returns the whole reply (without `$$$`) once the end mark arrived, else null. */
  push(bytes: Uint8Array): string | null {
    this.text += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const end = this.text.indexOf('$$$');
    if (end >= 0) {
      const reply = this.text.slice(0, end);
      this.text = this.text.slice(end + 3);
      return reply;
    }
    if (this.text.length > CYTON_REPLY_CHARS_MAX) {
      const length = this.text.length;
      this.text = '';
      throw new TroupeError('LIMIT_REACHED', `Cyton reply reader: ${length} characters without the "$$$" end mark (max ${CYTON_REPLY_CHARS_MAX}); is the board streaming binary data? Send 's' first`);
    }
    return null;
  }
}
