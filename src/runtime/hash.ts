/**
 * Hashes used by the runtime: a fast 32-bit FNV-1a for per-step state digests (a
 * divergence detector, not a security measure) and SHA-256 for trace hashes.
 */
import { createHash, type Hash } from 'node:crypto';

/**
 * FNV-1a over the UTF-16 code units of a string, as 8 hex digits.
 *
 * @example
 * fnv1a32('{"clock":3}') // => '2d1c0a4e' (for instance)
 */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
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

  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
  }

  /** The digest so far; the hash stays usable. */
  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
