/**
 * Commands from the page, over the socket. Each is validated in full before anything is
 * applied, so a bad command changes nothing and gets `{ type: 'error', code, message }`.
 * Everything that changes the run (crash, restart, pause an actor, partition, heal, loss,
 * delay, a message) goes through `supervisor.submit`, so it is recorded as a trace input
 * and the session replays exactly. Pause, resume, step and speed only change pacing,
 * which never changes the trace.
 */
import { TroupeError, type FaultAction, type MessageEvent } from '../runtime/index.ts';

/** What the page may ask for. */
export type UiCommand =
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'step' }
  | { op: 'speed'; speed: number | 'max' }
  | { op: 'crash'; actor: string }
  | { op: 'restart'; actor: string }
  | { op: 'pause-actor'; actor: string }
  | { op: 'resume-actor'; actor: string }
  | { op: 'partition'; groups: string[][] }
  | { op: 'heal' }
  | { op: 'loss'; probability: number }
  | { op: 'delay'; delayMsMin: number; delayMsMax: number }
  | { op: 'fault'; fault: FaultAction }
  | { op: 'message'; to: string; from?: string; event: MessageEvent }
  | { op: 'inspect'; actor: string }
  | { op: 'rerun' };

export const uiOps = ['pause', 'resume', 'step', 'speed', 'crash', 'restart', 'pause-actor', 'resume-actor', 'partition', 'heal', 'loss', 'delay', 'fault', 'message', 'inspect', 'rerun'] as const;

/** Slowest and fastest finite speeds the page offers (virtual ms per wall ms); `max` is as fast as possible. */
export const speedMin = 0.1;
export const speedMax = 10_000;
/** Largest delay the sliders may set, so a typo cannot park every message for a day. */
export const delayMsMaxLimit = 60_000;

/** What a command needs to know about the run to be validated. */
export interface CommandContext {
  actors: readonly string[];
  ended: boolean;
  paused: boolean;
  pacing: string;
}

const invalid = (message: string): never => {
  throw new TroupeError('COMMAND_INVALID', message);
};

function actorOf(raw: Record<string, unknown>, context: CommandContext): string {
  const actor = raw.actor;
  if (typeof actor !== 'string') invalid(`'${String(raw.op)}' needs actor: an actor id`);
  if (!context.actors.includes(actor as string)) {
    throw new TroupeError('UNKNOWN_ACTOR', `'${String(raw.op)}': no actor '${String(actor)}'; known: ${context.actors.join(', ')}`);
  }
  return actor as string;
}

function numberIn(raw: Record<string, unknown>, field: string, min: number, max: number): number {
  const value = raw[field];
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)) invalid(`'${String(raw.op)}': ${field} must be a number in [${min}, ${max}], got ${JSON.stringify(value)}`);
  return value as number;
}

function partitionGroups(raw: Record<string, unknown>, context: CommandContext): string[][] {
  const groups = raw.groups;
  if (!Array.isArray(groups) || groups.length < 1) return invalid("'partition': groups must be a non-empty list of lists of actor ids");
  const seen = new Set<string>();
  return (groups as unknown[]).map((group, i) => {
    if (!Array.isArray(group) || group.length === 0) return invalid(`'partition': groups[${i}] must be a non-empty list of actor ids`);
    return group.map((id) => {
      if (typeof id !== 'string' || !context.actors.includes(id)) throw new TroupeError('UNKNOWN_ACTOR', `'partition': groups[${i}] names unknown actor ${JSON.stringify(id)}`);
      if (seen.has(id)) invalid(`'partition': actor '${id}' is in two groups`);
      seen.add(id);
      return id;
    });
  });
}

/**
 * Parses and validates one command; throws a TroupeError (COMMAND_INVALID or
 * UNKNOWN_ACTOR) naming the problem. The result is safe to apply.
 *
 * @example
 * parseCommand({ op: 'crash', actor: 'vm-2' }, { actors: ['vm-1', 'vm-2'], ended: false, paused: false, pacing: 'paced' })
 * // => { op: 'crash', actor: 'vm-2' }
 */
export function parseCommand(value: unknown, context: CommandContext): UiCommand {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('a command must be a JSON object with an op');
  const raw = value as Record<string, unknown>;
  const op = raw.op;
  if (!uiOps.includes(op as never)) return invalid(`op must be one of ${uiOps.join(', ')}, got ${JSON.stringify(op)}`);
  const changesRun = op !== 'inspect' && op !== 'rerun';
  if (changesRun && context.ended) return invalid(`'${String(op)}': the run has ended; use 'rerun' to start it again`);
  switch (op) {
    case 'pause':
    case 'resume':
    case 'heal':
    case 'rerun':
      return { op };
    case 'step':
      if (!context.paused) invalid("'step' runs one event while paused; pause first");
      return { op };
    case 'speed': {
      if (context.pacing !== 'paced') invalid(`'speed' applies to paced pacing only; this run is ${context.pacing}`);
      if (raw.speed === 'max') return { op, speed: 'max' };
      return { op, speed: numberIn(raw, 'speed', speedMin, speedMax) };
    }
    case 'crash':
    case 'restart':
    case 'pause-actor':
    case 'resume-actor':
    case 'inspect':
      return { op, actor: actorOf(raw, context) };
    case 'partition':
      return { op, groups: partitionGroups(raw, context) };
    case 'loss':
      return { op, probability: numberIn(raw, 'probability', 0, 1) };
    case 'delay': {
      const delayMsMin = numberIn(raw, 'delayMsMin', 0, delayMsMaxLimit);
      const delayMsMax = numberIn(raw, 'delayMsMax', delayMsMin, delayMsMaxLimit);
      return { op, delayMsMin, delayMsMax };
    }
    case 'fault':
      if (typeof raw.fault !== 'object' || raw.fault === null) invalid("'fault' needs fault: a fault action object");
      return { op, fault: raw.fault as FaultAction };
    case 'message': {
      const to = raw.to, event = raw.event as { type?: unknown } | undefined;
      if (typeof to !== 'string' || !context.actors.includes(to)) throw new TroupeError('UNKNOWN_ACTOR', `'message': no actor ${JSON.stringify(to)}`);
      if (typeof event !== 'object' || event === null || typeof event.type !== 'string') invalid("'message': event must be an object with a string type");
      if (raw.from !== undefined && typeof raw.from !== 'string') invalid("'message': from must be a string");
      return { op, to, event: event as MessageEvent, ...(typeof raw.from === 'string' ? { from: raw.from } : {}) };
    }
  }
  return invalid(`unhandled op ${String(op)}`);
}

/**
 * The fault a run-changing command stands for, or undefined for pacing and queries.
 *
 * @example
 * commandFault({ op: 'pause-actor', actor: 'vm-1' }) // => { action: 'pause', targets: ['vm-1'] }
 */
export function commandFault(command: UiCommand): FaultAction | undefined {
  switch (command.op) {
    case 'crash':
      return { action: 'crash', targets: [command.actor] };
    case 'restart':
      return { action: 'restart', targets: [command.actor] };
    case 'pause-actor':
      return { action: 'pause', targets: [command.actor] };
    case 'resume-actor':
      return { action: 'resume', targets: [command.actor] };
    case 'partition':
      return { action: 'partition', groups: command.groups };
    case 'heal':
      return { action: 'heal' };
    case 'loss':
      return { action: 'loss', probability: command.probability };
    case 'delay':
      return { action: 'delay', delayMsMin: command.delayMsMin, delayMsMax: command.delayMsMax };
    case 'fault':
      return command.fault;
    default:
      return undefined;
  }
}
