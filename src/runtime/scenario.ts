/**
 * Scenarios: a system's actors, its network, a fault schedule, a duration in virtual time,
 * and the checks its trace must pass. A scenario file under `scenarios/<system>/` default-
 * exports `defineScenario({...})`. Worker hosts load the same file to find their machine,
 * so actor lists must be a pure function of the seed and the parameters.
 */
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import type { ActorId } from './messages.ts';
import { defaultNetworkOptions, validateNetworkOptions, type NetworkOptions } from './network.ts';
import { validateFault, type ScheduledFault } from './faults.ts';
import type { Check } from './checks.ts';
import type { DeviceFactory } from './host/deviceHost.ts';
import { TroupeError } from './errors.ts';

/** What to do when an actor crashes by itself (throws, exits, runs out of memory). Injected crashes follow their fault instead. */
export interface RestartPolicy {
  /** `never`: stay down; `scratch`: a fresh actor with the same input; `snapshot`: resume from the last `persist()`. */
  mode: 'never' | 'scratch' | 'snapshot';
  /** At most this many restarts within `windowMs`; one more and the supervisor gives up on the actor. */
  restartsMax: number;
  windowMs: number;
  /** Delay before the first restart; doubles with each restart inside the window (backoff). */
  delayMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { mode: 'scratch', restartsMax: 3, windowMs: 5_000, delayMs: 100 };

/**
 * One actor of a system: an XState `machine`, or a real `device` (see host/deviceHost.ts).
 * The runtime adds `input.seed` (a seed drawn for this actor) and `input.actorId` (its id)
 * unless the spec gives them.
 */
export interface ActorSpec {
  id: ActorId;
  machine?: AnyStateMachine;
  /** Real hardware in realtime runs; inert on replay, where the recorded inputs stand in for it. */
  device?: DeviceFactory;
  input?: Record<string, unknown>;
  restart?: Partial<RestartPolicy>;
  /** Worker `resourceLimits` for this actor (worker host only). */
  memoryMbMax?: number;
}

/** What a scenario's functions receive. */
export interface ScenarioContext<P> {
  seed: number;
  params: P;
}

export interface ScenarioDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  /** `system/name`, e.g. `lamport/three-vms`. */
  name: string;
  /** One line, shown by `troupe list`. */
  description: string;
  /** Virtual time the run covers, [0, durationMs). */
  durationMs: number;
  /** Parameters with their defaults; `--param key=value` overrides them. */
  params?: P;
  actors: ActorSpec[] | ((context: ScenarioContext<P>) => ActorSpec[]);
  /** Actor templates that actors may spawn at run time (`requestSpawn`). */
  templates?: Record<string, (id: ActorId, input: Record<string, unknown>, context: ScenarioContext<P>) => ActorSpec>;
  network?: Partial<NetworkOptions>;
  faults?: ScheduledFault[] | ((context: ScenarioContext<P>) => ScheduledFault[]);
  checks?: Check[];
  restart?: Partial<RestartPolicy>;
}

const SCENARIO_BRAND = Symbol.for('troupe.scenario');

/** A validated scenario. */
export interface Scenario<P extends Record<string, unknown> = Record<string, unknown>> extends ScenarioDefinition<P> {
  readonly [SCENARIO_BRAND]: true;
  /** The file it was loaded from, when it was (worker hosts need it). */
  modulePath?: string;
}

/**
 * Declares a scenario. Validates the static fields at once, naming any wrong field.
 *
 * @example
 * export default defineScenario({
 *   name: 'lamport/three-vms', description: 'Three VMs for 60 s', durationMs: 60_000,
 *   actors: [{ id: 'vm-1', machine: lamportVm, input: { peers: ['vm-2', 'vm-3'] } }, …],
 * });
 */
export function defineScenario<P extends Record<string, unknown> = Record<string, unknown>>(definition: ScenarioDefinition<P>): Scenario<P> {
  validateDefinition(definition, definition?.name ?? 'scenario');
  return { ...definition, [SCENARIO_BRAND]: true };
}

/** True for a value made by defineScenario. */
export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SCENARIO_BRAND] === true;
}

function invalid(where: string, field: string, rule: string): never {
  throw new TroupeError('SCENARIO_INVALID', `${where}: ${field} ${rule}`, { field });
}

