/**
 * A stream's ring buffer with one read position per reader (SYSTEMS.md §2, "Many readers").
 *
 * Positions count frames written since the ring was created (0, 1, 2, …), independent of
 * the Pi's sequence numbers, which can have gaps after loss. The ring keeps the last
 * `capacity` frames; a reader whose position has left the ring skips ahead to the oldest
 * frame still held and is told how many it missed. Each reader has its own position, so
 * two readers both see every frame (the notebook's readers shared one cursor and split it).
 *
 * Plain data, immutable updates: it lives in an XState context, is digested every step
 * and may be persisted. Writing is O(capacity) for the copy; capacity is small (≤ 4096).
 */
import type { ReadMode, StoredFrame } from './protocol.ts';

/** The largest ring a handler may keep; more is an assertion failure (a programming error). */
export const RING_CAPACITY_MAX = 4096;

export interface Ring {
  capacity: number;
  /** slots[position % capacity] holds the frame written at `position`. */
  slots: (StoredFrame | null)[];
  /** The next position to write (= frames written so far). */
  head: number;
}

export interface ReaderCursor {
  position: number;
  mode: ReadMode;
  /** Missed frames not yet reported to the reader. */
  missed: number;
}

/**
 * An empty ring.
 *
 * @example
 * const ring = createRing(256);
 */
export function createRing(capacity: number): Ring {
  if (!(Number.isInteger(capacity) && capacity >= 1 && capacity <= RING_CAPACITY_MAX)) {
    throw new Error(`ring capacity must be an integer in 1..${RING_CAPACITY_MAX}, got ${capacity}`);
  }
  return { capacity, slots: new Array<StoredFrame | null>(capacity).fill(null), head: 0 };
}

/**
 * The ring with `frame` appended; the oldest frame falls out when full.
 *
 * @example
 * ring = writeFrame(ring, frame);
 */
export function writeFrame(ring: Ring, frame: StoredFrame): Ring {
  const slots = ring.slots.slice();
  slots[ring.head % ring.capacity] = frame;
  return { capacity: ring.capacity, slots, head: ring.head + 1 };
}

/** The oldest position still held. */
export function oldestPosition(ring: Ring): number {
  return Math.max(0, ring.head - ring.capacity);
}

/**
 * A new reader's cursor: it starts at the newest frame, or at the head if the ring is empty.
 *
 * @example
 * const cursor = attachReader(ring, 'every');
 */
export function attachReader(ring: Ring, mode: ReadMode): ReaderCursor {
  return { position: ring.head, mode, missed: 0 };
}

/**
 * Reads up to `framesMax` frames from a cursor. `every` mode: in order from the cursor,
 * skipping ahead (and counting) if the cursor fell out of the ring. `latest` mode: only
 * the newest frame, counting the skipped ones (latest-frame-wins).
 *
 * @example
 * const { frames, missed, cursor: next } = readFrames(ring, cursor, 16);
 */
export function readFrames(ring: Ring, cursor: ReaderCursor, framesMax: number): { frames: StoredFrame[]; missed: number; cursor: ReaderCursor } {
  let position = cursor.position;
  let missed = cursor.missed;
  const oldest = oldestPosition(ring);
  if (position < oldest) {
    missed += oldest - position;
    position = oldest;
  }
  if (cursor.mode === 'latest' && ring.head - position > 1) {
    missed += ring.head - 1 - position;
    position = ring.head - 1;
  }
  const end = Math.min(ring.head, position + Math.max(1, framesMax));
  const frames: StoredFrame[] = [];
  for (let p = position; p < end; p++) frames.push(ring.slots[p % ring.capacity]!);
  return { frames, missed, cursor: { position: end, mode: cursor.mode, missed: 0 } };
}

/** Frames a cursor has not yet read (including ones already lost from the ring). */
export function backlog(ring: Ring, cursor: ReaderCursor): number {
  return ring.head - cursor.position;
}
