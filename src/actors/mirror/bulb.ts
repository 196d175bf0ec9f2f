/**
 * A bulb of the smart mirror (SYSTEMS.md §1). One parallel machine, four regions:
 *
 * - `election`: bully election (src/runtime/protocols/bullyElection.ts), ranked by UUID;
 * - `gossip`: push-pull gossip of `bpm` (the Pi's reading) and `pattern` (what the
 *   leader decided the bulbs blink to);
 * - `detector`: heartbeat failure detector; a suspected leader starts an election, a
 *   returning node ranked above our leader starts one too (the bully rule);
 * - `lights`: blinks the bulb's own outlet in the heartbeat rhythm, and glues the
 *   regions together (why here: XState picks one transition per event per region, so
 *   glue living in one region cannot collide with a protocol's own handlers).
 *
 * The leader turns readings into the pattern: when it sees a newer `bpm` (or becomes
 * leader while one is pending), it writes `pattern` with the reading's version. Every
 * bulb blinks to the pattern it holds, so blinking goes on without a leader.
 *
 * Outlet I/O is a message to the strip actor (`strip.RELAY`); the strip answers
 * `strip.ACK`. A command still unanswered when the next one is due is reported as the
 * fact `relay.failed { strip, outlet, seq }`: every command reaches its strip or its
 * failure is reported.
 */
