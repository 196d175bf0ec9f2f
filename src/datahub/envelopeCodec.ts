/**
 * The agent protocol's wire format: one WebSocket binary message per envelope. JSON cannot
 * carry `ArrayBuffer`s, so each buffer in the value is replaced by `{ "$buf": i }` and its
 * bytes follow the JSON:
 *
 *   u32 BE json length | json (UTF-8) | u32 BE length of buffer 0 | bytes | …
 *
 * Frames (video, EEG packets) therefore cross the network as raw bytes, not base64.
 */
import { TroupeError } from '../runtime/errors.ts';

/** Buffers one envelope may carry at most; more is ENVELOPE_INVALID. */
export const ENVELOPE_BUFFERS_MAX = 1_024;
/** Largest envelope accepted (and the WebSocket server's maxPayload). */
export const ENVELOPE_BYTES_MAX = 16 * 1024 * 1024;

/**
 * Encodes a value holding ArrayBuffers anywhere inside it.
 *
 * @example
 * const bytes = encodeEnvelope({ to: 'hub', event: { type: 'FRAME', payload: new ArrayBuffer(8) } });
 */
export function encodeEnvelope(value: unknown): Uint8Array {
  const buffers: ArrayBuffer[] = [];
  const json = JSON.stringify(value, (_key, item) => {
    if (item instanceof ArrayBuffer) {
      buffers.push(item);
      return { $buf: buffers.length - 1 };
    }
    return item;
  });
  const text = new TextEncoder().encode(json);
  let total = 4 + text.length;
  for (const buffer of buffers) total += 4 + buffer.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, text.length);
  out.set(text, 4);
  let offset = 4 + text.length;
  for (const buffer of buffers) {
    view.setUint32(offset, buffer.byteLength);
    out.set(new Uint8Array(buffer), offset + 4);
    offset += 4 + buffer.byteLength;
  }
  return out;
}

/**
 * Decodes what encodeEnvelope made; a malformed message is an ENVELOPE_INVALID error.
 *
 * @example
 * const envelope = decodeEnvelope(bytes) as { to: string; event: { payload: ArrayBuffer } };
 */
export function decodeEnvelope(bytes: Uint8Array): unknown {
  const fail = (why: string): never => {
    throw new TroupeError('ENVELOPE_INVALID', `agent envelope of ${bytes.length} bytes is malformed: ${why}`);
  };
  if (bytes.length < 4) fail('shorter than its length prefix');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(0);
  if (4 + jsonLength > bytes.length) fail('JSON runs past the end');
  const buffers: ArrayBuffer[] = [];
  let offset = 4 + jsonLength;
  while (offset < bytes.length) {
    if (buffers.length >= ENVELOPE_BUFFERS_MAX) fail(`more than ${ENVELOPE_BUFFERS_MAX} buffers`);
    if (offset + 4 > bytes.length) fail('truncated buffer length');
    const length = view.getUint32(offset);
    if (offset + 4 + length > bytes.length) fail('buffer runs past the end');
    buffers.push(bytes.slice(offset + 4, offset + 4 + length).buffer);
    offset += 4 + length;
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength)), (_key, item) => {
      if (item !== null && typeof item === 'object' && typeof item.$buf === 'number' && Object.keys(item).length === 1) {
        const buffer = buffers[item.$buf];
        if (buffer === undefined) fail(`names buffer ${item.$buf}, which is missing`);
        return buffer;
      }
      return item;
    });
  } catch (error) {
    if (error instanceof TroupeError) throw error;
    fail('JSON does not parse');
  }
  return value;
}
