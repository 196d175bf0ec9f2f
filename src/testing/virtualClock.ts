/**
 * A virtual clock for tests: what is scheduled runs only when the test moves time, one
 * deadline at a time (the earliest first; equal deadlines in the order they were set), so
 * a timer set by a timer inside the same advance still fires at its own time. One clock
 * may drive one test actor or every actor of a test network.
 */

interface Entry {
  id: number;
  dueMs: number;
  /** Who scheduled it, so a crash can cancel what it owned. */
  owner: object;
  run: () => void;
}

/**
 * A virtual clock.
 *
 * @example
 * const clock = new VirtualClock();
 * clock.schedule(100, owner, () => console.log('at', clock.nowMs));
 * clock.advance(1_000); // logs "at 100"; clock.nowMs is now 1000
 */
export class VirtualClock {
  private pending: Entry[] = [];
  private idCounter = 0;
  private now = 0;

  /** pendingMax: most entries pending at once; one more throws (a runaway machine). */
  constructor(readonly pendingMax = 10_000) {
    if (!(pendingMax > 0)) throw new RangeError(`VirtualClock pendingMax must be > 0, got ${pendingMax}`);
  }

  /** The virtual time now, in ms. */
  get nowMs(): number {
    return this.now;
  }

  /** When the next entry is due, if any. */
  get nextDueMs(): number | undefined {
    return this.pending[0]?.dueMs;
  }

  /** How many entries are pending (timers, messages on their way). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** How many entries `owner` has pending. */
  pendingOf(owner: object): number {
    return this.pending.filter((entry) => entry.owner === owner).length;
  }

  /** Runs `run` at `dueMs` (not before now); returns an id for `cancel`. `what` names the owner in the pendingMax error. */
  schedule(dueMs: number, owner: object, run: () => void, what = 'the test'): number {
    if (this.pending.length >= this.pendingMax) throw new Error(`${what} has ${this.pendingMax} timers and messages pending (pendingMax): a runaway machine?`);
    const entry = { id: ++this.idCounter, dueMs: Math.max(dueMs, this.now), owner, run };
    let index = this.pending.length;
    while (index > 0 && this.pending[index - 1]!.dueMs > entry.dueMs) index--;
    this.pending.splice(index, 0, entry);
    return entry.id;
  }

  /** Cancels one entry (a cleared timer). Unknown ids are ignored, as clearTimeout does. */
  cancel(id: number): void {
    this.pending = this.pending.filter((entry) => entry.id !== id);
  }

  /** Cancels every entry `owner` scheduled (its timers die with a crash). */
  cancelOwner(owner: object): void {
    this.pending = this.pending.filter((entry) => entry.owner !== owner);
  }

  /** Moves time forward by `ms`, running each due entry in time order. Returns how many ran. */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs ms >= 0, got ${ms}`);
    return this.advanceTo(this.now + ms);
  }

  /** Moves time forward to `atMs` (not back), running each due entry in time order. Returns how many ran. */
  advanceTo(atMs: number): number {
    let ran = 0;
    for (let next = this.pending[0]; next !== undefined && next.dueMs <= atMs; next = this.pending[0]) {
      this.runNext();
      ran++;
    }
    this.now = Math.max(this.now, atMs);
    return ran;
  }

  /** Runs the next entry, whenever it is due. Returns its time, or undefined when nothing is pending. */
  advanceToNext(): number | undefined {
    return this.pending.length === 0 ? undefined : this.runNext();
  }

  private runNext(): number {
    const next = this.pending.shift()!;
    this.now = Math.max(this.now, next.dueMs);
    next.run();
    return next.dueMs;
  }
}
