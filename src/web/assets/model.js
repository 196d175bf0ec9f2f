// @ts-check
/**
 * The page's picture of a run, folded from trace records: actors (status, paused, state,
 * facts, restarts, recent events), the network (partitions, cuts, loss, delay) and
 * counters. The same fold serves live mode (fed thinned batches, corrected by the
 * server's exact snapshots) and replay (fed every record, restored from checkpoints when
 * scrubbing backwards).
 */

/** Recent events kept per actor for its panel; older ones are dropped. */
export const recentEventsMax = 30;

/** Facts whose value colours a node, in order of preference. */
export const roleFacts = ['role', 'leader', 'primary', 'status'];

/**
 * @typedef {{ id: string, status: string, paused: boolean, state: unknown, facts: Record<string, unknown>,
 *   restarts: number, timersPending: number | undefined, held: number | undefined, clockRate: number, recent: object[] }} ActorView
 */

/** @param {string} id @returns {ActorView} */
function newActor(id) {
  return { id, status: 'down', paused: false, state: undefined, facts: {}, restarts: 0, timersPending: undefined, held: undefined, clockRate: 1, recent: [] };
}

/** A short label for one record, for recent-event lists. */
export function describeRecord(r) {
  switch (r.kind) {
    case 'send': return `send ${r.event?.type ?? '?'} → ${r.to}${r.deliverAtMs?.length === 0 ? ' (dropped)' : ''}`;
    case 'deliver': return `deliver #${r.msg} from ${r.from}`;
    case 'timer': return `timer ${r.timer}`;
    case 'fact': return `fact ${r.name} = ${short(r.value)}`;
    case 'start': return `start (${r.mode})`;
    case 'crash': return `crash: ${r.reason}${r.message ? ` — ${r.message}` : ''}`;
    case 'drop': return `drop #${r.msg} (${r.reason})`;
    case 'fault': return `fault ${describeFault(r.fault)}`;
    case 'input': return r.input.kind === 'fault' ? `ui: ${describeFault(r.input.fault)}` : `ui: message ${r.input.event?.type} → ${r.input.to}`;
    case 'give-up': return `gave up after ${r.restarts} restarts`;
    case 'spawn': return `spawned by ${r.by} (${r.template})`;
    case 'error': return `error ${r.code}: ${r.message}`;
    default: return r.kind;
  }
}

/** @param {any} f */
export function describeFault(f) {
  if (!f) return '?';
  switch (f.action) {
    case 'partition': return `partition ${f.groups.map((g) => `[${g.join(' ')}]`).join(' | ')}`;
    case 'heal': return 'heal';
    case 'loss': return `loss ${Math.round(f.probability * 100)}%`;
    case 'delay': return `delay ${f.delayMsMin}–${f.delayMsMax} ms`;
    case 'duplicate': return `duplicate ${Math.round(f.probability * 100)}%`;
    case 'cut': return `cut ${f.from.join(',')} ↛ ${f.to.join(',')}`;
    case 'clock': return `clock ×${f.rate} ${f.targets.join(',')}`;
    default: return `${f.action} ${Array.isArray(f.targets) ? f.targets.join(',') : ''}`;
  }
}

