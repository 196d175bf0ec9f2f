/**
 * Batches trace records for the page and thins them when they come faster than the page
 * can draw. The page's picture of who is up, paused or leading does not depend on what
 * is thinned: control records (starts, crashes, faults, inputs…) and role-like facts are
 * always kept, and the session sends an exact actor snapshot alongside. What thinning
 * loses is only the density of the message arrows, animations and plots.
 */
import type { TraceRecord } from '../runtime/index.ts';

export interface BatcherOptions {
  /** Records per second the page is sent at most (beyond it bulk records are thinned). */
  recordsPerSecondMax: number;
  /** How often a batch is sent. */
  flushIntervalMs: number;
  /** Records held between flushes; past it the oldest bulk records are dropped (counted as thinned). */
  pendingRecordsMax: number;
}

export const defaultBatcherOptions: BatcherOptions = { recordsPerSecondMax: 4_000, flushIntervalMs: 75, pendingRecordsMax: 50_000 };

/** One batch as the page receives it. */
export interface RecordBatch {
  records: TraceRecord[];
  /** Records of this interval that were not sent. */
  thinned: number;
  /** Every record of this interval, sent or not, by kind (so counters stay exact). */
  counts: Record<string, number>;
  /** seq of the last record of the interval. */
  lastSeq: number;
}

const controlKinds = new Set<TraceRecord['kind']>(['start', 'crash', 'stop', 'give-up', 'spawn', 'fault', 'input', 'error', 'end']);

/**
 * True for records the page must see even when thinning: control records, and facts whose
 * value is a string or boolean (roles, leaders, primaries) rather than a stream of numbers
 * or log objects.
 *
 * @example
 * isPriorityRecord({ seq: 3, t: 10, kind: 'fact', actor: 'bulb-1', name: 'role', value: 'leader' }) // => true
 */
export function isPriorityRecord(record: TraceRecord): boolean {
  if (controlKinds.has(record.kind)) return true;
  if (record.kind !== 'fact') return false;
  return typeof record.value === 'string' || typeof record.value === 'boolean' || record.value === null;
}

/**
 * Collects records between flushes and turns them into batches within a rate budget.
 *
 * @example
 * const batcher = new RecordBatcher(defaultBatcherOptions);
 * supervisor.trace.subscribe((record) => batcher.push(record));
 * setInterval(() => { const batch = batcher.flush(); if (batch) send(batch); }, 75);
 */
export class RecordBatcher {
  private pending: TraceRecord[] = [];
  private droppedEarly = 0;
  private counts: Record<string, number> = {};
  private lastSeq = -1;
  private priorityPending = 0;

  constructor(readonly options: BatcherOptions = defaultBatcherOptions) {}

  /** Adds a record. Returns true when it is a priority record (the caller may flush early). */
  push(record: TraceRecord): boolean {
    this.counts[record.kind] = (this.counts[record.kind] ?? 0) + 1;
    this.lastSeq = record.seq;
    const priority = isPriorityRecord(record);
    if (priority) this.priorityPending++;
    this.pending.push(record);
    if (this.pending.length > this.options.pendingRecordsMax) this.shed();
    return priority;
  }

  /** Records waiting for the next flush. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * The batch of everything since the last flush, thinned to the budget of `elapsedMs`
   * (or to priority records only when `priorityOnly`, for a page that is falling behind),
   * without clearing it: pages at different speeds get different thinnings of one interval.
   * Undefined when nothing happened.
   */
  peek(elapsedMs = this.options.flushIntervalMs, priorityOnly = false): RecordBatch | undefined {
    if (this.pending.length === 0 && this.droppedEarly === 0) return undefined;
    const budget = priorityOnly ? 0 : Math.max(1, Math.floor((this.options.recordsPerSecondMax * elapsedMs) / 1000));
    const records = thin(this.pending, budget);
    return { records, thinned: this.pending.length - records.length + this.droppedEarly, counts: { ...this.counts }, lastSeq: this.lastSeq };
  }

  /** Starts the next interval. */
  clear(): void {
    this.pending = [];
    this.droppedEarly = 0;
    this.counts = {};
    this.priorityPending = 0;
  }

  /** `peek` then `clear`. */
  flush(elapsedMs = this.options.flushIntervalMs, priorityOnly = false): RecordBatch | undefined {
    const batch = this.peek(elapsedMs, priorityOnly);
    this.clear();
    return batch;
  }

  /** At pendingRecordsMax: drop the older half of the bulk records so memory stays bounded. */
  private shed(): void {
    let bulkToDrop = Math.floor((this.pending.length - this.priorityPending) / 2);
    const kept: TraceRecord[] = [];
    for (const record of this.pending) {
      if (bulkToDrop > 0 && !isPriorityRecord(record)) {
        bulkToDrop--;
        this.droppedEarly++;
      } else kept.push(record);
    }
    this.pending = kept;
  }
}

/**
 * Keeps every priority record and an evenly spaced sample of the rest, so that at most
 * `budget` bulk records remain (priority records do not count against the budget), in
 * their original order.
 *
 * @example
 * thin(records, 100).length <= 100 + records.filter(isPriorityRecord).length
 */
export function thin(records: readonly TraceRecord[], budget: number): TraceRecord[] {
  let bulk = 0;
  for (const record of records) if (!isPriorityRecord(record)) bulk++;
  if (bulk <= budget) return [...records];
  const out: TraceRecord[] = [];
  const stride = bulk / Math.max(budget, 1);
  let nextPick = 0;
  let bulkIndex = 0;
  for (const record of records) {
    if (isPriorityRecord(record)) {
      out.push(record);
      continue;
    }
    if (budget > 0 && bulkIndex >= nextPick) {
      out.push(record);
      nextPick += stride;
    }
    bulkIndex++;
  }
  return out;
}
