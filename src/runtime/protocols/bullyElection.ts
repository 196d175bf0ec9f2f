/**
 * Bully election (Garcia-Molina, 1982) as a state-region builder: `bullyRegion()` returns
 * an XState state-node config that a machine mounts as one region of a parallel state
 * (or as its root), with its context under `context.bully`. It knows peers by actor id
 * and ranks them by a comparable string (`rank`, e.g. a UUID); it knows nothing of bulbs.
 *
 * States:
 * - `gathering`: start-up. Sends HELLO to every peer and collects their ranks. When all
 *   answered (or after `startupWaitMs`, 20 s in the mirror) the highest known rank leads.
 *   A HELLO_ACK naming a leader means the system is already running (this node came
 *   back after a crash): it starts an election instead.
 * - `electing`: sent ELECTION to every peer ranked higher (or not yet ranked); no OK
 *   within `okTimeoutMs` makes it leader.
 * - `awaitingCoordinator`: got an OK; a COORDINATOR must follow within
 *   `coordinatorTimeoutMs`, else it elects again.
 * - `leader`: sends COORDINATOR to every lower (or unranked) peer.
 * - `follower`: follows `context.bully.leader`.
 *
 * Rules in every state: a lower node's ELECTION gets an OK and starts this node's own
 * election (unless one runs); a COORDINATOR from a higher node is followed; one from a
 * lower node is contested (an election) unless it is higher than everyone this node
 * knows to lead. `bully.start` (raised by the host machine, e.g. when a failure
 * detector suspects the leader) starts an election.
 *
 * Facts: `role` (gathering | candidate | leader | follower), `leader` (actor id or null),
 * `rank` (once, at start).
 */
import { assign, enqueueActions } from 'xstate';
import { factEvent, sendEvent } from '../effects.ts';

/** The protocol's state, kept in the host machine's context as `bully`. Plain data. */
export interface BullyContext {
  self: string;
  rank: string;
  /** Every other participant, by actor id, in a fixed order. */
  peers: string[];
  /** Ranks learned so far (from any bully message: each carries its sender's rank). */
  ranks: Record<string, string>;
  leader: string | null;
  startupWaitMs: number;
  okTimeoutMs: number;
  coordinatorTimeoutMs: number;
  /** Elections this node started, for figures. */
  electionsStarted: number;
}

export interface BullyInput {
  self: string;
  rank: string;
  peers: string[];
  /** How long start-up waits for the others' HELLO_ACKs. Default 20 000 (the mirror's rule). */
  startupWaitMs?: number;
  /** How long a candidate waits for an OK. Default 300. */
  okTimeoutMs?: number;
  /** How long a candidate that got an OK waits for the COORDINATOR. Default 1000. */
  coordinatorTimeoutMs?: number;
}

/** The bully messages. Every one carries the sender's rank; `from` is set by the runtime. */
export type BullyMessage =
  | { type: 'bully.HELLO'; rank: string; from: string }
  | { type: 'bully.HELLO_ACK'; rank: string; leader: string | null; from: string }
  | { type: 'bully.ELECTION'; rank: string; from: string }
  | { type: 'bully.OK'; rank: string; from: string }
  | { type: 'bully.COORDINATOR'; rank: string; from: string };

/** Raise this in the host machine to start an election (leader suspected, a higher node returned). */
export type BullyControl = { type: 'bully.start' };
export type BullyEvent = BullyMessage | BullyControl;

/**
 * The initial `bully` context.
 *
 * @example
 * context: ({ input }) => ({ bully: initialBullyContext({ self: input.id, rank: input.uuid, peers: input.peers }) })
 */
export function initialBullyContext(input: BullyInput): BullyContext {
  return {
    self: input.self,
    rank: input.rank,
    peers: [...input.peers],
    ranks: {},
    leader: null,
    startupWaitMs: input.startupWaitMs ?? 20_000,
    okTimeoutMs: input.okTimeoutMs ?? 300,
    coordinatorTimeoutMs: input.coordinatorTimeoutMs ?? 1000,
    electionsStarted: 0,
  };
}

/** Delays the region uses; spread into the host machine's `setup({ delays })`. */
export const bullyDelays = {
  'bully.startupWait': ({ context }: { context: { bully: BullyContext } }) => context.bully.startupWaitMs,
  'bully.okTimeout': ({ context }: { context: { bully: BullyContext } }) => context.bully.okTimeoutMs,
  'bully.coordinatorTimeout': ({ context }: { context: { bully: BullyContext } }) => context.bully.coordinatorTimeoutMs,
};

type Ctx = { bully: BullyContext };
type Args = { context: Ctx; event: any };

/** The highest-ranked node known, counting this one. */
export function highestKnown(bully: BullyContext): string {
  let best = bully.self;
  let bestRank = bully.rank;
  for (const peer of bully.peers) {
    const rank = bully.ranks[peer];
    if (rank !== undefined && rank > bestRank) [best, bestRank] = [peer, rank];
  }
  return best;
}

/** Peers an election must ask: ranked higher, or not ranked yet (they may be higher). */
export function electionTargets(bully: BullyContext): string[] {
  return bully.peers.filter((peer) => bully.ranks[peer] === undefined || bully.ranks[peer]! > bully.rank);
}

function rankOf(bully: BullyContext, id: string | null): string | undefined {
  if (id === null) return undefined;
  return id === bully.self ? bully.rank : bully.ranks[id];
}

const learnRank = assign(({ context, event }: Args) => {
  if (typeof event.from !== 'string' || typeof event.rank !== 'string' || context.bully.ranks[event.from] === event.rank) return {};
  return { bully: { ...context.bully, ranks: { ...context.bully.ranks, [event.from]: event.rank } } };
});

