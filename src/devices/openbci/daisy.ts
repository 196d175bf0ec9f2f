/**
 * Daisy mode: with the 8-channel Daisy module on top of the Cyton, the board still sends
 * 250 packets/s but alternates them: odd sample numbers carry the Cyton's channels 1–8,
 * even ones the Daisy's channels 9–16. A 16-channel sample is the pair (odd n, even n + 1),
 * so the merged rate is 125 Hz. The pair after 255 is (255, 0): sample numbers wrap.
 *
 * A packet whose partner was lost cannot be completed; it is dropped and counted in
 * `unpairedPackets` (half a sample is worse than none for a 16-channel montage).
 */
import type { CytonAux } from './cytonPacket.ts';
import type { CytonSample } from './cytonParser.ts';

/** A merged 16-channel sample: channels 1–8 from the Cyton, 9–16 from the Daisy. */
export interface DaisySample {
  /** The Cyton (odd) packet's sample number. */
  sampleNumber: number;
  channelsMicrovolts: Float64Array;
  channelCounts: Int32Array;
  /** Aux of the Cyton packet (accelerometer or analog pins live on the Cyton). */
  aux: CytonAux;
}

/**
 * Pairs alternating Cyton/Daisy packets into 16-channel samples.
 *
 * @example
 * const merger = new DaisyMerger();
 * for (const s of parser.push(chunk)) { const merged = merger.push(s); if (merged) plot16(merged); }
 */
export class DaisyMerger {
  unpairedPackets = 0;
  mergedSamples = 0;
  /** The odd (Cyton) packet waiting for its even partner: one at most. */
  private held: CytonSample | null = null;

  /** Feeds one parsed packet; returns a merged sample when it completes a pair. */
  push(sample: CytonSample): DaisySample | null {
    if (sample.sampleNumber % 2 === 1) {
      if (this.held !== null) this.unpairedPackets++; // the previous Cyton packet lost its Daisy partner
      this.held = sample;
      return null;
    }
    const cyton = this.held;
    this.held = null;
    if (cyton === null || ((cyton.sampleNumber + 1) & 0xff) !== sample.sampleNumber) {
      this.unpairedPackets += cyton === null ? 1 : 2;
      return null;
    }
    const channelsMicrovolts = new Float64Array(16);
    channelsMicrovolts.set(cyton.channelsMicrovolts, 0);
    channelsMicrovolts.set(sample.channelsMicrovolts, 8);
    const channelCounts = new Int32Array(16);
    channelCounts.set(cyton.channelCounts, 0);
    channelCounts.set(sample.channelCounts, 8);
    this.mergedSamples++;
    return { sampleNumber: cyton.sampleNumber, channelsMicrovolts, channelCounts, aux: cyton.aux };
  }

  /** Forgets a held half-pair (after a reset or a resync). */
  reset(): void {
    this.held = null;
  }
}
