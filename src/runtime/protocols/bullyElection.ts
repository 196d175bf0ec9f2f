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
 *   within `okTimeoutMs` (after `electionAttemptsMax` rounds, for lost messages) makes it leader.
 * - `awaitingCoordinator`: got an OK; a COORDINATOR must follow within
 *   `coordinatorTimeoutMs`, else it elects again.
 * - `leader`: sends COORDINATOR to every lower (or unranked) peer.
 * - `follower`: follows `context.bully.leader`.
 *
 * Rules in every state: a lower node's ELECTION gets an OK and starts this node's own
 * election (unless one runs); a COORDINATOR from a higher node is followed; one from a
 * lower node is contested (an election) unless it outranks the leader this node follows
 * or that leader is suspected down. A leader asked by a lower node answers OK and sends
 * it COORDINATOR, or elects again if it knows a live higher node (it may be stale). `bully.start` (raised by the host machine, e.g. when a failure
 * detector suspects the leader) starts an election.
 *
 * Facts: `role` (gathering | candidate | leader | follower), `leader` (actor id or null),
 * `rank` (once, at start). Raised for the host machine: `bully.changed { role, leader }`.
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
  /** Peers a failure detector suspects (`bully.down`/`bully.up`): not asked in elections, not followed. */
  down: string[];
  startupWaitMs: number;
  okTimeoutMs: number;
  coordinatorTimeoutMs: number;
  /** ELECTION rounds sent before a silent candidate calls itself leader (re-sent on a lossy network). */
  electionAttemptsMax: number;
  /** The round of the current election (1 = first). */
  attempt: number;
  /** Set by the retry transition so the entry counts a retry, not a new election. */
  retrying: boolean;
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
  /** ELECTION rounds before a candidate with no OK leads. Default 2 (one resend, for lost messages). */
  electionAttemptsMax?: number;
}

/** The bully messages. Every one carries the sender's rank; `from` is set by the runtime. */
export type BullyMessage =
  | { type: 'bully.HELLO'; rank: string; from: string }
  | { type: 'bully.HELLO_ACK'; rank: string; leader: string | null; from: string }
  | { type: 'bully.ELECTION'; rank: string; from: string }
  | { type: 'bully.OK'; rank: string; from: string }
  | { type: 'bully.COORDINATOR'; rank: string; from: string };

/**
 * Raised by the host machine: `bully.start` starts an election (leader suspected, a
 * higher node returned); `bully.down`/`bully.up` pass on a failure detector's verdicts.
 */
export type BullyControl = { type: 'bully.start' } | { type: 'bully.down'; peer: string } | { type: 'bully.up'; peer: string };
export type BullyEvent = BullyMessage | BullyControl | BullyChanged;
export type BullyRole = 'gathering' | 'candidate' | 'leader' | 'follower';
/** Raised by the region whenever its role or leader changes, for the host machine to react. */
export type BullyChanged = { type: 'bully.changed'; role: BullyRole; leader: string | null };

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
    down: [],
    startupWaitMs: input.startupWaitMs ?? 20_000,
    okTimeoutMs: input.okTimeoutMs ?? 300,
    coordinatorTimeoutMs: input.coordinatorTimeoutMs ?? 1000,
    electionAttemptsMax: input.electionAttemptsMax ?? 2,
    attempt: 0,
    retrying: false,
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

/** Peers an election must ask: ranked higher, or not ranked yet (they may be higher), and not suspected down. */
export function electionTargets(bully: BullyContext): string[] {
  return bully.peers.filter((peer) => (bully.ranks[peer] === undefined || bully.ranks[peer]! > bully.rank) && !bully.down.includes(peer));
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

/** Reports the role and leader as facts, and raises `bully.changed` for the host machine. */
function roleFacts(role: BullyRole, leader: (bully: BullyContext) => string | null) {
  return enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => {
    const current = leader(context.bully);
    enqueue.emit(factEvent('role', role));
    enqueue.emit(factEvent('leader', current));
    enqueue.raise({ type: 'bully.changed', role, leader: current } satisfies BullyChanged);
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
      'bully.down': { actions: assign(({ context, event }: Args) => (context.bully.down.includes(event.peer) ? {} : { bully: { ...context.bully, down: [...context.bully.down, event.peer].sort() } })) },
      'bully.up': { actions: assign(({ context, event }: Args) => ({ bully: { ...context.bully, down: context.bully.down.filter((peer) => peer !== event.peer) } })) },
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
          assign(({ context }: Args) => {
            const { bully } = context;
            return { bully: bully.retrying
              ? { ...bully, retrying: false, attempt: bully.attempt + 1 }
              : { ...bully, leader: null, attempt: 1, electionsStarted: bully.electionsStarted + 1 } };
          }),
          roleFacts('candidate', () => null),
          enqueueActions(({ context, enqueue }: Args & { enqueue: any }) => {
            for (const peer of electionTargets(context.bully)) enqueue.emit(sendEvent(peer, { type: 'bully.ELECTION', rank: context.bully.rank }));
          }),
        ],
        always: [{ guard: ({ context }: Args) => electionTargets(context.bully).length === 0, target: 'leader' }],
        after: {
          'bully.okTimeout': [
            { guard: ({ context }: Args) => context.bully.attempt < context.bully.electionAttemptsMax, target: 'electing', reenter: true, actions: assign(({ context }: Args) => ({ bully: { ...context.bully, retrying: true } })) },
            { target: 'leader' },
          ],
        },
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
          'bully.ELECTION': [
            // A lower node asks and we know a live higher one: we may be a stale leader (lost messages); elect.
            { guard: ({ context, event }: Args) => fromLower({ context, event }) && electionTargets(context.bully).length > 0, target: 'electing', actions: [learnRank, replyOk] },
            // Otherwise our own election would end at once the same way: answer OK and COORDINATOR to the asker alone.
            {
              guard: fromLower,
              actions: [
                learnRank,
                replyOk,
                enqueueActions(({ context, event, enqueue }: Args & { enqueue: any }) => {
                  enqueue.emit(sendEvent(event.from, { type: 'bully.COORDINATOR', rank: context.bully.rank }));
                }),
              ],
            },
            { actions: learnRank },
          ],
        },
      },
      follower: {
        entry: roleFacts('follower', (bully) => bully.leader),
        on: {
          ...sharedHandlers({ electing: false }),
          'bully.COORDINATOR': [
            // A higher claimant than our leader, or our leader is suspected down (or not ranked): follow it.
            {
              guard: ({ context, event }: Args) =>
                event.rank > context.bully.rank &&
                (context.bully.down.includes(context.bully.leader ?? '') || !((rankOf(context.bully, context.bully.leader) ?? '') > event.rank)),
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
