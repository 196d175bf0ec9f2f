/**
 * Push-pull anti-entropy gossip of a small replicated map of versioned entries, as a
 * state-region builder (context under `context.gossip`). Every `intervalMs` (one round)
 * a node sends its whole map to `fanout` peers drawn from its seeded generator (PUSH);
 * the receiver merges it and answers with the entries it holds newer (PULL). With fanout
 * f an update reaches all N nodes in O(log N) rounds. Meant for maps of a few dozen
 * entries (a heart rate, a membership view): a PUSH carries the whole map.
 *
 * Merge rule: the higher version wins; on equal versions the higher `origin` (actor id)
 * wins, so every node settles on the same value whatever the delivery order, and a
 * duplicated or stale message changes nothing.
 *
 * States: `running.idle` (nothing learned this round) and `running.spreading` (something
 * changed since the last round; the next PUSH carries news). The host machine writes
 * with `gossip.put`, hides suspected peers with `gossip.exclude`/`gossip.include`, and
 * hears `gossip.updated` (raised) for each key whose entry changed.
 *
 * Facts: `gossip.version` { key, version } for each key named in `reportKeys` when it changes.
 */
import { assign, enqueueActions } from 'xstate';
import { factEvent, sendEvent } from '../effects.ts';
import { randomInt, type Rng } from '../rng.ts';

export interface GossipEntry {
  version: number;
  value: unknown;
  /** Who wrote this version. */
  origin: string;
}

export interface GossipContext {
  self: string;
  peers: string[];
  fanout: number;
  intervalMs: number;
  entries: Record<string, GossipEntry>;
  /** Peers not gossiped to now (suspected by a failure detector). */
  excluded: string[];
  /** Keys whose changes are reported as facts. */
  reportKeys: string[];
  rounds: number;
  rng: Rng;
}

export interface GossipInput {
  self: string;
  peers: string[];
  rng: Rng;
  /** Peers per round. Default 2. */
  fanout?: number;
  /** One round. Default 500. */
  intervalMs?: number;
  reportKeys?: string[];
}

export type GossipMessage =
  | { type: 'gossip.PUSH'; entries: Record<string, GossipEntry>; from: string }
  | { type: 'gossip.PULL'; entries: Record<string, GossipEntry>; from: string };

export type GossipControl =
  /** Write a local entry: `version` omitted means one above the current. */
  | { type: 'gossip.put'; key: string; value: unknown; version?: number }
  | { type: 'gossip.exclude'; peer: string }
  | { type: 'gossip.include'; peer: string };

/** Raised by the region for each key whose entry changed. */
export type GossipUpdated = { type: 'gossip.updated'; key: string; entry: GossipEntry };

/**
 * The initial `gossip` context.
 *
 * @example
 * context: ({ input }) => ({ gossip: initialGossipContext({ self: 'bulb-1', peers, rng: createRng(input.seed) }) })
 */
export function initialGossipContext(input: GossipInput): GossipContext {
  return {
    self: input.self,
    peers: [...input.peers],
    fanout: input.fanout ?? 2,
    intervalMs: input.intervalMs ?? 500,
    entries: {},
    excluded: [],
    reportKeys: input.reportKeys ?? [],
    rounds: 0,
    rng: input.rng,
  };
}

export const gossipDelays = {
  'gossip.interval': ({ context }: { context: { gossip: GossipContext } }) => context.gossip.intervalMs,
};

/**
 * True when `incoming` should replace `current` (higher version, then higher origin).
 *
 * @example
 * newer({ version: 2, value: 80, origin: 'pi' }, { version: 1, value: 72, origin: 'pi' }) // true
 */
export function newer(incoming: GossipEntry, current: GossipEntry | undefined): boolean {
  if (current === undefined) return true;
  return incoming.version > current.version || (incoming.version === current.version && incoming.origin > current.origin);
}

/**
 * Merges `incoming` into `entries`; returns the merged map and the keys that changed (sorted).
 *
 * @example
 * mergeEntries({}, { bpm: { version: 1, value: 72, origin: 'pi' } }) // { entries: { bpm: … }, changed: ['bpm'] }
 */
export function mergeEntries(entries: Record<string, GossipEntry>, incoming: Record<string, GossipEntry>): { entries: Record<string, GossipEntry>; changed: string[] } {
  const changed: string[] = [];
  let merged = entries;
  for (const key of Object.keys(incoming).sort()) {
    const entry = incoming[key]!;
    if (!newer(entry, merged[key])) continue;
    if (merged === entries) merged = { ...entries };
    merged[key] = entry;
    changed.push(key);
  }
  return { entries: merged, changed };
}

