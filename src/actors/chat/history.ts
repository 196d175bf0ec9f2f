/**
 * The chat history as the trace records it: every client operation with its invocation
 * and response (`chat.op` facts), every delivery (`chat.delivered`), every write a leader
 * acknowledged (`chat.ack`), and the moments a leader died (crashed, or was cut off from
 * the others by a partition). The checker (checker.ts) reads only this.
 */
import type { TraceView } from '../../runtime/checks.ts';
import type { ActorId } from '../../runtime/messages.ts';
import type { ClientOp, OpResult, Term } from './types.ts';

export interface OpRecord {
  client: ActorId;
  opId: number;
  op: ClientOp;
  invokeMs: number;
  /** Set when the client got an answer. */
  okMs?: number;
  result?: OpResult;
  /** Set when the client gave up: the outcome is unknown (it may or may not have happened). */
  failMs?: number;
}

export interface Delivery {
  t: number;
  /** The client actor that received it. */
  actor: ActorId;
  to: string;
  msgId: number;
  from: string;
  fromClient: ActorId;
  opId: number;
}

export interface Ack {
  t: number;
  actor: ActorId;
  term: Term;
  client: ActorId;
  opId: number;
}

export interface LeaderDeath {
  t: number;
  leader: ActorId;
  how: 'crash' | 'partition';
}

export interface ChatHistory {
  ops: OpRecord[];
  deliveries: Delivery[];
  acks: Ack[];
  leaderDeaths: LeaderDeath[];
  endMs: number;
}

export const opKey = (client: string, opId: number) => `${client}#${opId}`;

/**
 * Reads the chat history from a trace.
 *
 * @example
 * const history = readHistory(view); history.ops.filter((op) => op.result?.ok).length
 */
export function readHistory(view: TraceView): ChatHistory {
  const ops = new Map<string, OpRecord>();
  const deliveries: Delivery[] = [];
  const acks: Ack[] = [];
  const leaderDeaths: LeaderDeath[] = [];
  const roles = new Map<ActorId, unknown>();
  const down = new Set<ActorId>();
  for (const record of view.records) {
    if (record.kind === 'start') down.delete(record.actor);
    if (record.kind === 'crash') {
      if (roles.get(record.actor) === 'leader' && !down.has(record.actor)) leaderDeaths.push({ t: record.t, leader: record.actor, how: 'crash' });
      down.add(record.actor);
      roles.delete(record.actor);
    }
    if (record.kind === 'fault' && record.fault.action === 'partition') {
      const groups = record.fault.groups;
      for (const [actor, role] of roles) {
        if (role !== 'leader' || down.has(actor)) continue;
        const group = groups.find((g) => g.includes(actor));
        // A leader in a listed group smaller than the rest of the servers is cut off from its majority.
        if (group !== undefined && group.filter((id) => roles.has(id)).length * 2 <= roles.size) leaderDeaths.push({ t: record.t, leader: actor, how: 'partition' });
      }
    }
    if (record.kind !== 'fact') continue;
    const value = record.value as Record<string, unknown>;
    switch (record.name) {
      case 'role':
        roles.set(record.actor, record.value);
        break;
      case 'chat.op': {
        const key = opKey(value.client as string, value.opId as number);
        if (value.phase === 'invoke') ops.set(key, { client: value.client as string, opId: value.opId as number, op: value.op as ClientOp, invokeMs: record.t });
        const op = ops.get(key);
        if (op === undefined) break;
        if (value.phase === 'ok') Object.assign(op, { okMs: record.t, result: value.result as OpResult });
        if (value.phase === 'fail') op.failMs = record.t;
        break;
      }
      case 'chat.delivered':
        deliveries.push({
          t: record.t, actor: record.actor, to: value.to as string, msgId: value.msgId as number,
          from: value.from as string, fromClient: value.fromClient as string, opId: value.opId as number,
        });
        break;
      case 'chat.ack':
        acks.push({ t: record.t, actor: record.actor, term: value.term as Term, client: value.client as string, opId: value.opId as number });
        break;
    }
  }
  return { ops: [...ops.values()], deliveries, acks, leaderDeaths, endMs: view.durationMs };
}
