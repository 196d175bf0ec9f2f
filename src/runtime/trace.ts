/**
 * Traces: JSON Lines. The first line is the header (scenario, seed, every derived option);
 * then one record per event, in canonical order. The trace hash is SHA-256 over the
 * header's deterministic part and every record, each as compact JSON in the key order
 * troupe writes (JSON.parse keeps that order, so a file read back hashes the same).
 * Which host ran the actors and how the run was paced are not hashed: they must not
 * change the result.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LineHash, bytesDigest } from './hash.ts';
import { TroupeError } from './errors.ts';
import type { ActorId, CrashReason, MessageEvent, StartMode } from './messages.ts';
import type { ResolvedFault } from './faults.ts';
import type { NetworkOptions } from './network.ts';

export const TRACE_FORMAT_VERSION = 1;

/** The first line of a trace. Everything a replay needs besides the scenario file itself. */
export interface TraceHeader {
  kind: 'header';
  troupe: number;
  scenario: string;
  /** The scenario file, relative to the working directory when recorded. */
  scenarioPath?: string;
  seed: number;
  durationMs: number;
  network: NetworkOptions;
  /** The scenario's parameters after defaults and overrides. */
  params: Record<string, unknown>;
  /** Not hashed: informative only. */
  host?: string;
  pacing?: string;
}

/** An input from outside the simulation (a person's command, a device's reading). */
export type ExternalInput =
  | { kind: 'fault'; fault: ResolvedFault }
  | { kind: 'message'; to: ActorId; from: ActorId; event: MessageEvent }
  /** A fact a device reported (a relay's state, a driver error). */
  | { kind: 'fact'; actor: ActorId; name: string; value: unknown };

type Base<K extends string> = { seq: number; t: number; kind: K };

export type TraceRecord =
  | (Base<'start'> & { actor: ActorId; mode: StartMode; state?: string; digest: string })
  | (Base<'deliver'> & { actor: ActorId; msg: number; from: ActorId; state?: string; digest: string })
  | (Base<'timer'> & { actor: ActorId; timer: number; state?: string; digest: string })
  | (Base<'send'> & { actor: ActorId; to: ActorId; msg: number; event: MessageEvent; deliverAtMs: number[] })
  | (Base<'drop'> & { actor: ActorId; msg: number; reason: 'partition' | 'loss' | 'crashed' | 'unknown-target' })
  | (Base<'fact'> & { actor: ActorId; name: string; value: unknown })
  | (Base<'fault'> & { fault: ResolvedFault })
  /** `before`: the canonical key of the event it preceded (see ScheduledInput), so replay feeds it at the same point. */
  | (Base<'input'> & { before: [number, number, number, number] | null; input: ExternalInput })
  | (Base<'crash'> & { actor: ActorId; reason: CrashReason; message: string })
  | (Base<'stop'> & { actor: ActorId })
  | (Base<'give-up'> & { actor: ActorId; restarts: number })
  | (Base<'spawn'> & { actor: ActorId; template: string; by: ActorId })
  | (Base<'error'> & { actor: ActorId; code: string; message: string })
  /** `stoppedBefore`: present when the run was stopped early, the key of the event it stopped before (see ScheduledInput). */
  | (Base<'end'> & { steps: number; stoppedBefore?: [number, number, number, number] | null });

export type TraceKind = TraceRecord['kind'];

/** The part of the header that is hashed. */
function hashedHeader(header: TraceHeader): string {
  const { host: _host, pacing: _pacing, scenarioPath: _path, ...rest } = header;
  return JSON.stringify(rest);
}

/**
 * Collects a run's records, keeps the running hash, and tells listeners (the UI, a file).
 *
 * @example
 * const trace = new TraceRecorder(header, 1_000_000);
 * trace.add({ seq: 0, t: 0, kind: 'end', steps: 0 });
 * trace.hash();
 */
export class TraceRecorder {
  readonly records: TraceRecord[] = [];
  private readonly lineHash = new LineHash();
  private readonly listeners: ((record: TraceRecord) => void)[] = [];

  /** @param recordsMax the most records one run may keep in memory; past it the run stops with LIMIT_REACHED. */
  constructor(readonly header: TraceHeader, private readonly recordsMax: number) {
    this.lineHash.add(hashedHeader(header));
  }

  /** Appends a record (its `seq` must be the next number). `binary`: it holds bytes (see recordJson). */
  add(record: TraceRecord, binary = false): void {
    if (this.records.length >= this.recordsMax) {
      throw new TroupeError('LIMIT_REACHED', `trace reached recordsMax (${this.recordsMax}) records at t=${record.t}ms; shorten the run (--duration-ms) or raise recordsMax`);
    }
    this.records.push(record);
    this.lineHash.add(binary || record.kind === 'input' ? recordJson(record) : JSON.stringify(record));
    for (const listener of this.listeners) listener(record);
  }

