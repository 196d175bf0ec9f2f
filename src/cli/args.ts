/**
 * A small, strict flag parser: `--name value`, `--name=value` and boolean `--flag`.
 * Unknown flags are usage errors that name the flag and list the known ones.
 */
import { TroupeError } from '../runtime/errors.ts';

export interface FlagSpec {
  /** `string` takes a value; `boolean` does not; `list` may repeat. */
  type: 'string' | 'boolean' | 'list';
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

/**
 * Parses command-line arguments against a flag spec.
 *
 * @example
 * parseArgs(['x.ts', '--seed', '7', '--json'], { seed: { type: 'string' }, json: { type: 'boolean' } })
 * // => { positionals: ['x.ts'], flags: { seed: '7', json: true } }
 */
export function parseArgs(args: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inlineValue] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const name = rawName.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    const flag = spec[name];
    if (flag === undefined) {
      const known = Object.keys(spec).map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
      throw new TroupeError('USAGE', `unknown flag --${rawName}; known flags: ${known}`);
    }
    if (flag.type === 'boolean') {
      flags[name] = inlineValue === undefined ? true : inlineValue !== 'false';
      continue;
    }
    const value = inlineValue ?? args[++i];
    if (value === undefined) throw new TroupeError('USAGE', `flag --${rawName} needs a value`);
    if (flag.type === 'list') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { positionals, flags };
}

/**
 * Reads an integer flag, with a usage error that names it.
 *
 * @example
 * intFlag(flags, 'seed', 1) // => 7 for --seed 7
 */
export function intFlag(flags: ParsedArgs['flags'], name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TroupeError('USAGE', `--${name} must be an integer in [${min}, ${max}], got '${String(raw)}'`);
  }
  return value;
}

/**
 * Reads a number flag (`Infinity` allowed when `allowInfinity`).
 *
 * @example
 * numberFlag(flags, 'speed', 1) // => 2.5 for --speed 2.5
 */
export function numberFlag(flags: ParsedArgs['flags'], name: string, fallback: number, allowInfinity = false): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = raw === 'max' || raw === 'Infinity' ? Infinity : Number(raw);
  if (Number.isNaN(value) || (!allowInfinity && !Number.isFinite(value)) || value <= 0) {
    throw new TroupeError('USAGE', `--${name} must be a positive number${allowInfinity ? " (or 'max')" : ''}, got '${String(raw)}'`);
  }
  return value;
}

/**
 * Parses `--param key=value` entries: numbers and booleans become numbers and booleans.
 *
 * @example
 * paramFlags(['bulbs=12', 'fast=true']) // => { bulbs: 12, fast: true }
 */
export function paramFlags(entries: string[] | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const entry of entries ?? []) {
    const match = /^([\w.-]+)=(.*)$/s.exec(entry);
    if (match === null) throw new TroupeError('USAGE', `--param takes key=value, got '${entry}'`);
    const [, key, raw] = match as unknown as [string, string, string];
    params[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}
