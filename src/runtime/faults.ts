/**
 * Fault actions and fault schedules. A fault is data: written in a scenario (`atMs` plus
 * an action), drawn by `explore`, or clicked in the UI; all three are applied and
 * recorded alike. Targets may be ids or selectors resolved at the moment the fault fires
 * ("the current leader"), and the trace records the ids they resolved to.
 */
import type { ActorId } from './messages.ts';
import { TroupeError } from './errors.ts';

/** What a selector sees: the latest value of every fact per actor, and who is up. */
export interface FactView {
  /** Actor ids in declaration order. */
  actors: readonly ActorId[];
  /** Latest fact value: `fact('bulb-3', 'role')`. */
  fact(actor: ActorId, name: string): unknown;
  /** True while the actor runs (not crashed, not given up). */
  isUp(actor: ActorId): boolean;
}

/** Whom a fault hits: ids, every actor whose fact equals a value, or a function of the facts. */
export type TargetSelector =
  | ActorId
  | readonly ActorId[]
  | { fact: string; equals: unknown }
  | ((view: FactView) => readonly ActorId[]);

export type RestartFrom = 'scratch' | 'snapshot';
export type LinkSelector = { from: ActorId | '*'; to: ActorId | '*' };

export type FaultAction<T = TargetSelector> =
  | { action: 'partition'; groups: readonly T[] }
  | { action: 'cut'; from: T; to: T }
  | { action: 'heal' }
  | { action: 'loss'; probability: number; link?: LinkSelector }
  | { action: 'delay'; delayMsMin: number; delayMsMax: number; link?: LinkSelector }
  | { action: 'duplicate'; probability: number; link?: LinkSelector }
  | { action: 'crash'; targets: T; restartAfterMs?: number; restartFrom?: RestartFrom }
  | { action: 'restart'; targets: T; from?: RestartFrom }
  | { action: 'pause'; targets: T }
  | { action: 'resume'; targets: T }
  | { action: 'clock'; targets: T; rate: number };

/** A fault with resolved targets, as the trace records it. */
export type ResolvedFault = FaultAction<ActorId[]>;

/** A fault at a virtual time. */
export type ScheduledFault = FaultAction & { atMs: number };

export const faultActions = ['partition', 'cut', 'heal', 'loss', 'delay', 'duplicate', 'crash', 'restart', 'pause', 'resume', 'clock'] as const;

/**
 * Resolves a selector to actor ids now.
 *
 * @example
 * resolveTargets({ fact: 'role', equals: 'leader' }, view) // => ['bulb-12']
 */
export function resolveTargets(selector: TargetSelector, view: FactView): ActorId[] {
  if (typeof selector === 'string') return [selector];
  if (typeof selector === 'function') return [...selector(view)];
  if (Array.isArray(selector)) return [...(selector as ActorId[])];
  const { fact, equals } = selector as { fact: string; equals: unknown };
  return view.actors.filter((actor) => view.isUp(actor) && view.fact(actor, fact) === equals);
}

/**
 * Resolves every selector of a fault, validating the ids against the known actors.
 *
 * @example
 * resolveFault({ action: 'crash', targets: 'vm-2' }, view) // => { action: 'crash', targets: ['vm-2'] }
 */
export function resolveFault(fault: FaultAction, view: FactView): ResolvedFault {
  const ids = (selector: TargetSelector, field: string) => {
    const resolved = resolveTargets(selector, view);
    for (const id of resolved) {
      if (!view.actors.includes(id)) {
        throw new TroupeError('FAULT_INVALID', `fault '${fault.action}': ${field} names unknown actor '${id}'; known actors: ${view.actors.join(', ')}`, { field });
      }
    }
    return resolved;
  };
  switch (fault.action) {
    case 'partition':
      return { action: 'partition', groups: fault.groups.map((group, i) => ids(group, `groups[${i}]`)) };
    case 'cut':
      return { action: 'cut', from: ids(fault.from, 'from'), to: ids(fault.to, 'to') };
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'clock':
      return { ...fault, targets: ids(fault.targets, 'targets') } as ResolvedFault;
    default:
      return fault;
  }
}

/**
 * Checks a fault's shape and ranges up front, so a bad schedule fails before the run
 * with the field named.
 *
 * @example
 * validateFault({ action: 'loss', probability: 2 }, 'faults[0]') // throws FAULT_INVALID: probability must be in [0, 1]
 */
export function validateFault(fault: unknown, where: string): asserts fault is FaultAction {
  const fail = (message: string, field: string): never => {
    throw new TroupeError('FAULT_INVALID', `${where}: ${message}`, { field });
  };
  if (typeof fault !== 'object' || fault === null) fail('a fault must be an object with an action', 'action');
  const f = fault as Record<string, unknown>;
  if (!faultActions.includes(f.action as never)) fail(`action must be one of ${faultActions.join(', ')}, got ${JSON.stringify(f.action)}`, 'action');
  const needTargets = (field: string) => {
    const value = f[field];
    const ok = typeof value === 'string' || typeof value === 'function' || Array.isArray(value) ||
      (typeof value === 'object' && value !== null && typeof (value as { fact?: unknown }).fact === 'string');
    if (!ok) fail(`${field} must be an actor id, a list of ids, { fact, equals } or a function`, field);
  };
  const probability = (field: string) => {
    const p = f[field];
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) fail(`${field} must be a probability in [0, 1], got ${JSON.stringify(p)}`, field);
  };
  switch (f.action) {
    case 'partition':
      if (!Array.isArray(f.groups) || f.groups.length < 1) fail('groups must be a non-empty list of actor groups', 'groups');
      break;
    case 'cut':
      needTargets('from');
      needTargets('to');
      break;
    case 'loss':
    case 'duplicate':
      probability('probability');
      break;
    case 'delay': {
      const min = f.delayMsMin, max = f.delayMsMax;
      if (!(typeof min === 'number' && min >= 0)) fail('delayMsMin must be a number >= 0', 'delayMsMin');
      if (!(typeof max === 'number' && max >= (min as number))) fail('delayMsMax must be a number >= delayMsMin', 'delayMsMax');
      break;
    }
    case 'clock':
      needTargets('targets');
      if (!(typeof f.rate === 'number' && f.rate > 0 && f.rate <= 1000)) fail('rate must be a number in (0, 1000]', 'rate');
      break;
    case 'crash':
      needTargets('targets');
      if (f.restartAfterMs !== undefined && !(typeof f.restartAfterMs === 'number' && f.restartAfterMs >= 0)) {
        fail('restartAfterMs must be a number >= 0', 'restartAfterMs');
      }
      if (f.restartFrom !== undefined && f.restartFrom !== 'scratch' && f.restartFrom !== 'snapshot') fail("restartFrom must be 'scratch' or 'snapshot'", 'restartFrom');
      break;
    case 'restart':
      needTargets('targets');
      if (f.from !== undefined && f.from !== 'scratch' && f.from !== 'snapshot') fail("from must be 'scratch' or 'snapshot'", 'from');
      break;
    case 'pause':
    case 'resume':
      needTargets('targets');
      break;
  }
}
