/**
 * A simulated disk with crash semantics, as plain data so it can live in an XState
 * context (and so in a snapshot). Records are appended by `write`; only `flush` makes
 * them durable; `crash` loses everything written since the last flush, like a process
 * that died with data still in its buffers. Nothing here reads time or randomness.
 */

/** The store's state: durable records, records still in buffers, and the owner's epoch. */
export interface SimStoreState<R = unknown> {
  flushed: R[];
  unflushed: R[];
  /** Claimed by each new incarnation of the owner: writes from an older epoch (a dead incarnation) are refused. */
  epoch: number;
  /** Sequence number of the last write accepted in this epoch. */
  seq: number;
}

/** Most records one store keeps (flushed plus unflushed); a write past it is refused. */
export const storeRecordsMax = 200_000;

/**
 * An empty store, optionally holding records recovered from a real disk.
 *
 * @example
 * const store = emptyStore<string>(['a']); // store.flushed = ['a']
 */
export function emptyStore<R>(recovered: readonly R[] = []): SimStoreState<R> {
  return { flushed: [...recovered], unflushed: [], epoch: 0, seq: 0 };
}

/** What a write did: `accepted` (new), `duplicate` (seq already seen), or refused. */
export type WriteOutcome = 'accepted' | 'duplicate' | 'stale-epoch' | 'out-of-order' | 'full';

/**
 * Appends records for write `seq` of `epoch`. Writes must arrive in seq order (the owner
 * resends until acknowledged); a write already seen is a harmless duplicate. A `compact`
 * write replaces every record, flushed at once (the owner's snapshot plus what follows it).
 *
 * @example
 * const [next, outcome] = storeWrite(store, { epoch: 1, seq: 1, records: ['x'], flush: true });
 */
export function storeWrite<R>(
  store: SimStoreState<R>,
  write: { epoch: number; seq: number; records: readonly R[]; flush: boolean; compact?: boolean },
): [SimStoreState<R>, WriteOutcome] {
  if (write.epoch !== store.epoch) return [store, 'stale-epoch'];
  if (write.seq <= store.seq) return [store, 'duplicate'];
  if (write.seq !== store.seq + 1) return [store, 'out-of-order'];
  if (write.compact === true) {
    // A compacting write replaces the whole store at once and is always flushed (a new file renamed over the old after fsync).
    return [{ ...store, seq: write.seq, flushed: [...write.records], unflushed: [] }, 'accepted'];
  }
  if (store.flushed.length + store.unflushed.length + write.records.length > storeRecordsMax) return [store, 'full'];
  const next = { ...store, seq: write.seq, unflushed: [...store.unflushed, ...write.records] };
  return [write.flush ? storeFlush(next) : next, 'accepted'];
}

/**
 * Makes every written record durable.
 *
 * @example
 * storeFlush(store).unflushed.length // => 0
 */
export function storeFlush<R>(store: SimStoreState<R>): SimStoreState<R> {
  if (store.unflushed.length === 0) return store;
  return { ...store, flushed: [...store.flushed, ...store.unflushed], unflushed: [] };
}

/**
 * The owner crashed: what it wrote but did not flush is gone.
 *
 * @example
 * storeCrash(storeWrite(store, { epoch, seq, records: ['x'], flush: false })[0]).flushed // no 'x'
 */
export function storeCrash<R>(store: SimStoreState<R>): SimStoreState<R> {
  return store.unflushed.length === 0 ? store : { ...store, unflushed: [] };
}

/**
 * Reads the durable records and the current epoch, changing nothing (so a duplicated open
 * is harmless). A new incarnation of the owner then claims the next epoch.
 *
 * @example
 * const { epoch, records } = storeRead(store);
 */
export function storeRead<R>(store: SimStoreState<R>): { epoch: number; records: R[] } {
  return { epoch: store.epoch, records: [...store.flushed] };
}

/**
 * A new incarnation of the owner claims `epoch` (the epoch it read, plus one): its
 * predecessor's unflushed writes are lost (crash semantics) and writes still in flight
 * from the predecessor are refused from now on. Claiming the current epoch again is a
 * duplicate and succeeds without change; any other epoch fails (read again, claim again).
 *
 * @example
 * const [claimed, ok] = storeClaim(store, storeRead(store).epoch + 1);
 */
export function storeClaim<R>(store: SimStoreState<R>, epoch: number): [SimStoreState<R>, boolean] {
  if (epoch === store.epoch && epoch > 0) return [store, true];
  if (epoch !== store.epoch + 1) return [store, false];
  return [{ ...storeCrash(store), epoch, seq: 0 }, true];
}
