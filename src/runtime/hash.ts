/**
 * Hashes used by the runtime: a fast 32-bit FNV-1a over a value's structure for per-step
 * state digests (a divergence detector, not a security measure) and SHA-256 for trace hashes.
 */
import { createHash, type Hash } from 'node:crypto';

/**
 * FNV-1a over a plain value's structure (keys in insertion order, strings, numbers,
 * booleans, null, arrays, nested objects) without building a JSON string: the per-step
 * state digest, computed on every step, so it must not allocate.
 *
 * @example
 * digestValue({ clock: 3, queue: [] }) === digestValue({ clock: 3, queue: [] }) // true
 */
export function digestValue(value: unknown): string {
  return (hashInto(0x811c9dc5, value) >>> 0).toString(16).padStart(8, '0');
}

function hashString(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function hashInto(hash: number, value: unknown): number {
  switch (typeof value) {
    case 'string':
      return hashString(Math.imul(hash ^ 0x73, 0x01000193), value);
    case 'number':
      // Integers (most state) hash as themselves; other numbers by their shortest decimal text.
      return Number.isInteger(value) && Math.abs(value) < 2 ** 31
        ? Math.imul(Math.imul(hash ^ 0x6e, 0x01000193) ^ value, 0x01000193)
        : hashString(Math.imul(hash ^ 0x66, 0x01000193), String(value));
    case 'boolean':
      return Math.imul(hash ^ (value ? 0x54 : 0x46), 0x01000193);
    case 'undefined':
      return Math.imul(hash ^ 0x75, 0x01000193);
    case 'object': {
      if (value === null) return Math.imul(hash ^ 0x4e, 0x01000193);
      if (Array.isArray(value)) {
        hash = Math.imul(hash ^ 0x5b, 0x01000193);
        for (let i = 0; i < value.length; i++) hash = hashInto(hash, value[i]);
        return Math.imul(hash ^ 0x5d, 0x01000193);
      }
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return hashString(hash, `bytes:${(value as ArrayBuffer).byteLength}`);
      hash = Math.imul(hash ^ 0x7b, 0x01000193);
      for (const key in value) {
        hash = hashString(hash, key);
        hash = hashInto(hash, (value as Record<string, unknown>)[key]);
      }
      return Math.imul(hash ^ 0x7d, 0x01000193);
    }
    default:
      // Functions and symbols have no data to compare.
      return Math.imul(hash ^ 0x3f, 0x01000193);
  }
}

/**
 * FNV-1a over bytes, as 8 hex digits.
 *
 * @example
 * bytesDigest(new Uint8Array([1, 2, 3]))
 */
export function bytesDigest(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * An incremental SHA-256 over lines of text.
 *
 * @example
 * const hash = new LineHash(); hash.add('{"seq":1}'); hash.hex();
 */
export class LineHash {
  private readonly hash: Hash = createHash('sha256');
  // Lines are buffered and hashed in chunks: one native call per ~64 KiB instead of two per line.
  private pending: string[] = [];
  private pendingChars = 0;

  add(line: string): void {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= 65_536) this.flush();
  }

  /** The digest so far; the hash stays usable. */
  hex(): string {
    this.flush();
    return this.hash.copy().digest('hex');
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.hash.update(this.pending.join('\n') + '\n');
    this.pending = [];
    this.pendingChars = 0;
  }
}
