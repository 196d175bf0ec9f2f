/**
 * Each protocol on its own, as a plain XState machine: the region mounted at the root,
 * its context built from the input. Tests drive these with a virtual clock; a system
 * that needs only one protocol can run one as an actor directly. Systems that need
 * several mount the regions side by side in one parallel machine (see the mirror's bulb).
 */
import { setup } from 'xstate';
import type { TroupeEmitted } from '../effects.ts';
import { createRng } from '../rng.ts';
import { bullyDelays, bullyRegion, initialBullyContext, type BullyContext, type BullyEvent, type BullyInput } from './bullyElection.ts';
import { gossipDelays, gossipRegion, initialGossipContext, type GossipContext, type GossipControl, type GossipInput, type GossipMessage } from './gossip.ts';
import { detectorDelays, detectorRegion, initialDetectorContext, type DetectorContext, type DetectorControl, type DetectorInput, type DetectorMessage } from './heartbeatDetector.ts';

/**
 * A bully election node. Input: `{ self, rank, peers, startupWaitMs?, okTimeoutMs?, coordinatorTimeoutMs? }`.
 *
 * @example
 * createActor(bullyMachine, { input: { self: 'n1', rank: 'a1', peers: ['n2', 'n3'] } })
 */
export const bullyMachine = setup({
  types: { context: {} as { bully: BullyContext }, events: {} as BullyEvent, input: {} as BullyInput, emitted: {} as TroupeEmitted },
  delays: bullyDelays,
}).createMachine({
  id: 'bully',
  context: ({ input }: { input: BullyInput }) => ({ bully: initialBullyContext(input) }),
  ...(bullyRegion() as object),
} as any);

/**
 * A gossip node. Input: `{ self, peers, seed, fanout?, intervalMs?, reportKeys? }`.
 *
 * @example
 * createActor(gossipMachine, { input: { self: 'n1', peers: ['n2'], seed: 1 } })
 */
export const gossipMachine = setup({
  types: {
    context: {} as { gossip: GossipContext },
    events: {} as GossipMessage | GossipControl,
    input: {} as Omit<GossipInput, 'rng'> & { seed: number },
    emitted: {} as TroupeEmitted,
  },
  delays: gossipDelays,
}).createMachine({
  id: 'gossip',
  context: ({ input }: { input: Omit<GossipInput, 'rng'> & { seed: number } }) => ({ gossip: initialGossipContext({ ...input, rng: createRng(input.seed) }) }),
  ...(gossipRegion() as object),
} as any);

/**
 * A heartbeat failure detector node. Input: `{ peers, seed, intervalMs?, timeoutMsMin?, timeoutMsMax? }`.
 *
 * @example
 * createActor(detectorMachine, { input: { peers: ['n2', 'n3'], seed: 1 } })
 */
export const detectorMachine = setup({
  types: {
    context: {} as { fd: DetectorContext },
    events: {} as DetectorMessage | DetectorControl,
    input: {} as Omit<DetectorInput, 'rng'> & { seed: number },
    emitted: {} as TroupeEmitted,
  },
  delays: detectorDelays,
}).createMachine({
  id: 'detector',
  context: ({ input }: { input: Omit<DetectorInput, 'rng'> & { seed: number } }) => ({ fd: initialDetectorContext({ ...input, rng: createRng(input.seed) }).fd }),
  ...(detectorRegion() as object),
} as any);
