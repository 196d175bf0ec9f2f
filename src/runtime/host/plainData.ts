/**
 * What may travel between actors: plain data that survives structured clone (and JSON,
 * for remote hosts). Checked in the actor runner, which both the inline and the worker
 * host use, so an actor that emits a function fails the same way on either host instead
 * of working inline and crashing in a worker.
 */

/**
 * The path of the first part of `value` that is not plain data, or undefined if it all is.
 * Sets `found.binary` when the value holds bytes (an ArrayBuffer or a typed array), which
 * the trace then encodes by length and digest.
 *
 * @example
 * findNotPlainData({ type: 'PING', reply: () => 1 }, 'event') // => 'event.reply (a function)'
 */
export function findNotPlainData(value: unknown, path: string, depth = 0, found: { binary: boolean } = { binary: false }): string | undefined {
  if (depth > 64) return `${path} (nested deeper than 64 levels, or circular)`;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return undefined;
    case 'function':
      return `${path} (a function)`;
    case 'symbol':
      return `${path} (a symbol)`;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findNotPlainData(value[i], `${path}[${i}]`, depth + 1, found);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    found.binary = true;
    return undefined;
  }
  if (value instanceof Date) return undefined;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return `${path} (an instance of ${(prototype as { constructor?: { name?: string } }).constructor?.name ?? 'a class'})`;
  }
  for (const key in value as Record<string, unknown>) {
    const problem = findNotPlainData((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, found);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
