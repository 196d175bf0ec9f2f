import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from '../../src/datahub/envelopeCodec.ts';

describe('agent envelopes', () => {
  it('carry ArrayBuffers as raw bytes through a round trip', () => {
    const payload = Uint8Array.from([1, 2, 3, 250]).buffer;
    const decoded = decodeEnvelope(encodeEnvelope({ kind: 'message', event: { type: 'FRAME', payload, nested: [payload] } })) as { event: { payload: ArrayBuffer; nested: ArrayBuffer[] } };
    expect([...new Uint8Array(decoded.event.payload)]).toEqual([1, 2, 3, 250]);
    expect(decoded.event.nested[0]!.byteLength).toBe(4);
  });

  it('rejects truncated and malformed messages with ENVELOPE_INVALID', () => {
    const bytes = encodeEnvelope({ a: new ArrayBuffer(10) });
    expect(() => decodeEnvelope(bytes.subarray(0, bytes.length - 3))).toThrow(expect.objectContaining({ code: 'ENVELOPE_INVALID' }));
    expect(() => decodeEnvelope(Uint8Array.from([0, 0, 0, 2, 123, 0]))).toThrow(expect.objectContaining({ code: 'ENVELOPE_INVALID' }));
  });
});
