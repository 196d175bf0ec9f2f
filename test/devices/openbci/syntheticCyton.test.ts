import { describe, expect, it } from 'vitest';
import { CytonReplyReader, CytonStreamParser, SyntheticCytonBoard } from '../../../src/devices/openbci/index.ts';

describe('SyntheticCytonBoard', () => {
  it('sends nothing until b, 250 packets per second while streaming, and nothing after s', () => {
    const board = new SyntheticCytonBoard({ seed: 1 });
    expect(board.read(500)).toHaveLength(0);
    board.write('b');
    const firstSecond = board.read(1500);
    expect(firstSecond.length).toBe(250 * 33);
    board.write('s');
    expect(board.read(3000)).toHaveLength(0);
    expect(board.isStreaming).toBe(false);
  });

  it('reading in small steps yields the same bytes as one big read', () => {
    const a = new SyntheticCytonBoard({ seed: 9 });
    const b = new SyntheticCytonBoard({ seed: 9 });
    a.write('b');
    b.write('b');
    const whole = a.read(2000);
    const parts: number[] = [];
    for (let t = 7; t <= 2000; t += 7) parts.push(...b.read(t));
    parts.push(...b.read(2000));
    expect(parts).toEqual(Array.from(whole));
  });

  it('a second b while streaming does not start a second stream', () => {
    const board = new SyntheticCytonBoard({ seed: 2 });
    board.write('b');
    board.read(100);
    board.write('b');
    expect(board.read(200).length).toBe(25 * 33);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const bytes = (seed: number) => {
      const board = new SyntheticCytonBoard({ seed });
      board.write('b');
      return Array.from(board.nextPackets(100));
    };
    expect(bytes(3)).toEqual(bytes(3));
    expect(bytes(3)).not.toEqual(bytes(4));
  });

  it('answers v with its identity ending in $$$, and /2 with Success: analog$$$', () => {
    const board = new SyntheticCytonBoard({ seed: 5 });
    const reader = new CytonReplyReader();
    board.write('v');
    expect(reader.push(board.read(10))).toMatch(/^OpenBCI V3 8-16 channel\n.*Firmware: v3/s);
    board.write('/2');
    expect(reader.push(board.read(20))).toBe('Success: analog');
    board.write('//');
    expect(reader.push(board.read(30))).toBe('Board mode is analog');
    expect(board.boardMode).toBe('analog');
  });

  it('in analog mode carries a pulse wave (0..1023, about 72 beats a minute) on A5 with stop byte C1', () => {
    const board = new SyntheticCytonBoard({ seed: 6, pulseBpm: 72 });
    board.write('/2b');
    const parser = new CytonStreamParser();
    const samples = parser.push(board.read(10_000));
    expect(parser.stats.skippedBytes).toBe('Success: analog$$$'.length);
    expect(samples.length).toBe(2500);
    expect(samples.every((s) => s.stopByte === 0xc1 && s.aux.kind === 'analog')).toBe(true);
    const a5 = samples.map((s) => (s.aux.kind === 'analog' ? s.aux.values[0] : NaN));
    expect(Math.min(...a5)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a5)).toBe(1023);
    // Count upward crossings of the mid level: one per beat; 10 s at 72 BPM is 12 beats.
    let crossings = 0;
    for (let i = 1; i < a5.length; i++) if (a5[i - 1] < 750 && a5[i] >= 750) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(11);
    expect(crossings).toBeLessThanOrEqual(13);
  });

  it('in default mode the accelerometer reads about 1 g on Z', () => {
    const board = new SyntheticCytonBoard({ seed: 7 });
    board.write('b');
    const [sample] = new CytonStreamParser().push(board.nextPackets(1));
    expect(sample.aux.kind).toBe('accelerometer');
    if (sample.aux.kind === 'accelerometer') expect(sample.aux.counts[2] * 0.000125).toBeCloseTo(1, 1);
  });

  it('v resets the sample numbers and stops the stream', () => {
    const board = new SyntheticCytonBoard({ seed: 8 });
    board.write('b');
    board.nextPackets(10);
    board.write('v');
    expect(board.isStreaming).toBe(false);
    board.write('b');
    const parser = new CytonStreamParser();
    const samples = parser.push(board.nextPackets(3));
    expect(samples.map((s) => s.sampleNumber)).toEqual([0, 1, 2]);
  });

  it('refuses to read backwards in time and caps one read at a minute of packets', () => {
    const board = new SyntheticCytonBoard({ seed: 9 });
    board.read(100);
    expect(() => board.read(50)).toThrow(/must not go back/);
    board.write('b');
    expect(board.read(120_000).length).toBe(250 * 60 * 33);
    expect(board.read(120_000).length).toBeGreaterThan(0); // the rest comes on the next read
  });
});

describe('SyntheticCytonBoard reply buffer', () => {
  it('keeps at most CYTON_REPLY_BYTES_MAX reply bytes when nobody reads, losing the oldest', async () => {
    const { CYTON_REPLY_BYTES_MAX } = await import('../../../src/devices/openbci/index.ts');
    const board = new SyntheticCytonBoard({ seed: 10 });
    for (let i = 0; i < 1000; i++) board.write('//');
    const bytes = board.read(1);
    expect(bytes.length).toBe(CYTON_REPLY_BYTES_MAX);
    expect(Buffer.from(bytes).toString('latin1').endsWith('Board mode is default$$$')).toBe(true);
  });
});
