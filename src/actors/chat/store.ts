/**
 * `chat-store`: the per-server disk as an actor (`store-<server>`). A server talks to it
 * only by messages (open, claim, write+flush), so a crash of the server leaves the store's
 * flushed records intact, and what the server wrote but did not flush is lost when its
 * next incarnation claims the store. The store persists its own snapshot at every flush,
 * so even a crash of the store itself (restart mode `snapshot`) keeps flushed data.
 *
 * In realtime runs the store reports each flush as a `store.flushed` fact when `mirror`
 * is set; the chat gateway appends those records to a real file (FileStore) and feeds the
 * file back as `recovered` on the next start.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, PERSIST_EVENT, type TroupeEmitted } from '../../runtime/effects.ts';
import { emptyStore, storeClaim, storeRead, storeWrite, type SimStoreState } from '../../devices/store/index.ts';
import type { StoreMessage, StoreRecord } from './types.ts';

export interface ChatStoreInput {
  seed?: number;
  /** Records recovered from a real disk (realtime runs). */
  recovered?: StoreRecord[];
  /** Report every flush as a `store.flushed` fact (for a file mirror). */
  mirror?: boolean;
}

export interface ChatStoreContext {
  disk: SimStoreState<StoreRecord>;
  mirror: boolean;
}

type StoreEvent = StoreMessage & { from: string };

/** The store actor machine. */
export const chatStore = setup({
  types: { context: {} as ChatStoreContext, events: {} as StoreEvent, input: {} as ChatStoreInput, emitted: {} as TroupeEmitted },
}).createMachine({
  id: 'chat-store',
  context: ({ input }) => ({ disk: emptyStore(input.recovered ?? []), mirror: input.mirror ?? false }),
  on: {
    ST_OPEN: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const { epoch, records } = storeRead(context.disk);
        enqueue.emit(sendEvent(event.from, { type: 'ST_DATA', epoch, records }));
      }),
    },
    ST_CLAIM: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const [disk, ok] = storeClaim(context.disk, event.epoch);
        if (disk !== context.disk) enqueue.assign({ disk });
        enqueue.emit(sendEvent(event.from, { type: 'ST_CLAIMED', epoch: disk.epoch, ok }));
      }),
    },
    ST_WRITE: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const [disk, outcome] = storeWrite(context.disk, event);
        if (outcome === 'accepted') {
          enqueue.assign({ disk });
          const flushed = event.flush || event.compact === true;
          if (flushed) enqueue.emit({ type: PERSIST_EVENT });
          if (flushed && context.mirror) enqueue.emit(factEvent('store.flushed', { records: event.records, compact: event.compact === true }));
        }
        // Acknowledge everything up to the last accepted write; a stale epoch gets no answer.
        if (outcome === 'accepted' || outcome === 'duplicate') enqueue.emit(sendEvent(event.from, { type: 'ST_ACK', epoch: disk.epoch, seq: disk.seq }));
        if (outcome === 'full') enqueue.emit(factEvent('store.full', { records: disk.flushed.length }));
      }),
    },
  },
});
