/**
 * Reusable protocols: bully election, push-pull gossip, heartbeat failure detector. Each
 * is a state-region builder (config + delays + initial context) that a machine mounts
 * as one region of a parallel state, and a standalone machine (machines.ts).
 */
export { bullyRegion, bullyDelays, initialBullyContext, highestKnown, electionTargets, type BullyContext, type BullyInput, type BullyMessage, type BullyControl, type BullyEvent, type BullyChanged, type BullyRole } from './bullyElection.ts';
export { gossipRegion, gossipDelays, initialGossipContext, mergeEntries, newer, newerThan, type GossipContext, type GossipEntry, type GossipInput, type GossipMessage, type GossipControl, type GossipUpdated } from './gossip.ts';
export { detectorRegion, detectorDelays, initialDetectorContext, type DetectorContext, type DetectorInput, type DetectorMessage, type DetectorControl, type DetectorRaised } from './heartbeatDetector.ts';
export { bullyMachine, gossipMachine, detectorMachine } from './machines.ts';
