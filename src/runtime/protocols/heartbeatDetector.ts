/**
 * A heartbeat failure detector as a state-region builder (context under `context.fd`).
 * Every `intervalMs` a node sends HEARTBEAT to each watched peer and adds the interval
 * to each peer's silence; a peer silent for `timeoutMs` or more is suspected. Any
 * heartbeat from a peer (or an `fd.heard` the host raises for any other message from it)
 * resets its silence; a suspected peer that speaks again is alive again.
 *
 * One periodic timer for all peers (not one per peer) keeps the timer count bounded;
 * the price is that silence is counted in whole intervals, so a crash is suspected between
 * timeoutMs - intervalMs and timeoutMs + intervalMs after it.
 * `timeoutMs` is drawn per node from [timeoutMsMin, timeoutMsMax] with the node's seeded
 * generator, so that nodes do not all suspect (and start elections) at the same moment.
 *
 * States: `starting` (until a random phase in [0, intervalMs) has passed, so nodes started
 * together do not tick, and suspect, together), then `watching.trusting` (no suspects) and
 * `watching.suspecting` (some).
 * Raised for the host machine: `fd.suspect { peer }` and `fd.alive { peer }`.
 * Facts: `suspects` (sorted ids) whenever the set changes.
 */
import { enqueueActions } from 'xstate';
import { factEvent, sendEvent } from '../effects.ts';
import { randomInt, type Rng } from '../rng.ts';

export interface DetectorContext {
  peers: string[];
  intervalMs: number;
  timeoutMs: number;
  /** Delay before the first tick, drawn in [0, intervalMs), so nodes started together do not tick together. */
  phaseMs: number;
  /** Milliseconds since each peer was last heard (in steps of intervalMs). */
  silentMs: Record<string, number>;
  suspects: string[];
}

export interface DetectorInput {
  peers: string[];
  rng: Rng;
  /** Heartbeat period. Default 1000. */
  intervalMs?: number;
  /** Suspicion timeout range; each node draws its own. Defaults 2500 and 4000. */
  timeoutMsMin?: number;
  timeoutMsMax?: number;
}

export type DetectorMessage = { type: 'fd.HEARTBEAT'; from: string };
/** Raise `fd.heard` when any other message from `peer` arrives: it is as good as a heartbeat. */
export type DetectorControl = { type: 'fd.heard'; peer: string };
export type DetectorRaised = { type: 'fd.suspect'; peer: string } | { type: 'fd.alive'; peer: string };

/**
 * The initial `fd` context and the generator state after drawing the timeout.
 *
 * @example
 * const { fd, rng } = initialDetectorContext({ peers, rng: createRng(input.seed) });
 */
export function initialDetectorContext(input: DetectorInput): { fd: DetectorContext; rng: Rng } {
  const min = input.timeoutMsMin ?? 2500;
  const max = Math.max(min, input.timeoutMsMax ?? 4000);
  const intervalMs = input.intervalMs ?? 1000;
  const [timeoutMs, rng1] = randomInt(input.rng, min, max);
  const [phaseMs, rng] = randomInt(rng1, 0, Math.max(0, Math.floor(intervalMs) - 1));
  const silentMs: Record<string, number> = {};
  for (const peer of input.peers) silentMs[peer] = 0;
  return { fd: { peers: [...input.peers], intervalMs, timeoutMs, phaseMs, silentMs, suspects: [] }, rng };
}

export const detectorDelays = {
  'fd.interval': ({ context }: { context: { fd: DetectorContext } }) => context.fd.intervalMs,
  'fd.phase': ({ context }: { context: { fd: DetectorContext } }) => context.fd.phaseMs,
};

type Ctx = { fd: DetectorContext };
type Args = { context: Ctx; event: any; enqueue: any };

const tick = enqueueActions(({ context, enqueue }: Args) => {
  const { fd } = context;
  const silentMs: Record<string, number> = {};
  const suspects = [...fd.suspects];
  for (const peer of fd.peers) {
    enqueue.emit(sendEvent(peer, { type: 'fd.HEARTBEAT' }));
    silentMs[peer] = (fd.silentMs[peer] ?? 0) + fd.intervalMs;
    if (silentMs[peer]! >= fd.timeoutMs && !suspects.includes(peer)) {
      suspects.push(peer);
      enqueue.raise({ type: 'fd.suspect', peer });
    }
  }
  suspects.sort();
  enqueue.assign({ fd: { ...fd, silentMs, suspects } });
  if (suspects.length !== fd.suspects.length) enqueue.emit(factEvent('suspects', suspects));
});

const peerOf = (event: any): string => (event.type === 'fd.heard' ? event.peer : event.from);

const heard = enqueueActions(({ context, event, enqueue }: Args) => {
  const { fd } = context;
  const peer = peerOf(event);
  if (!(peer in fd.silentMs)) return; // not a watched peer
  if (!fd.suspects.includes(peer)) {
    if (fd.silentMs[peer] !== 0) enqueue.assign({ fd: { ...fd, silentMs: { ...fd.silentMs, [peer]: 0 } } });
    return;
  }
  const suspects = fd.suspects.filter((id) => id !== peer);
  enqueue.assign({ fd: { ...fd, silentMs: { ...fd.silentMs, [peer]: 0 }, suspects } });
  enqueue.emit(factEvent('suspects', suspects));
  enqueue.raise({ type: 'fd.alive', peer });
});

const anySuspect = ({ context }: Args) => context.fd.suspects.length > 0;
const lastSuspectHeard = ({ context, event }: Args) => context.fd.suspects.length === 1 && context.fd.suspects[0] === peerOf(event);

/**
 * The region config. The host machine's setup must include `detectorDelays`.
 *
 * @example
 * setup({ delays: { ...detectorDelays } }).createMachine({ type: 'parallel', context, states: { detector: detectorRegion() } })
 */
export function detectorRegion() {
  return {
    initial: 'starting',
    states: {
      // Heartbeats from others count from the start; only our own first tick waits for the phase.
      starting: {
        after: { 'fd.phase': { target: 'watching' } },
        on: { 'fd.HEARTBEAT': { actions: heard }, 'fd.heard': { actions: heard } },
      },
      watching: {
        initial: 'trusting',
        // The tick decides the substate after it ran, so it goes through a transient node.
        after: { 'fd.interval': { target: '.checking', reenter: true, actions: tick } },
        states: {
          checking: { always: [{ guard: anySuspect, target: 'suspecting' }, { target: 'trusting' }] },
          trusting: {
            on: { 'fd.HEARTBEAT': { actions: heard }, 'fd.heard': { actions: heard } },
          },
          suspecting: {
            on: {
              'fd.HEARTBEAT': [{ guard: lastSuspectHeard, target: 'trusting', actions: heard }, { actions: heard }],
              'fd.heard': [{ guard: lastSuspectHeard, target: 'trusting', actions: heard }, { actions: heard }],
            },
          },
        },
      },
    },
  };
}

/** For tests and the UI: the peers suspected now. */
export const suspectsOf = (context: Ctx): readonly string[] => context.fd.suspects;
