/**
 * troupe/testing: test one machine alone. A test actor with a virtual clock and a seed,
 * fake peers that answer by rule, a test network for protocols that need real peers, and
 * path coverage from xstate's graph utilities.
 */
export { createTestActor, TestActor, transitionKey, ALWAYS_EVENT, type TestActorOptions, type Outbox } from './testActor.ts';
export { fakePeer, type FakePeer, type FakePeerOptions, type PeerRule, type PeerRequest } from './fakePeer.ts';
export { createTestNetwork, TestNetwork, type TestNetworkOptions, type NetworkMessage, type Route } from './testNetwork.ts';
export { VirtualClock } from './virtualClock.ts';
export { pathCoverage, expectFullCoverage, machineTransitions, type CoverageReport } from './coverage.ts';