  get nextSeq(): number {
    return this.records.length;
  }

  /** Calls `listener` for every later record. Returns the function that stops it. */
  subscribe(listener: (record: TraceRecord) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** SHA-256 of the header and every record so far, as hex. */
  hash(): string {
    return this.lineHash.hex();
  }
}

/**
 * The trace hash of a header and records, computed the same way the recorder does.
 *
 * @example
 * const { header, records } = readTrace('run.jsonl'); traceHash(header, records);
 */
export function traceHash(header: TraceHeader, records: readonly TraceRecord[]): string {
  const hash = new LineHash();
  hash.add(hashedHeader(header));
  for (const record of records) hash.add(recordJson(record));
  return hash.hex();
}

/**
 * A record as one line of JSON. Bytes (an ArrayBuffer or a typed array in a payload) are
 * written as `{ "$bytes": length, "fnv": digest }`: a trace names binary frames without
 * carrying them, and the hash still tells two different frames apart.
 *
 * @example
 * recordJson({ seq: 0, t: 0, kind: 'fact', actor: 'cam', name: 'frame', value: new Uint8Array(3) })
 * // => '{"seq":0,…,"value":{"$bytes":3,"fnv":"…"}}'
 */
export function recordJson(record: TraceRecord | TraceHeader): string {
  return JSON.stringify(record, bytesReplacer);
}

function bytesReplacer(_key: string, value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { $bytes: value.byteLength, fnv: bytesDigest(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $bytes: value.byteLength, fnv: bytesDigest(bytes) };
  }
  return value;
}

/**
 * Writes a trace as JSON Lines.
 *
 * @example
 * writeTrace('traces/run.jsonl', header, records);
 */
export function writeTrace(path: string, header: TraceHeader, records: readonly TraceRecord[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const lines = [JSON.stringify(header)];
  for (const record of records) lines.push(recordJson(record));
  writeFileSync(path, lines.join('\n') + '\n');
}

/**
 * Reads and validates a trace file. A truncated or malformed file is a TRACE_INVALID error
 * naming the line.
 *
 * @example
 * const { header, records } = readTrace('traces/three-vms-1.jsonl');
 */
export function readTrace(path: string): { header: TraceHeader; records: TraceRecord[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new TroupeError('TRACE_INVALID', `trace '${path}' cannot be read; check the path`);
  }
  return parseTrace(text, path);
}

/** Parses trace text (see readTrace). */
export function parseTrace(text: string, source = 'trace'): { header: TraceHeader; records: TraceRecord[] } {
  if (!text.endsWith('\n')) {
    const line = text.split('\n').length;
    throw new TroupeError('TRACE_INVALID', `${source}: line ${line} is incomplete (the file is truncated); re-record the run`, { line });
  }
  const lines = text.split('\n');
  lines.pop();
  const parse = (line: string, number: number): Record<string, unknown> => {
    try {
      const value = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    } catch {
      // reported below with the line number
    }
    throw new TroupeError('TRACE_INVALID', `${source}: line ${number} is not a JSON object`, { line: number });
  };
  if (lines.length === 0) throw new TroupeError('TRACE_INVALID', `${source}: empty file, expected a header line`);
  const header = parse(lines[0]!, 1);
  if (header.kind !== 'header' || typeof header.scenario !== 'string' || typeof header.seed !== 'number') {
    throw new TroupeError('TRACE_INVALID', `${source}: line 1 is not a troupe trace header (needs kind 'header', scenario, seed)`, { line: 1 });
  }
  if (header.troupe !== TRACE_FORMAT_VERSION) {
    throw new TroupeError('TRACE_INVALID', `${source}: trace format ${String(header.troupe)} is not supported (expected ${TRACE_FORMAT_VERSION})`);
  }
  const records: TraceRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const record = parse(lines[i]!, i + 1);
    if (record.seq !== i - 1 || typeof record.t !== 'number' || typeof record.kind !== 'string') {
      throw new TroupeError('TRACE_INVALID', `${source}: line ${i + 1} is not record ${i - 1} (needs seq ${i - 1}, t, kind)`, { line: i + 1 });
    }
    records.push(record as TraceRecord);
  }
  const last = records[records.length - 1];
  if (last === undefined || last.kind !== 'end') {
    throw new TroupeError('TRACE_INVALID', `${source}: no 'end' record; the run was cut short or the file is truncated`);
  }
  return { header: header as unknown as TraceHeader, records };
}