function validateDefinition(definition: ScenarioDefinition<any>, where: string): void {
  if (typeof definition !== 'object' || definition === null) invalid(where, 'definition', 'must be an object');
  if (typeof definition.name !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(definition.name)) {
    invalid(where, 'name', "must be a string like 'system/scenario'");
  }
  if (typeof definition.description !== 'string' || definition.description.length === 0) invalid(where, 'description', 'must be a non-empty string');
  if (!(Number.isFinite(definition.durationMs) && definition.durationMs > 0)) invalid(where, 'durationMs', `must be a positive number, got ${String(definition.durationMs)}`);
  if (!Array.isArray(definition.actors) && typeof definition.actors !== 'function') invalid(where, 'actors', 'must be a list of actors or a function returning one');
  if (Array.isArray(definition.actors)) validateActors(definition.actors, where);
  if (definition.network !== undefined) {
    try {
      validateNetworkOptions({ ...defaultNetworkOptions, ...definition.network });
    } catch (error) {
      const { message, detail } = error as TroupeError;
      throw new TroupeError('SCENARIO_INVALID', `${where}: ${message}`, detail);
    }
  }
  if (Array.isArray(definition.faults)) validateFaults(definition.faults, where);
  if (definition.checks !== undefined) {
    if (!Array.isArray(definition.checks)) invalid(where, 'checks', 'must be a list');
    definition.checks.forEach((check, i) => {
      if (typeof check?.name !== 'string' || typeof check?.check !== 'function') invalid(where, `checks[${i}]`, 'must be { name, check(view) }');
    });
  }
}

/** Validates a resolved actor list: ids unique and well formed, machines present. */
export function validateActors(actors: readonly ActorSpec[], where: string): void {
  if (actors.length === 0) invalid(where, 'actors', 'must list at least one actor');
  const seen = new Set<string>();
  actors.forEach((actor, i) => {
    if (typeof actor?.id !== 'string' || !/^[\w.:-]{1,64}$/.test(actor.id)) invalid(where, `actors[${i}].id`, 'must be 1-64 letters, digits, . : _ or -');
    if (seen.has(actor.id)) invalid(where, `actors[${i}].id`, `'${actor.id}' is used twice`);
    seen.add(actor.id);
    if (actor.device !== undefined) {
      if (typeof actor.device !== 'function' || actor.machine !== undefined) {
        invalid(where, `actors[${i}].device`, `of '${actor.id}' must be a function (context) => handler, and the actor must not also have a machine`);
      }
    } else if (typeof (actor.machine as { transition?: unknown } | undefined)?.transition !== 'function') {
      invalid(where, `actors[${i}].machine`, `of '${actor.id}' must be an XState machine (setup(...).createMachine(...))`);
    }
  });
}

/** Validates a fault schedule. */
export function validateFaults(faults: readonly ScheduledFault[], where: string): void {
  faults.forEach((fault, i) => {
    if (!(typeof fault?.atMs === 'number' && fault.atMs >= 0)) invalid(where, `faults[${i}].atMs`, 'must be a number >= 0');
    validateFault(fault, `${where}: faults[${i}]`);
  });
}

/** Resolves the actor list for a seed and parameters. */
export function scenarioActors<P extends Record<string, unknown>>(scenario: Scenario<P>, context: ScenarioContext<P>): ActorSpec[] {
  const actors = typeof scenario.actors === 'function' ? scenario.actors(context) : scenario.actors;
  validateActors(actors, scenario.name);
  return actors;
}

/** Resolves the fault schedule for a seed and parameters, sorted by time (stable). */
export function scenarioFaults<P extends Record<string, unknown>>(scenario: Scenario<P>, context: ScenarioContext<P>): ScheduledFault[] {
  const faults = typeof scenario.faults === 'function' ? scenario.faults(context) : (scenario.faults ?? []);
  validateFaults(faults, scenario.name);
  return faults.map((fault, index) => ({ fault, index }))
    .sort((a, b) => a.fault.atMs - b.fault.atMs || a.index - b.index)
    .map(({ fault }) => fault);
}

/**
 * Loads a scenario file (TypeScript or JavaScript) and returns its default export.
 *
 * @example
 * const scenario = await loadScenario('scenarios/lamport/three-vms.ts');
 */
export async function loadScenario(path: string): Promise<Scenario> {
  const absolute = resolvePath(path);
  if (!existsSync(absolute)) throw new TroupeError('SCENARIO_NOT_FOUND', `scenario file '${path}' does not exist; 'troupe list' shows the scenarios`);
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(absolute).href);
  } catch (error) {
    if (error instanceof TroupeError) throw error;
    throw new TroupeError('SCENARIO_INVALID', `scenario file '${path}' failed to load: ${(error as Error).message}`);
  }
  if (!isScenario(module.default)) {
    throw new TroupeError('SCENARIO_NOT_FOUND', `scenario file '${path}' must default-export defineScenario({...})`);
  }
  return { ...module.default, modulePath: absolute };
}

/** Applies `key=value` parameter overrides, parsing numbers and booleans, rejecting unknown keys. */
export function applyParams<P extends Record<string, unknown>>(scenario: Scenario<P>, overrides: Record<string, unknown>): P {
  const params = { ...(scenario.params ?? {}) } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in params)) {
      throw new TroupeError('OPTION_INVALID', `scenario '${scenario.name}' has no parameter '${key}'; it has: ${Object.keys(params).join(', ') || 'none'}`);
    }
    params[key] = value;
  }
  return params as P;
}