/** The entries of `mine` that are newer than (or missing from) `theirs`. */
export function newerThan(mine: Record<string, GossipEntry>, theirs: Record<string, GossipEntry>): Record<string, GossipEntry> {
  const out: Record<string, GossipEntry> = {};
  for (const key of Object.keys(mine).sort()) if (newer(mine[key]!, theirs[key])) out[key] = mine[key]!;
  return out;
}

type Ctx = { gossip: GossipContext };
type Args = { context: Ctx; event: any; enqueue: any };

/** Merges, raises `gossip.updated` and reports facts; the target state says whether anything changed. */
function absorb(context: Ctx, incoming: Record<string, GossipEntry>, enqueue: any): string[] {
  const { entries, changed } = mergeEntries(context.gossip.entries, incoming);
  if (changed.length === 0) return changed;
  enqueue.assign({ gossip: { ...context.gossip, entries } });
  for (const key of changed) {
    enqueue.raise({ type: 'gossip.updated', key, entry: entries[key]! } satisfies GossipUpdated);
    if (context.gossip.reportKeys.includes(key)) enqueue.emit(factEvent('gossip.version', { key, version: entries[key]!.version }));
  }
  return changed;
}

/** Draws up to `fanout` distinct peers among those not excluded (all peers if every one is). */
function pickPeers(gossip: GossipContext): { picked: string[]; rng: Rng } {
  let pool = gossip.peers.filter((peer) => !gossip.excluded.includes(peer));
  if (pool.length === 0) pool = [...gossip.peers];
  let rng = gossip.rng;
  const picked: string[] = [];
  while (picked.length < gossip.fanout && pool.length > 0) {
    let index: number;
    [index, rng] = randomInt(rng, 0, pool.length - 1);
    picked.push(pool.splice(index, 1)[0]!);
  }
  return { picked, rng };
}

const gossipRound = enqueueActions(({ context, enqueue }: Args) => {
  const { picked, rng } = pickPeers(context.gossip);
  enqueue.assign({ gossip: { ...context.gossip, rng, rounds: context.gossip.rounds + 1 } });
  for (const peer of picked) enqueue.emit(sendEvent(peer, { type: 'gossip.PUSH', entries: context.gossip.entries }));
});

const hasChange = ({ context, event }: Args) => {
  if (event.type === 'gossip.put') {
    const current = context.gossip.entries[event.key];
    const entry = { version: event.version ?? (current?.version ?? 0) + 1, value: event.value, origin: context.gossip.self };
    return newer(entry, current);
  }
  return mergeEntries(context.gossip.entries, event.entries).changed.length > 0;
};

const receive = enqueueActions(({ context, event, enqueue }: Args) => {
  if (event.type === 'gossip.put') {
    const current = context.gossip.entries[event.key];
    absorb(context, { [event.key]: { version: event.version ?? (current?.version ?? 0) + 1, value: event.value, origin: context.gossip.self } }, enqueue);
    return;
  }
  if (event.type === 'gossip.PUSH') {
    const reply = newerThan(context.gossip.entries, event.entries);
    if (Object.keys(reply).length > 0) enqueue.emit(sendEvent(event.from, { type: 'gossip.PULL', entries: reply }));
  }
  absorb(context, event.entries, enqueue);
});

/**
 * The region config. The host machine's setup must include `gossipDelays`.
 *
 * @example
 * setup({ delays: { ...gossipDelays } }).createMachine({ type: 'parallel', context, states: { gossip: gossipRegion() } })
 */
export function gossipRegion() {
  const incoming = (target: string) => [{ guard: hasChange, target, actions: receive }, { actions: receive }];
  return {
    initial: 'running',
    on: {
      'gossip.exclude': {
        actions: assign(({ context, event }: Args) => (context.gossip.excluded.includes(event.peer) ? {} : { gossip: { ...context.gossip, excluded: [...context.gossip.excluded, event.peer].sort() } })),
      },
      'gossip.include': {
        actions: assign(({ context, event }: Args) => ({ gossip: { ...context.gossip, excluded: context.gossip.excluded.filter((peer) => peer !== event.peer) } })),
      },
    },
    states: {
      running: {
        initial: 'idle',
        after: { 'gossip.interval': { target: '.idle', reenter: true, actions: gossipRound } },
        states: {
          idle: {
            on: { 'gossip.PUSH': incoming('spreading'), 'gossip.PULL': incoming('spreading'), 'gossip.put': incoming('spreading') },
          },
          spreading: {
            on: { 'gossip.PUSH': { actions: receive }, 'gossip.PULL': { actions: receive }, 'gossip.put': { actions: receive } },
          },
        },
      },
    },
  };
}
