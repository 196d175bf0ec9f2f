/**
 * A seeded synthetic OpenBCI Cyton (optionally with Daisy) that speaks the board's serial
 * protocol: it takes command characters and emits real 33-byte packets and text replies,
 * so the code reading it cannot tell it from the board on a serial port.
 *
 * Signal per channel (µV): a DC electrode offset; an alpha rhythm near 10 Hz, waxing and
 * waning, strongest on the occipital channels 7–8; white noise; 60 Hz mains pickup, the
 * same on every channel; and occasional eye blinks, large on the frontal channels 1–2.
 * Aux: the accelerometer reads 1 g on Z; in analog board mode (`/2`) A5 carries a pulse
 * sensor's wave (0..1023) instead. Every packet carries accelerometer data (the real board
 * sends it only every 10th packet, zeros in between).
 *
 * Commands modelled (firmware v3 wording): `b` start streaming, `s` stop, `v` soft reset
 * (reply ends in `$$$`), `/0` default and `/2` analog board mode (reply `Success: …$$$`),
 * `//` query the mode, `C`/`c` 16/8 channels (Daisy). Other characters are ignored, as
 * the board ignores commands it does not know.
 *
 * Time is virtual: `read(toMs)` returns what the board would have sent up to `toMs` since
 * it was created; `nextPackets(n)` returns the next n packets whatever the time.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { SeededRandom } from '../../runtime/rng.ts';
import { SyntheticPulse } from '../pulse/syntheticPulse.ts';
import { CYTON_CHANNELS, CYTON_PACKET_BYTES, encodeCytonPacket, microvoltsToCounts } from './cytonPacket.ts';
import type { CytonAux } from './cytonPacket.ts';

export interface SyntheticCytonOptions {
  seed: number;
  /** Start with the Daisy attached and enabled: 16 channels, alternating packets (default false). */
  daisy?: boolean;
  gain?: number;
  /** Alpha amplitude on the occipital channels, µV (default 20). */
  alphaMicrovolts?: number;
  noiseMicrovolts?: number;
  mainsMicrovolts?: number;
  mainsHz?: number;
  blinkMicrovolts?: number;
  /** Mean time between blinks (default 4 s); 0 turns blinks off. */
  blinkIntervalS?: number;
  /** Heart rate on the analog pin in analog mode (default 72). */
  pulseBpm?: number;
  /** Chance that a packet is never sent (default 0). */
  packetLossProbability?: number;
  /** Chance that one byte of a packet is replaced by a random byte (default 0). */
  byteErrorProbability?: number;
}

/** Packets one read returns at most (a minute at 250 Hz); the rest comes on the next read. */
export const CYTON_PACKETS_PER_READ_MAX = 250 * 60;
export const CYTON_PACKET_RATE_HZ = 250;
/** Reply bytes held for the next read at most; beyond it the oldest are lost, as from a full serial buffer. */
export const CYTON_REPLY_BYTES_MAX = 4096;
const PACKET_INTERVAL_MS = 1000 / CYTON_PACKET_RATE_HZ;
const ACCEL_ONE_G_COUNTS = 8000;
const BLINK_DURATION_S = 0.3;
/** Blink size per channel relative to Fp1/Fp2 (channels 1–2), falling off towards the back. */
const BLINK_WEIGHTS = [1, 1, 0.35, 0.35, 0.1, 0.1, 0.03, 0.03];
/** Alpha size per channel relative to O1/O2 (channels 7–8). */
const ALPHA_WEIGHTS = [0.3, 0.3, 0.5, 0.5, 0.7, 0.7, 1, 1];

interface ChannelModel {
  offsetMicrovolts: number;
  alphaHz: number;
  alphaPhase: number;
  alphaMicrovolts: number;
  blinkWeight: number;
}

/**
 * The synthetic board.
 *
 * @example
 * const board = new SyntheticCytonBoard({ seed: 1 });
 * board.write('b');
 * const bytes = board.read(1000); // 250 packets (8250 bytes) for the first second
 */
export class SyntheticCytonBoard {
  readonly gain: number;
  private readonly o: Required<Omit<SyntheticCytonOptions, 'seed' | 'daisy' | 'gain'>>;
  private readonly random: SeededRandom;
  private readonly faults: SeededRandom;
  private readonly channels: ChannelModel[];
  private readonly pulseSeed: number;
  private readonly pulse: SyntheticPulse;
  private daisy: boolean;
  private analogMode = false;
  private streaming = false;
  private pendingSlash = false;
  private replies: number[] = [];
  private nowMs = 0;
  private nextPacketDueMs = 0;
  private packetCounter = 0;
  private signalSample = 0;
  private nextBlinkAtS: number;

