/**
 * The chat service's promises (SYSTEMS.md §4), checked on the history alone:
 *
 * 1. No acknowledged write is lost: an acknowledged send reaches its recipient (unless the
 *    recipient's account was deleted meanwhile) by the next fetch of its mailbox, and by the
 *    end of the run unless that came within `settleMs` of the answer; an acknowledged create shows in every later listing, an acknowledged delete
 *    in none, unless another create or delete of that name may have happened in between.
 * 2. Every message is delivered exactly once, in send order per sender and recipient, and
 *    only messages someone sent are delivered.
 * 3. At most one leader acknowledges writes at a time: acknowledgements never go back to
 *    an older term, each term's come from the server it names, and no client is answered
 *    without a leader's acknowledgement.
 * 4. After a leader dies (crash, or cut off by a partition), some client gets an answer
 *    within `failoverBoundMs`.
 */
import { type Check, type CheckResult, type TraceView } from '../../runtime/checks.ts';
import { matchesWildcard } from './chatState.ts';
import { opKey, readHistory, type ChatHistory, type OpRecord } from './history.ts';
import { compareTerm } from './types.ts';

type Violation = { atMs: number; detail: string } | undefined;

export interface ChatCheckOptions {
  /** Sends acknowledged this close to the end may still be on their way. */
  settleMs: number;
  failoverBoundMs: number;
}

export const defaultChatCheckOptions: ChatCheckOptions = { settleMs: 2_000, failoverBoundMs: 3_000 };

/** True when the op may have changed state: it succeeded, or its outcome is unknown. */
const mayHaveApplied = (op: OpRecord) => op.result === undefined || op.result.ok;

/**
 * Acknowledged sends reach their recipients: by the answer to any fetch of the recipient's
 * mailbox invoked after the acknowledgement (exact, whatever the timing), and by the end of
 * the run when acknowledged at least `settleMs` before it.
 */
export function lostSends(history: ChatHistory, settleMs: number): Violation {
  const deliveredAt = new Map(history.deliveries.map((d) => [`${d.to}|${opKey(d.fromClient, d.opId)}`, d.t]));
  const fetches = history.ops.filter((op) => op.op.kind === 'fetch' && op.result?.ok === true);
  for (const send of history.ops) {
    if (send.op.kind !== 'send' || send.result?.ok !== true) continue;
    const to = send.op.to;
    // A delete that may have taken effect after the send (acknowledged after the send began, or never) took the message with it.
    const deleted = history.ops.some((op) => op.op.kind === 'delete' && op.op.name === to && (op.okMs ?? Infinity) > send.invokeMs && mayHaveApplied(op));
    if (deleted) continue;
    const at = deliveredAt.get(`${to}|${opKey(send.client, send.opId)}`) ?? Infinity;
    const fetch = fetches.find((op) => (op.op as { name: string }).name === to && op.invokeMs > send.okMs! && op.okMs! < at);
    if (fetch !== undefined) {
      return { atMs: fetch.okMs!, detail: `${send.client}'s send #${send.opId} to ${to}, acknowledged at t=${send.okMs} ms, was missing from ${fetch.client}'s fetch at t=${fetch.okMs} ms` };
    }
    if (at === Infinity && send.okMs! <= history.endMs - settleMs) {
      return { atMs: send.okMs!, detail: `${send.client}'s send #${send.opId} to ${to} was acknowledged at t=${send.okMs} ms but never delivered` };
    }
  }
  return undefined;
}

/** Listings agree with acknowledged creates and deletes. */
export function lostAccounts(history: ChatHistory): Violation {
  const changes = history.ops.filter((op) => op.op.kind === 'create' || op.op.kind === 'delete');
  for (const list of history.ops) {
    if (list.op.kind !== 'list' || list.result?.ok !== true) continue;
    const pattern = list.op.pattern;
    const names = new Set(list.result.names ?? []);
    for (const change of changes) {
      if (change.result?.ok !== true || change.okMs! >= list.invokeMs) continue;
      const name = (change.op as { name: string }).name;
      if (!matchesWildcard(pattern, name)) continue;
      const interfering = changes.some((other) => other !== change && (other.op as { name: string }).name === name &&
        other.invokeMs < list.okMs! && (other.okMs ?? Infinity) > change.invokeMs && mayHaveApplied(other));
      if (interfering) continue;
      const created = change.op.kind === 'create';
      if (created !== names.has(name)) {
        return { atMs: list.okMs!, detail: `${list.client}'s list '${pattern}' at t=${list.okMs} ms ${created ? 'misses' : 'still shows'} '${name}', ${created ? 'created' : 'deleted'} and acknowledged at t=${change.okMs} ms` };
      }
    }
  }
  return undefined;
}

