import { describe, expect, it } from 'vitest';
import { attachReader, createRing, readFrames, writeFrame, type StoredFrame } from '../../../src/actors/datahub/index.ts';

const frame = (seq: number): StoredFrame => ({ seq, conn: '1/1', captureMs: seq * 10, receivedMs: seq * 10, kind: 'eeg', payload: new ArrayBuffer(4), bytes: 4 });

function fill(count: number, capacity = 8) {
  let ring = createRing(capacity);
  for (let i = 0; i < count; i++) ring = writeFrame(ring, frame(i));
  return ring;
}

describe('ring buffer', () => {
  it('gives two readers every frame, each from its own position', () => {
    let ring = createRing(8);
    let a = attachReader(ring, 'every');
    let b = attachReader(ring, 'every');
    const gotA: number[] = [];
    const gotB: number[] = [];
    for (let i = 0; i < 6; i++) {
      ring = writeFrame(ring, frame(i));
      const readA = readFrames(ring, a, 1);
      a = readA.cursor;
      gotA.push(...readA.frames.map((f) => f.seq));
    }
    const readB = readFrames(ring, b, 16);
    b = readB.cursor;
    gotB.push(...readB.frames.map((f) => f.seq));
    expect(gotA).toEqual([0, 1, 2, 3, 4, 5]);
    expect(gotB).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('skips a reader that fell out of the ring ahead to the oldest frame and says how many it missed', () => {
    const ring = fill(20, 8);
    const read = readFrames(ring, { position: 3, mode: 'every', missed: 0 }, 4);
    expect(read.missed).toBe(12 - 3);
    expect(read.frames.map((f) => f.seq)).toEqual([12, 13, 14, 15]);
    expect(read.cursor.position).toBe(16);
  });

  it('serves only the newest frame in latest mode, counting the skipped ones', () => {
    const ring = fill(10, 8);
    const read = readFrames(ring, { position: 5, mode: 'latest', missed: 0 }, 4);
    expect(read.frames.map((f) => f.seq)).toEqual([9]);
    expect(read.missed).toBe(4);
  });

  it('returns nothing (the READ parks) when the reader is at the head', () => {
    const ring = fill(3);
    expect(readFrames(ring, attachReader(ring, 'every'), 4).frames).toEqual([]);
  });

  it('refuses a capacity outside 1..4096', () => {
    expect(() => createRing(0)).toThrow(/capacity/);
    expect(() => createRing(5000)).toThrow(/capacity/);
  });
});