  constructor(options: SyntheticCytonOptions) {
    const random = new SeededRandom(options.seed);
    this.random = new SeededRandom(random.childSeed());
    this.faults = new SeededRandom(random.childSeed());
    this.pulseSeed = random.childSeed();
    this.gain = options.gain ?? 24;
    this.daisy = options.daisy ?? false;
    this.o = {
      alphaMicrovolts: options.alphaMicrovolts ?? 20,
      noiseMicrovolts: options.noiseMicrovolts ?? 3,
      mainsMicrovolts: options.mainsMicrovolts ?? 8,
      mainsHz: options.mainsHz ?? 60,
      blinkMicrovolts: options.blinkMicrovolts ?? 150,
      blinkIntervalS: options.blinkIntervalS ?? 4,
      pulseBpm: options.pulseBpm ?? 72,
      packetLossProbability: options.packetLossProbability ?? 0,
      byteErrorProbability: options.byteErrorProbability ?? 0,
    };
    for (const p of ['packetLossProbability', 'byteErrorProbability'] as const) {
      if (!(this.o[p] >= 0 && this.o[p] <= 1)) throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic Cyton ${p} is ${this.o[p]}; it must be in [0, 1]`);
    }
    this.channels = Array.from({ length: 2 * CYTON_CHANNELS }, (_, c) => ({
      offsetMicrovolts: this.random.between(-2000, 2000),
      alphaHz: this.random.between(9.6, 10.4),
      alphaPhase: this.random.between(0, 2 * Math.PI),
      alphaMicrovolts: this.o.alphaMicrovolts * ALPHA_WEIGHTS[c % CYTON_CHANNELS],
      blinkWeight: c < CYTON_CHANNELS ? BLINK_WEIGHTS[c] : 0.05,
    }));
    this.pulse = new SyntheticPulse({ seed: this.pulseSeed, bpm: this.o.pulseBpm, sampleRateHz: CYTON_PACKET_RATE_HZ });
    this.nextBlinkAtS = this.drawBlinkGapS();
  }

  /** True while the board streams packets. */
  get isStreaming(): boolean {
    return this.streaming;
  }

  /** The board mode: 'analog' after `/2`, 'default' otherwise. */
  get boardMode(): 'default' | 'analog' {
    return this.analogMode ? 'analog' : 'default';
  }

  /** Channels per merged sample: 16 with the Daisy, else 8. */
  get channelCount(): number {
    return this.daisy ? 16 : 8;
  }

  /** Sends command characters to the board, as over the serial port. Replies come out of the next read. */
  write(command: string): void {
    for (const ch of command) {
      if (this.pendingSlash) {
        this.pendingSlash = false;
        this.boardModeCommand(ch);
        continue;
      }
      if (ch === '/') this.pendingSlash = true;
      else if (ch === 'b') this.startStreaming();
      else if (ch === 's') this.streaming = false;
      else if (ch === 'v') this.softReset();
      else if (ch === 'C' || ch === 'c') {
        this.daisy = ch === 'C';
        this.reply(this.daisy ? '16$$$' : '8$$$');
      }
    }
  }

  /** Everything the board sent up to virtual time `toMs`: pending replies, then due packets. */
  read(toMs: number): Uint8Array {
    if (!(toMs >= this.nowMs)) throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic Cyton read(${toMs}): time must not go back (now ${this.nowMs} ms)`);
    let due = 0;
    if (this.streaming && toMs >= this.nextPacketDueMs) {
      due = Math.min(CYTON_PACKETS_PER_READ_MAX, Math.floor((toMs - this.nextPacketDueMs) / PACKET_INTERVAL_MS + 1e-9) + 1);
    }
    const bytes = this.emit(due);
    // At the cap the clock stops at the last packet sent, so the next read continues from there.
    this.nowMs = due === CYTON_PACKETS_PER_READ_MAX ? this.nextPacketDueMs - PACKET_INTERVAL_MS : toMs;
    return bytes;
  }

  /** Pending replies and the next `count` packets (none when not streaming), advancing virtual time past them. */
  nextPackets(count: number): Uint8Array {
    const due = this.streaming ? Math.min(CYTON_PACKETS_PER_READ_MAX, Math.max(0, Math.floor(count))) : 0;
    const bytes = this.emit(due);
    if (due > 0) this.nowMs = this.nextPacketDueMs - PACKET_INTERVAL_MS;
    return bytes;
  }

  private startStreaming(): void {
    if (this.streaming) return; // a second 'b' does not start a second stream
    this.streaming = true;
    this.nextPacketDueMs = this.nowMs + PACKET_INTERVAL_MS;
    // In Daisy mode the first packet of a stream is a Cyton (odd) one.
    if (this.daisy && this.packetCounter % 2 === 0) this.packetCounter = 1;
  }

