/**
 * Turns live values (actor contexts, fact values) into plain JSON for the page, with
 * limits: functions and symbols are dropped, cycles cut, deep or long structures
 * summarised, so one odd context cannot flood a socket.
 */

/** Deepest nesting copied; deeper values become a short description. */
const depthMax = 8;
/** Most array items or object keys copied per level. */
const entriesMax = 200;
/** Longest string copied. */
const stringLengthMax = 2_000;

/**
 * A JSON-safe copy of `value` within the limits above.
 *
 * @example
 * toPlain({ a: 1, f: () => 1, big: new Uint8Array(10) }) // => { a: 1, big: '[Uint8Array 10 bytes]' }
 */
export function toPlain(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return value.length > stringLengthMax ? `${value.slice(0, stringLengthMax)}… (${value.length} chars)` : value;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object') return undefined;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (seen.has(value)) return '[cycle]';
  if (depth >= depthMax) return Array.isArray(value) ? `[array of ${value.length}]` : '[object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, entriesMax).map((item) => toPlain(item, depth + 1, seen) ?? null);
      if (value.length > entriesMax) items.push(`… ${value.length - entriesMax} more`);
      return items;
    }
    if (value instanceof Map) return toPlain(Object.fromEntries([...value.entries()].slice(0, entriesMax)), depth, seen);
    if (value instanceof Set) return toPlain([...value].slice(0, entriesMax), depth, seen);
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (const key of keys.slice(0, entriesMax)) {
      const plain = toPlain((value as Record<string, unknown>)[key], depth + 1, seen);
      if (plain !== undefined) out[key] = plain;
    }
    if (keys.length > entriesMax) out['…'] = `${keys.length - entriesMax} more keys`;
    return out;
  } finally {
    seen.delete(value);
  }
}
