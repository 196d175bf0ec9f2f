/**
 * Traces for replay mode: read from a path under the server's root folder or from an
 * upload, validated, and joined with what the page needs to draw them (actor list,
 * statechart outlines and final checks when the scenario file can still be loaded).
 * A trace cut short (no `end` record, e.g. saved mid-run) is accepted and marked partial.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { TroupeError, loadScenario, parseTrace, type TraceHeader, type TraceRecord } from '../runtime/index.ts';
import { evaluateChecks, type CheckReport } from './checksMonitor.ts';
import { scenarioOutlines, type StateOutline } from './machineOutline.ts';

/** Largest trace file the page may open, and most records; past them the load is refused. */
export const traceBytesMax = 128 * 1024 * 1024;
export const traceRecordsMax = 1_000_000;

/** What the page gets for replay. */
export interface ReplayPayload {
  type: 'trace';
  source: string;
  partial: boolean;
  header: TraceHeader;
  records: TraceRecord[];
  actors: string[];
  outlines: StateOutline[];
  outlineByActor: Record<string, number>;
  checks: CheckReport[];
  system: string;
}

/**
 * Parses trace text, accepting a missing `end` record.
 *
 * @example
 * parseTraceLenient(text, 'upload').partial // => true for a trace saved mid-run
 */
export function parseTraceLenient(text: string, source: string): { header: TraceHeader; records: TraceRecord[]; partial: boolean } {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  try {
    return { ...parseTrace(body, source), partial: false };
  } catch (error) {
    if (!(error instanceof TroupeError && /no 'end' record/.test(error.message))) throw error;
    const recordCount = body.split('\n').length - 2;
    const lastT = (JSON.parse(body.trimEnd().split('\n').pop()!) as { t?: number }).t ?? 0;
    const ended = `${body}${JSON.stringify({ seq: recordCount, t: lastT, kind: 'end', steps: 0 })}\n`;
    return { ...parseTrace(ended, source), partial: true };
  }
}

/**
 * Resolves a trace path the page asked for: a `.jsonl` file inside `rootDir`.
 *
 * @example
 * resolveTracePath('test-output/run.jsonl', process.cwd())
 */
export function resolveTracePath(path: string, rootDir: string): string {
  const absolute = resolve(rootDir, path);
  const inside = relative(rootDir, absolute);
  if (inside.startsWith('..') || isAbsolute(inside) || !absolute.endsWith('.jsonl')) {
    throw new TroupeError('TRACE_INVALID', `trace path '${path}' must be a .jsonl file inside ${rootDir}; upload the file instead`);
  }
  let size: number;
  try {
    size = statSync(absolute).size;
  } catch {
    throw new TroupeError('TRACE_INVALID', `trace '${path}' cannot be read; check the path`);
  }
  if (size > traceBytesMax) throw new TroupeError('LIMIT_REACHED', `trace '${path}' is ${size} bytes; the UI opens traces up to ${traceBytesMax} bytes`);
  return absolute;
}

/** Actor ids in order of first appearance in the records. */
function actorsOf(records: readonly TraceRecord[]): string[] {
  const seen = new Set<string>();
  for (const record of records) if ('actor' in record && typeof record.actor === 'string' && record.actor !== '') seen.add(record.actor);
  return [...seen];
}

/**
 * Builds the replay payload of a trace text.
 *
 * @example
 * const payload = await replayPayload(readFileSync('run.jsonl', 'utf8'), 'run.jsonl');
 */
export async function replayPayload(text: string, source: string): Promise<ReplayPayload> {
  const { header, records, partial } = parseTraceLenient(text, source);
  if (records.length > traceRecordsMax) throw new TroupeError('LIMIT_REACHED', `${source} has ${records.length} records; the UI opens traces up to ${traceRecordsMax}`);
  let actors = actorsOf(records);
  let outlines: StateOutline[] = [];
  let outlineByActor: Record<string, number> = {};
  let checks: CheckReport[] = [];
  if (header.scenarioPath !== undefined) {
    try {
      const scenario = await loadScenario(header.scenarioPath);
      ({ outlines, byActor: outlineByActor } = scenarioOutlines(scenario, header.seed, header.params));
      actors = [...new Set([...Object.keys(outlineByActor), ...actors])];
      checks = evaluateChecks(scenario.checks ?? [], header, records, actors, !partial);
    } catch {
      // The scenario moved or no longer loads: replay still works, without outlines and checks.
    }
  }
  return { type: 'trace', source, partial, header, records, actors, outlines, outlineByActor, checks, system: header.scenario.split('/')[0]! };
}

/**
 * Reads a trace file for replay (see resolveTracePath for which paths are allowed).
 *
 * @example
 * await replayPayloadFromPath('test-output/run.jsonl', process.cwd())
 */
export async function replayPayloadFromPath(path: string, rootDir: string): Promise<ReplayPayload> {
  return replayPayload(readFileSync(resolveTracePath(path, rootDir), 'utf8'), path);
}