  private softReset(): void {
    this.streaming = false;
    this.analogMode = false;
    this.packetCounter = 0;
    const daisyLine = this.daisy ? 'On Daisy ADS1299 Device ID: 0x3E\n' : '';
    this.reply(`OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\n${daisyLine}LIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$`);
  }

  private boardModeCommand(ch: string): void {
    if (ch === '0') this.analogMode = false;
    else if (ch === '2') this.analogMode = true;
    else if (ch !== '/') return this.reply('Failure: invalid board mode$$$');
    if (ch === '/') return this.reply(`Board mode is ${this.boardMode}$$$`);
    this.reply(`Success: ${this.boardMode}$$$`);
  }

  private reply(text: string): void {
    for (let i = 0; i < text.length; i++) this.replies.push(text.charCodeAt(i) & 0xff);
    if (this.replies.length > CYTON_REPLY_BYTES_MAX) this.replies.splice(0, this.replies.length - CYTON_REPLY_BYTES_MAX);
  }

  /** Replies first, then `count` packets (some lost or damaged if faults are on). */
  private emit(count: number): Uint8Array {
    const out = new Uint8Array(this.replies.length + count * CYTON_PACKET_BYTES);
    out.set(this.replies, 0);
    let at = this.replies.length;
    this.replies = [];
    for (let k = 0; k < count; k++) {
      const sampleNumber = this.packetCounter & 0xff;
      const counts = this.channelCountsFor(sampleNumber);
      const aux = this.auxFor();
      this.packetCounter++;
      this.nextPacketDueMs += PACKET_INTERVAL_MS;
      if (this.faults.chance(this.o.packetLossProbability)) continue;
      encodeCytonPacket({ sampleNumber, channelCounts: counts, aux }, out, at);
      if (this.faults.chance(this.o.byteErrorProbability)) out[at + this.faults.int(0, CYTON_PACKET_BYTES - 1)] = this.faults.int(0, 255);
      at += CYTON_PACKET_BYTES;
    }
    return out.subarray(0, at);
  }

  /**
   * Channel counts for this packet. Without Daisy every packet is a new sample of channels
   * 1–8. With Daisy, an odd packet starts a new sample and carries 1–8; the even one carries
   * 9–16 of the same sample.
   */
  private channelCountsFor(sampleNumber: number): number[] {
    const daisyHalf = this.daisy && sampleNumber % 2 === 0;
    const sampleRateHz = this.daisy ? CYTON_PACKET_RATE_HZ / 2 : CYTON_PACKET_RATE_HZ;
    if (!daisyHalf) this.signalSample++;
    const tS = this.signalSample / sampleRateHz;
    const blink = this.blinkAt(tS);
    const mains = this.o.mainsMicrovolts * Math.sin(2 * Math.PI * this.o.mainsHz * tS);
    const counts = new Array<number>(CYTON_CHANNELS);
    for (let c = 0; c < CYTON_CHANNELS; c++) {
      const m = this.channels[c + (daisyHalf ? CYTON_CHANNELS : 0)];
      const waxing = 0.75 + 0.25 * Math.sin(2 * Math.PI * 0.1 * tS + m.alphaPhase);
      const alpha = m.alphaMicrovolts * waxing * Math.sin(2 * Math.PI * m.alphaHz * tS + m.alphaPhase);
      const noise = (this.random.float() + this.random.float() + this.random.float() - 1.5) * 2 * this.o.noiseMicrovolts;
      counts[c] = microvoltsToCounts(m.offsetMicrovolts + alpha + noise + mains + blink * m.blinkWeight, this.gain);
    }
    return counts;
  }

  /** The blink wave (µV at Fp1) at time tS; draws the next blink time when one ends. */
  private blinkAt(tS: number): number {
    if (this.o.blinkIntervalS <= 0) return 0;
    while (tS >= this.nextBlinkAtS + BLINK_DURATION_S) this.nextBlinkAtS += BLINK_DURATION_S + this.drawBlinkGapS();
    if (tS < this.nextBlinkAtS) return 0;
    const phase = (tS - this.nextBlinkAtS) / BLINK_DURATION_S;
    return this.o.blinkMicrovolts * (0.5 - 0.5 * Math.cos(2 * Math.PI * phase));
  }

  private drawBlinkGapS(): number {
    if (this.o.blinkIntervalS <= 0) return Infinity;
    return -Math.log(1 - this.random.float()) * this.o.blinkIntervalS;
  }

  private auxFor(): CytonAux {
    if (this.analogMode) return { kind: 'analog', values: [this.pulse.next(1)[0], 0, 0] };
    const jitter = () => this.random.int(-20, 20);
    return { kind: 'accelerometer', counts: [jitter(), jitter(), ACCEL_ONE_G_COUNTS + jitter()] };
  }
}
