/**
 * The simulated network between actors: links, partitions, one-way cuts, loss, delay,
 * duplication, optional per-link FIFO order and per-sender uplink bandwidth. Every random
 * choice is drawn from the supervisor's seeded generator, in the order messages are
 * routed, so the same seed routes the same way.
 */
import type { ActorId } from './messages.ts';
import type { SeededRandom } from './rng.ts';
import { TroupeError } from './errors.ts';

/** Link properties; any subset may be overridden per link. */
export interface LinkOptions {
  /** Least one-way delay. Also the lookahead: no message arrives sooner, so actors can step in parallel for this long. */
  delayMsMin: number;
  delayMsMax: number;
  lossProbability: number;
  duplicateProbability: number;
}

export interface LinkOverride extends Partial<LinkOptions> {
  /** Sender, or '*' for any. */
  from: ActorId | '*';
  /** Receiver, or '*' for any. */
  to: ActorId | '*';
}

export interface NetworkOptions extends LinkOptions {
  /** Per-link settings, later entries win. */
  links: LinkOverride[];
  /** Messages on one link arrive in the order sent (like TCP); otherwise delay may reorder them (like UDP). */
  ordered: boolean;
  /** Each sender's uplink capacity; 0 means unlimited. Messages queue behind one another on a busy uplink. */
  uplinkBytesPerMs: number;
  /**
   * Uplinks shared by groups of senders (Pis behind one home connection): the members'
   * messages queue on one link of this capacity, so adding a sender slows the others.
   * A member uses its group's uplink instead of `uplinkBytesPerMs`.
   */
  uplinks: SharedUplink[];
}

export interface SharedUplink {
  members: ActorId[];
  bytesPerMs: number;
}

export const defaultNetworkOptions: NetworkOptions = {
  delayMsMin: 1,
  delayMsMax: 10,
  lossProbability: 0,
  duplicateProbability: 0,
  links: [],
  ordered: false,
  uplinkBytesPerMs: 0,
  uplinks: [],
};

/** What the network did with one message. An empty `deliverAtMs` never happens: that is a drop. */
export type RouteOutcome =
  | { delivered: true; deliverAtMs: number[] }
  | { delivered: false; reason: 'partition' | 'loss' };

/**
 * The network model.
 *
 * @example
 * const network = new NetworkModel(defaultNetworkOptions, new SeededRandom(1));
 * network.partition([['a'], ['b', 'c']]);
 * network.route('a', 'b', 0) // => { delivered: false, reason: 'partition' }
 */
export class NetworkModel {
  private options: NetworkOptions;
  /** Group number per actor while partitioned; actors in no listed group share group -1. */
  private groupOf = new Map<ActorId, number>();
  private readonly cuts = new Set<string>();
  private readonly lastDeliveryMs = new Map<string, number>();
  /** Busy-until per uplink: a sender's own id, or `group:<index>` for a shared uplink. */
  private readonly uplinkBusyUntilMs = new Map<string, number>();
  private readonly sharedUplinkOf = new Map<ActorId, number>();

  constructor(options: NetworkOptions, private readonly random: SeededRandom) {
    validateNetworkOptions(options);
    this.options = { ...options, links: [...options.links] };
    options.uplinks.forEach((uplink, index) => uplink.members.forEach((member) => this.sharedUplinkOf.set(member, index)));
  }

  /** True when messages need their size (some uplink is limited). */
  get measuresSize(): boolean {
    return this.options.uplinkBytesPerMs > 0 || this.options.uplinks.length > 0;
  }

  /** The least delay of any link: the lookahead for parallel stepping. */
  lookaheadMs(): number {
    let least = this.options.delayMsMin;
    for (const link of this.options.links) if (link.delayMsMin !== undefined) least = Math.min(least, link.delayMsMin);
    return least;
  }

