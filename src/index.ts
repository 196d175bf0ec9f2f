/**
 * troupe: the package's public API (`import { … } from 'troupe'`). The testing kit is
 * `troupe/testing`.
 */
export * from './runtime/index.ts';
export { explore, shrinkTrace, checkDeterminism } from './runtime/explore/index.ts';
