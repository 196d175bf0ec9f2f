/**
 * Per-actor logs from a trace: every fact whose name ends in `.log` becomes a CSV row in
 * `<dir>/<actor>.csv`, with the virtual time first and the fact's fields after it, so a
 * user can plot, e.g., a Lamport VM's logical clock and queue length against time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecord } from '../runtime/trace.ts';

/**
 * Writes one CSV per actor; returns the files written.
 *
 * @example
 * writeFactLogs('logs', result.records) // => ['logs/vm-1.csv', 'logs/vm-2.csv', 'logs/vm-3.csv']
 */
export function writeFactLogs(dir: string, records: readonly TraceRecord[]): string[] {
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const record of records) {
    if (record.kind !== 'fact' || !record.name.endsWith('.log')) continue;
    const value = typeof record.value === 'object' && record.value !== null ? record.value : { value: record.value };
    let list = rows.get(record.actor);
    if (list === undefined) rows.set(record.actor, (list = []));
    list.push({ t_ms: record.t, ...(value as Record<string, unknown>) });
  }
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [actor, list] of rows) {
    const columns: string[] = [];
    for (const row of list) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    const lines = [columns.join(','), ...list.map((row) => columns.map((column) => csvCell(row[column])).join(','))];
    const path = join(dir, `${actor}.csv`);
    writeFileSync(path, lines.join('\n') + '\n');
    written.push(path);
  }
  return written;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