  /** Decides the fate of one message sent at `nowMs`. */
  route(from: ActorId, to: ActorId, nowMs: number, sizeBytes = 0): RouteOutcome {
    if (this.isBlocked(from, to)) return { delivered: false, reason: 'partition' };
    const link = this.linkOptions(from, to);
    if (this.random.chance(link.lossProbability)) return { delivered: false, reason: 'loss' };
    const departMs = this.depart(from, nowMs, sizeBytes);
    const deliverAtMs = [this.arrival(from, to, departMs, link)];
    if (this.random.chance(link.duplicateProbability)) deliverAtMs.push(this.arrival(from, to, departMs, link));
    return { delivered: true, deliverAtMs };
  }

  /** True when messages from `from` cannot reach `to` now. */
  isBlocked(from: ActorId, to: ActorId): boolean {
    if (from === to) return false;
    if (this.cuts.has(linkKey(from, to))) return true;
    if (this.groupOf.size === 0) return false;
    return (this.groupOf.get(from) ?? -1) !== (this.groupOf.get(to) ?? -1);
  }

  /** Splits actors into groups that cannot reach each other. Actors not listed form one more group. Replaces any earlier partition. */
  partition(groups: readonly (readonly ActorId[])[]): void {
    this.groupOf = new Map();
    groups.forEach((group, index) => group.forEach((actor) => this.groupOf.set(actor, index)));
  }

  /** Cuts the link from `from` to `to` only: `to` can still reach `from`. */
  cut(from: ActorId, to: ActorId): void {
    this.cuts.add(linkKey(from, to));
  }

  /** Removes every partition and cut. Loss, delay and duplication settings stay. */
  heal(): void {
    this.groupOf = new Map();
    this.cuts.clear();
  }

  /** Changes link properties for all links, or for the links an override names. */
  configure(change: Partial<LinkOptions>, link?: { from: ActorId | '*'; to: ActorId | '*' }): void {
    if (link === undefined) {
      const next = { ...this.options, ...change };
      validateLinkOptions(next, 'network change');
      this.options = next;
    } else {
      const override = { ...change, from: link.from, to: link.to };
      validateLinkOptions({ ...this.options, ...override }, `link ${link.from}->${link.to}`);
      this.options.links.push(override);
    }
  }

  /** The current state, for the trace's derived options and the UI. */
  describe(): { options: NetworkOptions; groups: ActorId[][]; cuts: [ActorId, ActorId][] } {
    const groups: ActorId[][] = [];
    for (const [actor, group] of this.groupOf) (groups[group] ??= []).push(actor);
    const cuts = [...this.cuts].map((key) => key.split('\u0000') as [ActorId, ActorId]);
    return { options: structuredClone(this.options), groups: groups.filter(Boolean), cuts };
  }

  private linkOptions(from: ActorId, to: ActorId): LinkOptions {
    if (this.options.links.length === 0) return this.options;
    let merged: LinkOptions = this.options;
    for (const link of this.options.links) {
      if ((link.from === '*' || link.from === from) && (link.to === '*' || link.to === to)) merged = { ...merged, ...definedOnly(link) };
    }
    return merged;
  }

  private depart(from: ActorId, nowMs: number, sizeBytes: number): number {
    const shared = this.sharedUplinkOf.get(from);
    const capacity = shared === undefined ? this.options.uplinkBytesPerMs : this.options.uplinks[shared]!.bytesPerMs;
    if (capacity <= 0 || sizeBytes <= 0) return nowMs;
    const uplink = shared === undefined ? from : `group:${shared}`;
    const start = Math.max(nowMs, this.uplinkBusyUntilMs.get(uplink) ?? 0);
    const end = start + sizeBytes / capacity;
    this.uplinkBusyUntilMs.set(uplink, end);
    return end;
  }

  private arrival(from: ActorId, to: ActorId, departMs: number, link: LinkOptions): number {
    let at = departMs + this.random.between(link.delayMsMin, link.delayMsMax);
    if (this.options.ordered) {
      const key = linkKey(from, to);
      at = Math.max(at, this.lastDeliveryMs.get(key) ?? 0);
      this.lastDeliveryMs.set(key, at);
    }
    return at;
  }
}

