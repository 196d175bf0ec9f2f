import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, SyntheticCamera, decodeFrameHeader } from '../../../src/devices/camera/index.ts';
import { PeakBpmEstimator } from '../../../src/devices/pulse/index.ts';

describe('SyntheticCamera', () => {
  it('makes ~50 KB JPEG-like frames carrying the sequence and capture time it was given', () => {
    const camera = new SyntheticCamera({ seed: 1 });
    const frame = camera.capture(17, 1234.5);
    const header = decodeFrameHeader(frame);
    expect(header).toMatchObject({ sequence: 17, captureTimeMs: 1234.5, width: 640, height: 480, quality: 75 });
    expect(header.payloadBytes).toBeGreaterThan(45_000);
    expect(header.payloadBytes).toBeLessThanOrEqual(55_000); // ±10 % for scene content
    const payload = new Uint8Array(frame, FRAME_HEADER_BYTES);
    expect([payload[0], payload[1]]).toEqual([0xff, 0xd8]); // JPEG start of image
    expect([payload[payload.length - 2], payload[payload.length - 1]]).toEqual([0xff, 0xd9]); // end of image
  });

  it('lower quality gives smaller frames, for a streamer under backpressure', () => {
    const camera = new SyntheticCamera({ seed: 2 });
    const size = (q: number) => decodeFrameHeader(camera.capture(0, 0, q)).payloadBytes;
    expect(size(30)).toBeLessThan(size(75) * 0.5);
    expect(size(95)).toBeGreaterThan(size(75));
  });

  it('is deterministic per seed', () => {
    const bytes = (seed: number) => Buffer.from(new SyntheticCamera({ seed }).capture(0, 0)).toString('base64');
    expect(bytes(3)).toBe(bytes(3));
    expect(bytes(3)).not.toBe(bytes(4));
  });

  it('carries the pulse in the face green value: 30 fps frames give the heart rate', () => {
    const camera = new SyntheticCamera({ seed: 4, pulseBpm: 80 });
    const estimator = new PeakBpmEstimator({ sampleRateHz: 30 });
    for (let i = 0; i < 30 * 30; i++) estimator.push([decodeFrameHeader(camera.capture(i, (i * 1000) / 30)).faceGreenMean]);
    expect(Math.abs(estimator.bpm! - 80)).toBeLessThanOrEqual(2);
  });

  it('rejects truncated or foreign buffers with FRAME_INVALID', () => {
    const frame = new SyntheticCamera({ seed: 5 }).capture(1, 0);
    expect(() => decodeFrameHeader(frame.slice(0, 10))).toThrow(/shorter than its 32-byte header/);
    expect(() => decodeFrameHeader(frame.slice(0, 1000))).toThrow(/header says/);
    expect(() => decodeFrameHeader(new ArrayBuffer(64))).toThrow(/frame magic/);
  });
});
