/**
 * Exploration and shrinking: many seeds in parallel, random fault schedules (the nemesis),
 * a PCT-style strategy, shrinking a failing trace, and the determinism self-check.
 */
export { explore, reproduceCommand, validateExploreOptions, type ExploreOptions, type ExploreReport, type ExploreFailure } from './explore.ts';
export { runSeed, planSeed, writeSeedTrace, faultInputs, faultsModes, strategies, type SeedOptions, type SeedOutcome, type SeedPlan, type FaultsMode, type Strategy, type TimedFault } from './runSeed.ts';
export { drawNemesis, resolveFaultSpace, nemesisKinds, type FaultSpace, type NemesisKind, type ResolvedFaultSpace } from './nemesis.ts';
export { drawPct, type PctOptions, type PctPlan } from './pct.ts';
export { parseShard, shardRange, seedsOf, validateRange, type SeedRange, type Shard } from './seeds.ts';
export { progressPrinter, formatBar, formatLine, type ExploreProgress } from './progress.ts';
export { loadExploreTarget, type ExploreTarget } from './task.ts';
export { checkDeterminism, type DeterminismReport } from './determinism.ts';
export { shrinkTrace, ddmin, sizeOf, type ShrinkOptions, type ShrinkResult, type TraceSize } from './shrink.ts';
