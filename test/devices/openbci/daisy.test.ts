import { describe, expect, it } from 'vitest';
import { CytonStreamParser, DaisyMerger, SyntheticCytonBoard, encodeCytonPacket } from '../../../src/devices/openbci/index.ts';
import type { DaisySample } from '../../../src/devices/openbci/index.ts';

function merge(bytes: Uint8Array): { merged: DaisySample[]; merger: DaisyMerger } {
  const merger = new DaisyMerger();
  const merged: DaisySample[] = [];
  for (const sample of new CytonStreamParser().push(bytes)) {
    const m = merger.push(sample);
    if (m) merged.push(m);
  }
  return { merged, merger };
}

describe('DaisyMerger', () => {
  it('merges an odd Cyton packet and the next even Daisy packet into channels 1–16', () => {
    const cyton = encodeCytonPacket({ sampleNumber: 1, channelCounts: [1, 2, 3, 4, 5, 6, 7, 8] });
    const daisy = encodeCytonPacket({ sampleNumber: 2, channelCounts: [9, 10, 11, 12, 13, 14, 15, 16] });
    const { merged } = merge(Uint8Array.from([...cyton, ...daisy]));
    expect(merged).toHaveLength(1);
    expect(merged[0].sampleNumber).toBe(1);
    expect(Array.from(merged[0].channelCounts)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('pairs across the sample-number wrap (255 with 0)', () => {
    const cyton = encodeCytonPacket({ sampleNumber: 255, channelCounts: new Array(8).fill(1) });
    const daisy = encodeCytonPacket({ sampleNumber: 0, channelCounts: new Array(8).fill(2) });
    expect(merge(Uint8Array.from([...cyton, ...daisy])).merged).toHaveLength(1);
  });

  it('turns the synthetic Daisy board stream into 125 samples of 16 channels per second', () => {
    const board = new SyntheticCytonBoard({ seed: 1, daisy: true });
    board.write('b');
    expect(board.channelCount).toBe(16);
    const { merged, merger } = merge(board.read(2000));
    expect(merged).toHaveLength(250);
    expect(merger.unpairedPackets).toBe(0);
    expect(merged.every((s) => s.sampleNumber % 2 === 1 && s.channelsMicrovolts.length === 16)).toBe(true);
  });

  it('drops and counts a packet whose partner was lost', () => {
    const board = new SyntheticCytonBoard({ seed: 2, daisy: true });
    board.write('b');
    const bytes = board.nextPackets(20).slice();
    const withoutThird = Uint8Array.from([...bytes.subarray(0, 2 * 33), ...bytes.subarray(3 * 33)]); // the third packet (sample 3, a Cyton half) lost: its Daisy partner 4 is left alone
    const { merged, merger } = merge(withoutThird);
    expect(merged).toHaveLength(9);
    expect(merger.unpairedPackets).toBe(1);
  });
});