/** Each message delivered at most once, in send order per sender and recipient, and only if sent. */
export function deliveryOrder(history: ChatHistory): Violation {
  const sends = new Map(history.ops.filter((op) => op.op.kind === 'send').map((op) => [opKey(op.client, op.opId), op]));
  const seen = new Set<string>();
  const lastOpId = new Map<string, number>();
  for (const delivery of history.deliveries) {
    const key = opKey(delivery.fromClient, delivery.opId);
    const send = sends.get(key);
    if (send === undefined || (send.op as { to: string }).to !== delivery.to) {
      return { atMs: delivery.t, detail: `${delivery.actor} got message ${delivery.msgId} (${key}) for ${delivery.to} that nobody sent` };
    }
    if (seen.has(`${delivery.to}|${key}`)) {
      return { atMs: delivery.t, detail: `${delivery.actor} got ${key} for ${delivery.to} twice (second time as message ${delivery.msgId})` };
    }
    seen.add(`${delivery.to}|${key}`);
    const pair = `${delivery.fromClient}>${delivery.to}`;
    const last = lastOpId.get(pair) ?? -Infinity;
    if (delivery.opId < last) {
      return { atMs: delivery.t, detail: `${delivery.actor} got ${key} after ${delivery.fromClient}#${last}: out of send order` };
    }
    lastOpId.set(pair, delivery.opId);
  }
  return undefined;
}

/** One acknowledging leader at a time. */
export function singleLeaderAcks(history: ChatHistory): Violation {
  const acked = new Map<string, number>();
  let latest: (typeof history.acks)[number] | undefined;
  for (const ack of [...history.acks].sort((a, b) => a.t - b.t)) {
    if (ack.term[1] !== ack.actor) return { atMs: ack.t, detail: `${ack.actor} acknowledged ${opKey(ack.client, ack.opId)} in term ${JSON.stringify(ack.term)}, which belongs to ${ack.term[1]}` };
    if (latest !== undefined && compareTerm(ack.term, latest.term) < 0) {
      return { atMs: ack.t, detail: `${ack.actor} (term ${JSON.stringify(ack.term)}) acknowledged ${opKey(ack.client, ack.opId)} after ${latest.actor} had acknowledged in the later term ${JSON.stringify(latest.term)} at t=${latest.t} ms` };
    }
    latest = ack;
    const key = opKey(ack.client, ack.opId);
    if (!acked.has(key)) acked.set(key, ack.t);
  }
  for (const op of history.ops) {
    if (op.okMs === undefined || (op.result?.ok === false && op.result.error === 'log full')) continue;
    const at = acked.get(opKey(op.client, op.opId));
    if (at === undefined || at > op.okMs) return { atMs: op.okMs, detail: `${op.client} got an answer to #${op.opId} at t=${op.okMs} ms that no leader acknowledged` };
  }
  return undefined;
}

/** Virtual ms from each leader death to the next answered client operation (undefined: none by the end). */
export function failoverTimes(history: ChatHistory): { t: number; leader: string; how: string; answerMs: number | undefined }[] {
  const answers = history.ops.filter((op) => op.okMs !== undefined).map((op) => op.okMs!).sort((a, b) => a - b);
  return history.leaderDeaths.map((death) => {
    const next = answers.find((t) => t > death.t);
    return { ...death, answerMs: next === undefined ? undefined : next - death.t };
  });
}

/** The service answers again within the bound after each leader death. */
export function failover(history: ChatHistory, boundMs: number): Violation {
  for (const time of failoverTimes(history)) {
    if (time.answerMs !== undefined && time.answerMs <= boundMs) continue;
    const waiting = history.ops.some((op) => op.invokeMs <= time.t + boundMs && (op.okMs ?? Infinity) > time.t);
    if (!waiting || time.t + boundMs > history.endMs) continue; // nobody asked, or the run ended first
    return { atMs: time.t + boundMs, detail: `no client got an answer within ${boundMs} ms of ${time.leader}'s ${time.how} at t=${time.t} ms${time.answerMs === undefined ? '' : ` (first after ${Math.round(time.answerMs)} ms)`}` };
  }
  return undefined;
}

function check(name: string, kind: 'safety' | 'liveness', find: (history: ChatHistory) => Violation): Check {
  const cache = new WeakMap<TraceView, ChatHistory>();
  return {
    name,
    kind,
    check(view): CheckResult {
      let history = cache.get(view);
      if (history === undefined) cache.set(view, (history = readHistory(view)));
      const violation = find(history);
      return violation === undefined ? { ok: true, detail: 'held throughout' } : { ok: false, ...violation };
    },
  };
}

/**
 * The four chat checks, for a scenario's `checks`.
 *
 * @example
 * defineScenario({ …, checks: chatChecks({ failoverBoundMs: 3_000 }) })
 */
export function chatChecks(options: Partial<ChatCheckOptions> = {}): Check[] {
  const { settleMs, failoverBoundMs } = { ...defaultChatCheckOptions, ...options };
  return [
    check('no acknowledged write is lost', 'safety', (h) => lostSends(h, settleMs) ?? lostAccounts(h)),
    check('every message delivered exactly once, in send order', 'safety', deliveryOrder),
    check('at most one leader acknowledges writes at a time', 'safety', singleLeaderAcks),
    check(`the service answers within ${failoverBoundMs} ms of a leader's death`, 'liveness', (h) => failover(h, failoverBoundMs)),
  ];
}