const fromLower = ({ context, event }: Args) => event.rank < context.bully.rank;
const fromHigher = ({ context, event }: Args) => event.rank > context.bully.rank;

const replyOk = enqueueActions(({ context, event, enqueue }: Args & { enqueue: any }) => {
  enqueue.emit(sendEvent(event.from, { type: 'bully.OK', rank: context.bully.rank }));
});

const followSender = assign(({ context, event }: Args) => ({ bully: { ...context.bully, leader: event.from as string } }));

function roleFacts(role: string, leader: (bully: BullyContext) => string | null) {
  return enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => {
    enqueue.emit(factEvent('role', role));
    enqueue.emit(factEvent('leader', leader(context.bully)));
  });
}

/** The transitions every state shares for ELECTION and COORDINATOR (states override where they differ). */
function sharedHandlers(options: { electing: boolean }) {
  return {
    'bully.ELECTION': [
      // A lower node asks: answer OK and run our own election (unless we already are).
      { guard: fromLower, target: options.electing ? undefined : 'electing', actions: [learnRank, replyOk] },
      { actions: learnRank },
    ],
    'bully.COORDINATOR': [
      { guard: fromHigher, target: 'follower', reenter: true, actions: [learnRank, followSender] },
      { target: 'electing', actions: learnRank },
    ],
    'bully.start': options.electing ? [] : [{ target: 'electing' }],
  };
}

/**
 * The region config. Mount it as a region of a parallel machine (or as the root) whose
 * context holds `bully` and whose setup has `bullyDelays`.
 *
 * @example
 * setup({ delays: { ...bullyDelays } }).createMachine({ type: 'parallel', context, states: { election: bullyRegion() } })
 */
export function bullyRegion() {
  return {
    initial: 'gathering',
    entry: enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => enqueue.emit(factEvent('rank', context.bully.rank))),
    on: {
      'bully.HELLO': {
        actions: [
          learnRank,
          enqueueActions(({ context, event, enqueue }: Args & { enqueue: any }) => {
            enqueue.emit(sendEvent(event.from, { type: 'bully.HELLO_ACK', rank: context.bully.rank, leader: context.bully.leader }));
          }),
        ],
      },
      'bully.HELLO_ACK': { actions: learnRank },
      'bully.OK': { actions: learnRank },
    },
    states: {
      gathering: {
        entry: [
          roleFacts('gathering', () => null),
          enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => {
            for (const peer of context.bully.peers) enqueue.emit(sendEvent(peer, { type: 'bully.HELLO', rank: context.bully.rank }));
          }),
        ],
        always: [{ guard: ({ context }: Args) => context.bully.peers.every((peer) => context.bully.ranks[peer] !== undefined), target: 'deciding' }],
        after: { 'bully.startupWait': { target: 'deciding' } },
        on: {
          ...sharedHandlers({ electing: false }),
          'bully.HELLO_ACK': [
            // Someone already follows a leader: we are returning to a running system.
            { guard: ({ event }: Args) => event.leader !== null, target: 'electing', actions: learnRank },
            { actions: learnRank },
          ],
        },
      },
      deciding: {
        always: [
          { guard: ({ context }: Args) => highestKnown(context.bully) === context.bully.self, target: 'leader' },
          { target: 'follower', actions: assign(({ context }: Args) => ({ bully: { ...context.bully, leader: highestKnown(context.bully) } })) },
        ],
      },
      electing: {
        entry: [
          assign(({ context }: Args) => ({ bully: { ...context.bully, leader: null, electionsStarted: context.bully.electionsStarted + 1 } })),
          roleFacts('candidate', () => null),
          enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => {
            for (const peer of electionTargets(context.bully)) enqueue.emit(sendEvent(peer, { type: 'bully.ELECTION', rank: context.bully.rank }));
          }),
        ],
        always: [{ guard: ({ context }: Args) => electionTargets(context.bully).length === 0, target: 'leader' }],
        after: { 'bully.okTimeout': { target: 'leader' } },
        on: {
          ...sharedHandlers({ electing: true }),
          'bully.OK': [{ guard: fromHigher, target: 'awaitingCoordinator', actions: learnRank }, { actions: learnRank }],
        },
      },
      awaitingCoordinator: {
        after: { 'bully.coordinatorTimeout': { target: 'electing' } },
        on: sharedHandlers({ electing: true }),
      },
      leader: {
        entry: [
          assign(({ context }: Args) => ({ bully: { ...context.bully, leader: context.bully.self } })),
          roleFacts('leader', (bully) => bully.self),
          enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => {
            const { bully } = context;
            for (const peer of bully.peers) {
              const rank = bully.ranks[peer];
              if (rank === undefined || rank < bully.rank) enqueue.emit(sendEvent(peer, { type: 'bully.COORDINATOR', rank: bully.rank }));
            }
          }),
        ],
        on: {
          ...sharedHandlers({ electing: false }),
          // A lower node that asks gets an OK and our COORDINATOR again (our own election would end the same way).
          'bully.ELECTION': [
            { guard: fromLower, target: 'leader', reenter: true, actions: [learnRank, replyOk] },
            { actions: learnRank },
          ],
        },
      },
      follower: {
        entry: roleFacts('follower', (bully) => bully.leader),
        on: {
          ...sharedHandlers({ electing: false }),
          'bully.COORDINATOR': [
            // A higher claimant than our leader, or our leader is not ranked: follow it.
            {
              guard: ({ context, event }: Args) => event.rank > context.bully.rank && !((rankOf(context.bully, context.bully.leader) ?? '') > event.rank),
              target: 'follower',
              reenter: true,
              actions: [learnRank, followSender],
            },
            // A claimant below the leader we follow: contest it (the bully rule; our leader will answer).
            { target: 'electing', actions: learnRank },
          ],
        },
      },
    },
  };
}
