/**
 * A PCT-style exploration strategy (probabilistic concurrency testing, Burckhardt et al.
 * 2010), approximated with the network's delay bounds because the supervisor has no hook
 * to reorder deliveries directly.
 *
 * PCT gives each thread a random priority, always runs the highest-priority enabled
 * thread, and lowers the running thread's priority at d-1 random change points; a bug of
 * depth d is then found with probability at least 1/(n·k^(d-1)). Here a "thread" is a
 * sender: each sender gets a distinct priority, and a priority is a narrow delay band
 * inside [delayMsMin, delayMsMax] (higher priority: shorter delay), so messages sent at the
 * same time arrive in priority order, consistently, run after run. Plain random delays
 * reorder each race independently, so an ordering bug that needs the same race to go the
 * same way k times is found with probability 2^-k per seed; under PCT it is about 1/2.
 *
 * The bands go in as per-sender `links` overrides (recorded in the trace header), and the
 * change points as `delay` faults on one sender's link to everyone (recorded as faults),
 * so a PCT run replays like any other.
 *
 * What it cannot do (the hook it lacks is described in the explore report): order events
 * of different senders that are not sent at about the same time, order deliveries within
 * one sender, or demote "the sender that is running" at a change point (it demotes the
 * sender with the highest priority at that time instead).
 */
import type { ActorId } from '../messages.ts';
import type { ScheduledFault } from '../faults.ts';
import type { LinkOverride, NetworkOptions } from '../network.ts';
import { exploreRandom } from './nemesis.ts';

export interface PctOptions {
  /** Bug depth d: d-1 priority change points. Default 3. */
  depth?: number;
  /** Change points fall in [0, changeEndMs). */
  changeEndMs: number;
}

/** The network overrides and change-point faults for one seed. */
export interface PctPlan {
  links: LinkOverride[];
  faults: ScheduledFault[];
  /** Senders from the highest to the lowest initial priority (for reports). */
  priorities: ActorId[];
}

/**
 * Draws one seed's PCT plan.
 *
 * @example
 * const plan = drawPct(7, ['a', 'b', 'agg'], network, { depth: 2, changeEndMs: 5_000 });
 * runScenario(path, { seed: 7, network: { links: [...network.links, ...plan.links] } });
 */
export function drawPct(seed: number, senders: readonly ActorId[], network: NetworkOptions, options: PctOptions): PctPlan {
  const random = exploreRandom(seed, 0x70637421);
  const depth = Math.max(1, Math.floor(options.depth ?? 3));
  const n = senders.length;
  const levels = n + depth - 1;
  // Initial priorities d-1 .. d+n-2 (a random permutation); change point i lowers to i (below all).
  const order = [...senders];
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const priority = new Map<ActorId, number>();
  order.forEach((actor, rank) => priority.set(actor, depth - 1 + (n - 1 - rank)));
  const band = (level: number) => delayBand(network, levels, level);
  const links: LinkOverride[] = order.map((actor) => ({ from: actor, to: '*', ...band(priority.get(actor)!) }));
  const times = Array.from({ length: depth - 1 }, () => random.int(0, Math.max(0, options.changeEndMs - 1))).sort((a, b) => a - b);
  const faults: ScheduledFault[] = [];
  times.forEach((atMs, i) => {
    let top: ActorId | undefined;
    for (const actor of order) if (top === undefined || priority.get(actor)! > priority.get(top)!) top = actor;
    if (top === undefined) return;
    const level = depth - 2 - i;
    priority.set(top, level);
    faults.push({ atMs, action: 'delay', link: { from: top, to: '*' }, ...band(level) });
  });
  return { links, faults, priorities: order };
}

/** The delay band of a priority level: level levels-1 gets the shortest delays. */
function delayBand(network: NetworkOptions, levels: number, level: number): { delayMsMin: number; delayMsMax: number } {
  const width = (network.delayMsMax - network.delayMsMin) / levels;
  const slot = levels - 1 - level;
  const delayMsMin = network.delayMsMin + width * slot;
  return { delayMsMin, delayMsMax: delayMsMin + width };
}