function linkKey(from: ActorId, to: ActorId): string {
  return `${from}\u0000${to}`;
}

function definedOnly(link: LinkOverride): Partial<LinkOptions> {
  const out: Partial<LinkOptions> = {};
  if (link.delayMsMin !== undefined) out.delayMsMin = link.delayMsMin;
  if (link.delayMsMax !== undefined) out.delayMsMax = link.delayMsMax;
  if (link.lossProbability !== undefined) out.lossProbability = link.lossProbability;
  if (link.duplicateProbability !== undefined) out.duplicateProbability = link.duplicateProbability;
  return out;
}

/**
 * Validates a whole network: defaults, every per-link override merged over them, and the
 * uplink capacity.
 *
 * @example
 * validateNetworkOptions({ ...defaultNetworkOptions, lossProbability: 2 }) // throws SCENARIO_INVALID naming lossProbability
 */
export function validateNetworkOptions(options: NetworkOptions): void {
  validateLinkOptions(options, 'network');
  if (!Array.isArray(options.links)) {
    throw new TroupeError('SCENARIO_INVALID', 'network: links must be a list of { from, to, ...link options }', { field: 'links' });
  }
  options.links.forEach((link, i) => {
    if (typeof link?.from !== 'string' || typeof link?.to !== 'string') {
      throw new TroupeError('SCENARIO_INVALID', `network: links[${i}] needs from and to (actor ids or '*')`, { field: `links[${i}]` });
    }
    validateLinkOptions({ ...options, ...definedOnly(link) }, `network: links[${i}] (${link.from}->${link.to})`);
  });
  if (!(Number.isFinite(options.uplinkBytesPerMs) && options.uplinkBytesPerMs >= 0)) {
    throw new TroupeError('SCENARIO_INVALID', `network: uplinkBytesPerMs must be a number >= 0 (0 = unlimited), got ${JSON.stringify(options.uplinkBytesPerMs)}`, { field: 'uplinkBytesPerMs' });
  }
  if (!Array.isArray(options.uplinks)) {
    throw new TroupeError('SCENARIO_INVALID', 'network: uplinks must be a list of { members, bytesPerMs }', { field: 'uplinks' });
  }
  const seen = new Set<ActorId>();
  options.uplinks.forEach((uplink, i) => {
    const field = `uplinks[${i}]`;
    if (!Array.isArray(uplink?.members) || uplink.members.some((member) => typeof member !== 'string')) {
      throw new TroupeError('SCENARIO_INVALID', `network: ${field}.members must be a list of actor ids`, { field });
    }
    if (!(Number.isFinite(uplink.bytesPerMs) && uplink.bytesPerMs > 0)) {
      throw new TroupeError('SCENARIO_INVALID', `network: ${field}.bytesPerMs must be a number > 0, got ${JSON.stringify(uplink.bytesPerMs)}`, { field });
    }
    for (const member of uplink.members) {
      if (seen.has(member)) throw new TroupeError('SCENARIO_INVALID', `network: '${member}' is in two shared uplinks (${field})`, { field });
      seen.add(member);
    }
  });
}

/** Validates delay and probability ranges, naming the field that is wrong. */
export function validateLinkOptions(options: LinkOptions, where: string): void {
  const fail = (field: string, rule: string, value: unknown) => {
    throw new TroupeError('SCENARIO_INVALID', `${where}: ${field} must be ${rule}, got ${JSON.stringify(value)}`, { field });
  };
  if (!(Number.isFinite(options.delayMsMin) && options.delayMsMin >= 0)) fail('delayMsMin', 'a number >= 0', options.delayMsMin);
  if (!(Number.isFinite(options.delayMsMax) && options.delayMsMax >= options.delayMsMin)) {
    fail('delayMsMax', `a number >= delayMsMin (${options.delayMsMin})`, options.delayMsMax);
  }
  for (const field of ['lossProbability', 'duplicateProbability'] as const) {
    const p = options[field];
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) fail(field, 'a probability in [0, 1]', p);
  }
}