/** @param {unknown} v */
export function short(v) {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text === undefined ? 'undefined' : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export class Model {
  /** @param {string[]} actorIds @param {{ delayMsMin?: number, delayMsMax?: number, lossProbability?: number }} [network] */
  constructor(actorIds = [], network = {}) {
    /** @type {Map<string, ActorView>} */
    this.actors = new Map(actorIds.map((id) => [id, newActor(id)]));
    /** @type {string[][]} */
    this.groups = [];
    /** @type {[string, string][]} */
    this.cuts = [];
    this.network = { delayMsMin: network.delayMsMin ?? 0, delayMsMax: network.delayMsMax ?? 0, lossProbability: network.lossProbability ?? 0 };
    this.t = 0;
    this.seq = -1;
    this.counts = { send: 0, deliver: 0, drop: 0, crash: 0, fault: 0 };
  }

  /** @param {string} id */
  actor(id) {
    let actor = this.actors.get(id);
    if (actor === undefined) this.actors.set(id, (actor = newActor(id)));
    return actor;
  }

  /** Folds one record in. */
  apply(r) {
    this.t = Math.max(this.t, r.t);
    this.seq = r.seq;
    if (r.kind in this.counts) this.counts[r.kind]++;
    const actor = typeof r.actor === 'string' && r.actor !== '' ? this.actor(r.actor) : undefined;
    if (actor !== undefined && r.kind !== 'drop') {
      actor.recent.push({ t: r.t, seq: r.seq, text: describeRecord(r) });
      if (actor.recent.length > recentEventsMax) actor.recent.shift();
    }
    if (r.state !== undefined && actor !== undefined) actor.state = safeParse(r.state);
    switch (r.kind) {
      case 'start': actor.status = 'up'; if (r.mode !== 'initial') actor.restarts++; break;
      case 'crash': actor.status = 'down'; actor.state = undefined; break;
      case 'stop': actor.status = 'stopped'; actor.state = undefined; break;
      case 'give-up': actor.status = 'gave-up'; break;
      case 'fact': actor.facts[r.name] = r.value; break;
      case 'fault': this.applyFault(r.fault, r); break;
      case 'input': if (r.input.kind === 'fault') this.applyFault(r.input.fault, r); break;
    }
  }

  applyFault(f, r) {
    const targets = (/** @type {string[]} */ (f.targets ?? []));
    for (const id of targets) {
      const actor = this.actor(id);
      actor.recent.push({ t: r.t, seq: r.seq, text: describeRecord(r) });
      if (actor.recent.length > recentEventsMax) actor.recent.shift();
    }
    switch (f.action) {
      case 'partition': this.groups = f.groups.map((g) => [...g]); break;
      case 'heal': this.groups = []; this.cuts = []; break;
      case 'cut': for (const from of f.from) for (const to of f.to) this.cuts.push([from, to]); break;
      case 'loss': if (!f.link) this.network.lossProbability = f.probability; break;
      case 'delay': if (!f.link) { this.network.delayMsMin = f.delayMsMin; this.network.delayMsMax = f.delayMsMax; } break;
      case 'pause': for (const id of targets) this.actor(id).paused = true; break;
      case 'resume': for (const id of targets) this.actor(id).paused = false; break;
      case 'clock': for (const id of targets) this.actor(id).clockRate = f.rate; break;
    }
  }

  /** Takes the server's exact snapshot (live mode). */
  applySnapshot(s) {
    for (const a of s.actors ?? []) {
      const actor = this.actor(a.id);
      actor.status = a.status === 'down' && a.restarts === 0 && actor.status === 'down' ? 'down' : a.status;
      actor.paused = a.paused;
      actor.state = a.state;
      actor.facts = { ...actor.facts, ...a.facts };
      actor.restarts = a.restarts;
      actor.timersPending = a.timersPending;
      actor.held = a.held;
      actor.clockRate = a.clockRate;
    }
    if (s.network) {
      this.groups = s.network.groups.length > 0 ? s.network.groups : [];
      this.cuts = s.network.cuts;
      const o = s.network.options;
      this.network = { delayMsMin: o.delayMsMin, delayMsMax: o.delayMsMax, lossProbability: o.lossProbability };
    }
    if (typeof s.t === 'number') this.t = Math.max(this.t, s.t);
  }

  /** A deep copy, for replay checkpoints. */
  clone() {
    const copy = new Model();
    copy.actors = new Map([...this.actors].map(([id, a]) => [id, { ...a, facts: { ...a.facts }, recent: [...a.recent] }]));
    copy.groups = this.groups.map((g) => [...g]);
    copy.cuts = this.cuts.map((c) => [c[0], c[1]]);
    copy.network = { ...this.network };
    copy.t = this.t;
    copy.seq = this.seq;
    copy.counts = { ...this.counts };
    return copy;
  }
}

/** The role-like fact of an actor, if any: `{ name, value }`. */
export function roleOf(actor) {
  for (const name of roleFacts) {
    const value = actor.facts[name];
    if (value !== undefined && value !== null && value !== false) return { name, value: value === true ? name : String(value) };
  }
  return undefined;
}

/** @param {string} text */
function safeParse(text) {
  try { return JSON.parse(text); } catch { return text; }
}

/** A state value as a short dotted path: `{ a: 'b' }` → `a.b`. */
export function stateLabel(value) {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return Object.entries(value).map(([k, v]) => (typeof v === 'string' ? `${k}.${v}` : `${k}.${stateLabel(v)}`)).join(' · ');
}

/** Whether a state path (list of keys from the root) is active in a state value. */
export function isActivePath(value, path) {
  let node = value;
  for (const key of path) {
    if (typeof node === 'string') return node === key && path[path.length - 1] === key;
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = node[key];
  }
  return true;
}
