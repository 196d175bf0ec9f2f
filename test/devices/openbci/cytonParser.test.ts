import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CytonStreamParser, SyntheticCytonBoard, encodeCytonPacket, decodeCytonPacket, countsToMicrovolts, microvoltsToCounts } from '../../../src/devices/openbci/index.ts';
import type { CytonSample } from '../../../src/devices/openbci/index.ts';

// A packet built byte by byte from the Cyton data format.
const HAND_PACKET = Uint8Array.from([
  0xa0, 0x05,
  0x00, 0x03, 0xe8, // ch1 = 1000
  0xff, 0xff, 0xff, // ch2 = -1
  0x80, 0x00, 0x00, // ch3 = -8388608 (most negative)
  0x7f, 0xff, 0xff, // ch4 = 8388607 (most positive)
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ch5..ch8 = 0
  0x00, 0x10, 0xff, 0xf0, 0x1f, 0x40, // accel x = 16, y = -16, z = 8000
  0xc0,
]);

function packetsFrom(seed: number, count: number): Uint8Array {
  const board = new SyntheticCytonBoard({ seed });
  board.write('b');
  return board.nextPackets(count);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function summary(samples: CytonSample[]): string[] {
  return samples.map((s) => `${s.sampleNumber}:${Array.from(s.channelCounts).join(',')}:${s.stopByte}`);
}

describe('Cyton packet codec', () => {
  it('decodes a hand-built packet, and 1000 counts is 22.3517 µV at gain 24 (1000 × 4.5 / 24 / 8388607 × 1e6)', () => {
    const packet = decodeCytonPacket(HAND_PACKET);
    expect(packet).not.toBeNull();
    expect(packet!.sampleNumber).toBe(5);
    expect(Array.from(packet!.channelCounts)).toEqual([1000, -1, -8388608, 8388607, 0, 0, 0, 0]);
    expect(packet!.aux).toEqual({ kind: 'accelerometer', counts: [16, -16, 8000] });
    // By hand: 4.5 / 24 = 0.1875 V full scale; / 8388607 = 2.2351744e-8 V per count; × 1000 counts = 22.351744 µV.
    expect(countsToMicrovolts(1000)).toBeCloseTo(22.351744, 5);
    expect(countsToMicrovolts(8388607)).toBeCloseTo(187500, 6);
    expect(countsToMicrovolts(1000, 1)).toBeCloseTo(536.441867, 5);
  });

  it('encodes the same values to the same bytes, and microvolts round-trip to counts', () => {
    const bytes = encodeCytonPacket({ sampleNumber: 5, channelCounts: [1000, -1, -8388608, 8388607, 0, 0, 0, 0], aux: { kind: 'accelerometer', counts: [16, -16, 8000] } });
    expect(Array.from(bytes)).toEqual(Array.from(HAND_PACKET));
    expect(microvoltsToCounts(22.351744)).toBe(1000);
    expect(microvoltsToCounts(1e9)).toBe(8388607); // clamped like a saturated ADC
  });

  it('reads analog aux (stop byte C1) as three 16-bit values', () => {
    const bytes = encodeCytonPacket({ sampleNumber: 0, channelCounts: new Array(8).fill(0), aux: { kind: 'analog', values: [1023, 512, 0] } });
    expect(bytes[32]).toBe(0xc1);
    expect(decodeCytonPacket(bytes)!.aux).toEqual({ kind: 'analog', values: [1023, 512, 0] });
  });

  it('refuses values a packet cannot carry', () => {
    expect(() => encodeCytonPacket({ sampleNumber: 256, channelCounts: new Array(8).fill(0) })).toThrow(/0\.\.255/);
    expect(() => encodeCytonPacket({ sampleNumber: 0, channelCounts: [1 << 23, 0, 0, 0, 0, 0, 0, 0] })).toThrow(/channel 1/);
    expect(decodeCytonPacket(HAND_PACKET.slice(0, 32))).toBeNull();
  });
});

describe('CytonStreamParser', () => {
  it('parses a hand-built packet to microvolts', () => {
    const parser = new CytonStreamParser();
    const [sample] = parser.push(HAND_PACKET);
    expect(sample.channelsMicrovolts[0]).toBeCloseTo(22.351744, 5);
    expect(sample.channelsMicrovolts[1]).toBeCloseTo(-0.022351744, 8);
    expect(parser.stats).toMatchObject({ packets: 1, skippedBytes: 0, corruptPackets: 0, sampleGaps: 0 });
  });

  it('uses per-channel gains when given', () => {
    const parser = new CytonStreamParser({ gain: [1, 24, 24, 24, 24, 24, 24, 24] });
    expect(parser.push(HAND_PACKET)[0].channelsMicrovolts[0]).toBeCloseTo(536.441867, 5);
    expect(() => new CytonStreamParser({ gain: [24, 24] })).toThrow(/8 of them/);
  });

  it('skips garbage between packets and still returns every packet', () => {
    const clean = packetsFrom(1, 20);
    const expected = summary(new CytonStreamParser().push(clean));
    const garbage = new TextEncoder().encode('OpenBCI noise $$$');
    const parts: Uint8Array[] = [garbage];
    for (let p = 0; p < 20; p++) parts.push(clean.subarray(p * 33, (p + 1) * 33), garbage.subarray(0, p % 5));
    const parser = new CytonStreamParser();
    expect(summary(parser.push(concat(...parts)))).toEqual(expected);
    expect(parser.stats.skippedBytes).toBe(garbage.length + [0, 1, 2, 3, 4].reduce((a, b) => a + b, 0) * 4);
    expect(parser.stats.sampleGaps).toBe(0);
  });

  it('drops a packet with a damaged stop byte, counts it corrupt, and reports the sample-number gap', () => {
    const stream = packetsFrom(2, 10).slice();
    stream[3 * 33 + 32] = 0x00; // packet 3 loses its stop byte
    const parser = new CytonStreamParser();
    const samples = parser.push(stream);
    expect(samples.map((s) => s.sampleNumber)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(parser.stats.corruptPackets).toBe(1);
    expect(parser.stats.sampleGaps).toBe(1);
    expect(parser.stats.missingSamples).toBe(1);
  });

  it('keeps an incomplete packet for the next chunk, and reports it as truncated at the end', () => {
    const stream = packetsFrom(3, 4);
    const parser = new CytonStreamParser();
    expect(parser.push(stream.subarray(0, 33 * 3 + 20))).toHaveLength(3);
    expect(parser.end().truncatedBytes).toBe(20);
    const resumed = new CytonStreamParser();
    resumed.push(stream.subarray(0, 50));
    expect(resumed.push(stream.subarray(50))).toHaveLength(3);
  });

  it('treats the wrap from sample 255 to 0 as consecutive, and counts lost packets in the gap', () => {
    const board = new SyntheticCytonBoard({ seed: 4, packetLossProbability: 0.05 });
    board.write('b');
    const parser = new CytonStreamParser();
    const samples = parser.push(board.nextPackets(1000));
    // Every lost packet is accounted for, except losses before the first or after the last
    // packet received, which no sample-number gap can show.
    const lostBefore = samples[0].sampleNumber;
    const lostAfter = ((999 & 0xff) - samples[samples.length - 1].sampleNumber) & 0xff;
    expect(parser.stats.missingSamples).toBe(1000 - samples.length - lostBefore - lostAfter);
    expect(parser.stats.missingSamples).toBeGreaterThan(20);
    const clean = new CytonStreamParser();
    clean.push(packetsFrom(4, 600));
    expect(clean.stats.sampleGaps).toBe(0);
  });

  it('any split of a valid stream into chunks parses to the same samples (property)', () => {
    const stream = concat(new TextEncoder().encode('Success: analog$$$'), packetsFrom(5, 40));
    const expected = summary(new CytonStreamParser().push(stream));
    expect(expected).toHaveLength(40);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 60 }), (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const parser = new CytonStreamParser();
        const got: CytonSample[] = [];
        for (let i = 0; i + 1 < bounds.length; i++) got.push(...parser.push(stream.subarray(bounds[i], bounds[i + 1])));
        expect(summary(got)).toEqual(expected);
        expect(parser.end().truncatedBytes).toBe(0);
      }),
      { numRuns: 200, seed: 21 },
    );
  });

  it('garbage without header bytes, inserted anywhere between packets, never changes the samples (property)', () => {
    const stream = packetsFrom(6, 15);
    const expected = summary(new CytonStreamParser().push(stream));
    const garbageByte = fc.integer({ min: 0, max: 0x9f }); // text and noise below 0xA0
    fc.assert(
      fc.property(fc.array(fc.array(garbageByte, { maxLength: 40 }), { minLength: 16, maxLength: 16 }), (gaps) => {
        const parts: Uint8Array[] = [];
        for (let p = 0; p < 15; p++) parts.push(Uint8Array.from(gaps[p]), stream.subarray(p * 33, (p + 1) * 33));
        parts.push(Uint8Array.from(gaps[15]));
        const parser = new CytonStreamParser();
        expect(summary(parser.push(concat(...parts)))).toEqual(expected);
        expect(parser.stats.skippedBytes).toBe(gaps.reduce((n, g) => n + g.length, 0));
      }),
      { numRuns: 100, seed: 22 },
    );
  });

  it('resyncs after random byte damage and never returns more packets than were sent', () => {
    const board = new SyntheticCytonBoard({ seed: 7, byteErrorProbability: 0.1 });
    board.write('b');
    const parser = new CytonStreamParser();
    const samples = parser.push(board.nextPackets(2000));
    expect(samples.length).toBeLessThanOrEqual(2000);
    expect(samples.length).toBeGreaterThan(1850); // a damaged byte costs at most a packet or two
    expect(parser.stats.corruptPackets).toBeGreaterThan(0);
  });
});
