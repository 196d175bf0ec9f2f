import { describe, expect, it } from 'vitest';
import { emptyStore, storeClaim, storeCrash, storeFlush, storeRead, storeWrite } from '../../../src/devices/store/index.ts';

describe('simulated store', () => {
  const claimed = () => storeClaim(emptyStore<string>(), 1)[0];

  it('loses written but unflushed records on a crash, keeps flushed ones', () => {
    let store = storeWrite(claimed(), { epoch: 1, seq: 1, records: ['a'], flush: true })[0];
    store = storeWrite(store, { epoch: 1, seq: 2, records: ['b'], flush: false })[0];
    expect(storeRead(store).records).toEqual(['a']);
    expect(storeCrash(store).unflushed).toEqual([]);
    expect(storeRead(storeFlush(store)).records).toEqual(['a', 'b']);
  });

  it('a new incarnation claiming the store drops its predecessor unflushed writes and fences its late writes', () => {
    let store = storeWrite(claimed(), { epoch: 1, seq: 1, records: ['a'], flush: false })[0];
    const [next, ok] = storeClaim(store, storeRead(store).epoch + 1);
    expect(ok).toBe(true);
    expect(next.unflushed).toEqual([]);
    expect(storeWrite(next, { epoch: 1, seq: 2, records: ['late'], flush: true })[1]).toBe('stale-epoch');
    store = storeWrite(next, { epoch: 2, seq: 1, records: ['b'], flush: true })[0];
    expect(storeRead(store).records).toEqual(['b']);
  });

  it('treats a duplicated claim as a no-op and refuses a claim from a stale read', () => {
    const store = storeClaim(claimed(), 2)[0];
    expect(storeClaim(store, 2)).toEqual([store, true]);
    expect(storeClaim(store, 2 - 1)[1]).toBe(false);
  });

  it('applies writes once and in order: duplicates are acknowledged, gaps refused', () => {
    const [one] = storeWrite(claimed(), { epoch: 1, seq: 1, records: ['a'], flush: true });
    expect(storeWrite(one, { epoch: 1, seq: 1, records: ['a'], flush: true })).toEqual([one, 'duplicate']);
    expect(storeWrite(one, { epoch: 1, seq: 3, records: ['c'], flush: true })[1]).toBe('out-of-order');
  });

  it('a compacting write replaces everything stored', () => {
    let store = storeWrite(claimed(), { epoch: 1, seq: 1, records: ['a', 'b'], flush: true })[0];
    store = storeWrite(store, { epoch: 1, seq: 2, records: ['snapshot', 'c'], flush: true, compact: true })[0];
    expect(storeRead(store).records).toEqual(['snapshot', 'c']);
  });
});
