/**
 * troupe/testing: test one machine alone. A test actor with a virtual clock and a seed,
 * fake peers that answer by rule, and path coverage from xstate's graph utilities.
 */
export { createTestActor, TestActor, transitionKey, type TestActorOptions, type Outbox } from './testActor.ts';
export { fakePeer, type FakePeer, type FakePeerOptions, type PeerRule, type PeerRequest } from './fakePeer.ts';
export { pathCoverage, expectFullCoverage, machineTransitions, type CoverageReport } from './coverage.ts';
