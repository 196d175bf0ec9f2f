/**
 * The virtual-time event queue. Events are ordered by a canonical key that does not
 * depend on how work was split across threads:
 *
 *   (t, actor index, creator step, index within that step)
 *
 * `creator step` is the global number of the step that created the event (a send, a
 * timer, a fault), so two events for the same actor at the same time run in the order
 * they were caused. Because the key never needs a global counter at creation time, hosts
 * can run a window of events in parallel and the merged result is the same as running
 * them one at a time.
 */
import { TroupeError, assert } from './errors.ts';

/** The canonical position of an event: [t, actor index (-1: supervisor), creator step, index]. */
export type EntryKey = [number, number, number, number];

/** A queued event. `payload` is opaque to the queue. */
export interface QueueEntry<P> {
  t: number;
  actor: number;
  step: number;
  index: number;
  payload: P;
  /** Set instead of removing an entry (a cleared timer): skipped when it reaches the top. */
  cancelled: boolean;
}

/** Compares two entries by their canonical key. */
export function compareEntries(a: QueueEntry<unknown>, b: QueueEntry<unknown>): number {
  return a.t - b.t || a.actor - b.actor || a.step - b.step || a.index - b.index;
}

/**
 * A binary min-heap of entries with lazy cancellation and a size limit.
 *
 * @example
 * const queue = new EventQueue<string>(1000);
 * queue.push({ t: 5, actor: 0, step: 1, index: 0, payload: 'tick', cancelled: false });
 * queue.pop()?.payload // 'tick'
 */
export class EventQueue<P> {
  private readonly heap: QueueEntry<P>[] = [];
  private live = 0;

  /** @param entriesMax the most entries it holds; pushing past it is a runaway system and throws. */
  constructor(private readonly entriesMax: number) {}

  /** Live (not cancelled) entries. */
  get size(): number {
    return this.live;
  }

  push(entry: QueueEntry<P>): QueueEntry<P> {
    assert(Number.isFinite(entry.t), `event time must be finite, got ${entry.t}`);
    if (this.heap.length >= this.entriesMax) this.compact();
    if (this.heap.length >= this.entriesMax) {
      throw new TroupeError('LIMIT_REACHED', `event queue is full (${this.entriesMax} entries): a runaway actor is sending or setting timers without bound`);
    }
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareEntries(heap[parent]!, entry) <= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
    this.live++;
    return entry;
  }

  /** Marks an entry cancelled; it will never be returned. */
  cancel(entry: QueueEntry<P>): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.live--;
  }

  /** The earliest live entry, without removing it. */
  peek(): QueueEntry<P> | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /**
   * Removes and returns the earliest live entry. A popped entry is marked consumed
   * (`cancelled`), so cancelling it later changes nothing; copy it with `cancelled: false`
   * to queue it again.
   */
  pop(): QueueEntry<P> | undefined {
    this.dropCancelledTop();
    const top = this.removeTop();
    if (top !== undefined) {
      this.live--;
      top.cancelled = true;
    }
    return top;
  }

  /** Every live entry in canonical order (a copy; for the UI and inspection, not the hot path). */
  toSortedArray(): QueueEntry<P>[] {
    return this.heap.filter((entry) => !entry.cancelled).sort(compareEntries);
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.removeTop();
  }

  private removeTop(): QueueEntry<P> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && compareEntries(heap[right]!, heap[left]!) < 0 ? right : left;
      if (compareEntries(heap[child]!, last) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  private compact(): void {
    const kept = this.heap.filter((entry) => !entry.cancelled).sort(compareEntries);
    this.heap.length = 0;
    // A sorted array is a valid heap.
    for (const entry of kept) this.heap.push(entry);
  }
}
