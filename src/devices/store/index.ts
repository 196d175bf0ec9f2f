/** The store device: a simulated crash-semantics store for `sim`, a file-backed one for `realtime`. */
export { emptyStore, storeWrite, storeFlush, storeCrash, storeRead, storeClaim, storeRecordsMax, type SimStoreState, type WriteOutcome } from './simStore.ts';
export { FileStore, fileStoreBytesMax } from './fileStore.ts';