import { enqueueActions, raise, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import { createRng, type Rng } from '../../runtime/rng.ts';
import { bullyDelays, bullyRegion, initialBullyContext, type BullyContext } from '../../runtime/protocols/bullyElection.ts';
import { gossipDelays, gossipRegion, initialGossipContext, type GossipContext } from '../../runtime/protocols/gossip.ts';
import { detectorDelays, detectorRegion, initialDetectorContext, type DetectorContext } from '../../runtime/protocols/heartbeatDetector.ts';

export interface BulbTiming {
  startupWaitMs: number;
  okTimeoutMs: number;
  coordinatorTimeoutMs: number;
  gossipIntervalMs: number;
  gossipFanout: number;
  heartbeatIntervalMs: number;
  suspectTimeoutMsMin: number;
  suspectTimeoutMsMax: number;
  /** Fraction of each beat the bulb is lit. */
  dutyCycle: number;
}

export const defaultBulbTiming: BulbTiming = {
  startupWaitMs: 20_000,
  okTimeoutMs: 300,
  coordinatorTimeoutMs: 1000,
  gossipIntervalMs: 500,
  gossipFanout: 2,
  // Six to nine missed heartbeats before suspecting: under 20% loss a live peer is
  // suspected about once a minute among 12 bulbs, not every second.
  heartbeatIntervalMs: 500,
  suspectTimeoutMsMin: 3000,
  suspectTimeoutMsMax: 4500,
  dutyCycle: 0.3,
};

export interface BulbInput {
  seed: number;
  /** This bulb's actor id (machines do not see their runtime id). */
  self: string;
  uuid: string;
  /** The other bulbs' actor ids. */
  peers: string[];
  strip: string;
  outlet: number;
  timing?: Partial<BulbTiming>;
}

export interface LightContext {
  strip: string;
  outlet: number;
  dutyCycle: number;
  /** The beat the bulb blinks to; null until a pattern arrives. */
  bpm: number | null;
  seq: number;
  /** The relay command still waiting for its ACK. */
  pending: number | null;
  failures: number;
}

export interface BulbContext {
  uuid: string;
  bully: BullyContext;
  gossip: GossipContext;
  fd: DetectorContext;
  light: LightContext;
  rng: Rng;
}

type Args = { context: BulbContext; event: any; enqueue: any };

function beatMs(light: LightContext): number {
  return 60_000 / (light.bpm ?? 60);
}

/** Sends the next relay command, reporting the previous one if its ACK never came. */
function relayCommand(on: boolean) {
  return enqueueActions(({ context, enqueue }: Args) => {
    const light = context.light;
    const seq = light.seq + 1;
    if (light.pending !== null) enqueue.emit(factEvent('relay.failed', { strip: light.strip, outlet: light.outlet, seq: light.pending }));
    enqueue.assign({ light: { ...light, seq, pending: seq, failures: light.failures + (light.pending === null ? 0 : 1) } });
    enqueue.emit(sendEvent(light.strip, { type: 'strip.RELAY', outlet: light.outlet, on, seq }));
  });
}

/** The leader writes the pattern when the reading it holds is newer than the pattern. */
const leaderAdoptsReading = enqueueActions(({ context, enqueue }: Args) => {
  if (context.bully.leader !== context.bully.self) return;
  const reading = context.gossip.entries.bpm;
  const pattern = context.gossip.entries.pattern;
  if (reading === undefined || (pattern !== undefined && pattern.version >= reading.version)) return;
  enqueue.raise({ type: 'gossip.put', key: 'pattern', value: { bpm: reading.value }, version: reading.version });
});

function rankOf(bully: BullyContext, id: string | null): string | undefined {
  if (id === null) return undefined;
  return id === bully.self ? bully.rank : bully.ranks[id];
}

const lightsRegion = {
  initial: 'dark',
  on: {
    'strip.ACK': {
      actions: enqueueActions(({ context, event, enqueue }: Args) => {
        if (event.seq === context.light.pending) enqueue.assign({ light: { ...context.light, pending: null } });
      }),
    },
    'mirror.BPM': { actions: raise(({ event }: any) => ({ type: 'gossip.put', key: 'bpm', value: event.bpm, version: event.version })) },
    'gossip.updated': {
      actions: enqueueActions(({ context, event, enqueue }: Args) => {
        if (event.key === 'bpm') enqueue(leaderAdoptsReading);
        if (event.key === 'pattern') {
          enqueue.assign({ light: { ...context.light, bpm: (event.entry.value as { bpm: number }).bpm } });
          enqueue.emit(factEvent('pattern', { bpm: (event.entry.value as { bpm: number }).bpm, version: event.entry.version }));
          enqueue.raise({ type: 'lights.start' });
        }
      }),
    },
    'bully.changed': { actions: leaderAdoptsReading },
    'fd.suspect': {
      actions: enqueueActions(({ context, event, enqueue }: Args) => {
        enqueue.raise({ type: 'gossip.exclude', peer: event.peer });
        enqueue.raise({ type: 'bully.down', peer: event.peer });
        if (event.peer === context.bully.leader) enqueue.raise({ type: 'bully.start' });
      }),
    },
    'fd.alive': {
      actions: enqueueActions(({ context, event, enqueue }: Args) => {
        enqueue.raise({ type: 'gossip.include', peer: event.peer });
        enqueue.raise({ type: 'bully.up', peer: event.peer });
        const leaderRank = rankOf(context.bully, context.bully.leader);
        const peerRank = context.bully.ranks[event.peer];
        // A node ranked above our leader is back (a healed partition, a restart): bully rule, elect.
        if (leaderRank !== undefined && peerRank !== undefined && peerRank > leaderRank) enqueue.raise({ type: 'bully.start' });
      }),
    },
  },
  states: {
    dark: { on: { 'lights.start': 'on' } },
    on: { entry: relayCommand(true), after: { 'lights.onTime': 'off' } },
    off: { entry: relayCommand(false), after: { 'lights.offTime': 'on' } },
  },
};

/**
 * The bulb machine.
 *
 * @example
 * { id: 'bulb-1', machine: bulbMachine, input: { self: 'bulb-1', uuid, peers, strip: 'strip-1', outlet: 1 } }
 */
export const bulbMachine = setup({
  types: { context: {} as BulbContext, events: {} as any, input: {} as BulbInput, emitted: {} as TroupeEmitted },
  delays: {
    ...bullyDelays,
    ...gossipDelays,
    ...detectorDelays,
    'lights.onTime': ({ context }: { context: BulbContext }) => beatMs(context.light) * context.light.dutyCycle,
    'lights.offTime': ({ context }: { context: BulbContext }) => beatMs(context.light) * (1 - context.light.dutyCycle),
  } as any,
}).createMachine({
  id: 'bulb',
  type: 'parallel',
  context: ({ input }: { input: BulbInput }) => {
    const timing = { ...defaultBulbTiming, ...input.timing };
    const detector = initialDetectorContext({
      peers: input.peers,
      rng: createRng(input.seed),
      intervalMs: timing.heartbeatIntervalMs,
      timeoutMsMin: timing.suspectTimeoutMsMin,
      timeoutMsMax: timing.suspectTimeoutMsMax,
    });
    return {
      uuid: input.uuid,
      bully: initialBullyContext({ self: input.self, rank: input.uuid, peers: input.peers, startupWaitMs: timing.startupWaitMs, okTimeoutMs: timing.okTimeoutMs, coordinatorTimeoutMs: timing.coordinatorTimeoutMs }),
      gossip: initialGossipContext({ self: input.self, peers: input.peers, rng: detector.rng, fanout: timing.gossipFanout, intervalMs: timing.gossipIntervalMs, reportKeys: ['bpm', 'pattern'] }),
      fd: detector.fd,
      light: { strip: input.strip, outlet: input.outlet, dutyCycle: timing.dutyCycle, bpm: null, seq: 0, pending: null, failures: 0 },
      rng: detector.rng,
    };
  },
  states: {
    election: bullyRegion() as any,
    gossip: gossipRegion() as any,
    detector: detectorRegion() as any,
    lights: lightsRegion as any,
  },
} as any);
