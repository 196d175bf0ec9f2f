/**
 * troupe's runtime: the public API. Internals are not exported.
 */
export { defineScenario, loadScenario, type Scenario, type ScenarioDefinition, type ActorSpec, type RestartPolicy, type ScenarioContext } from './scenario.ts';
export { runScenario, replayTrace, firstDivergence, type RunOptions, type RunResult, type ReplayResult } from './run.ts';
export { Supervisor, type HostKind, type ScheduledInput } from './supervisor.ts';
export { sendMessage, sendEvent, emitFact, factEvent, requestSpawn, spawnEvent, persist, RESTORED_EVENT, type TroupeEmitted } from './effects.ts';
export { localNowMs } from './actorClock.ts';
export { createRng, randomInt, randomFloat, SeededRandom, type Rng } from './rng.ts';
export { safety, liveness, runChecks, TraceView, type Check, type CheckResult } from './checks.ts';
export { readTrace, writeTrace, parseTrace, traceHash, type TraceHeader, type TraceRecord, type ExternalInput } from './trace.ts';
export { type FaultAction, type ScheduledFault, type TargetSelector, type FactView } from './faults.ts';
export { defaultNetworkOptions, type NetworkOptions, type LinkOptions } from './network.ts';
export { TroupeError, isTroupeError, errorCodes, type ErrorCode } from './errors.ts';
export type { PacingMode } from './pacing.ts';
export type { DeviceContext, DeviceHandler, DeviceFactory } from './host/deviceHost.ts';
export type { ActorId, MessageEvent } from './messages.ts';
