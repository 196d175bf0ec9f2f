/**
 * The nemesis: a random fault schedule per seed, drawn from a scenario's fault space.
 * Each operation has a start and an end (partition then heal, pause then resume, a loss
 * burst then the base loss again), all inside [0, faultEndMs); after that comes a quiet
 * phase with no faults, so liveness checks ("a leader within 5 s of the last fault") can
 * hold in a correct system.
 *
 * A scenario declares its fault space as a named export beside its default export:
 *
 *   export const faultSpace: FaultSpace = { nemeses: ['isolate', 'kill-leader'], opsMax: 2 };
 *
 * Without one, every shape is allowed against every declared actor.
 */
import type { ActorId } from '../messages.ts';
import type { ScheduledFault } from '../faults.ts';
import type { NetworkOptions } from '../network.ts';
import { SeededRandom } from '../rng.ts';
import { TroupeError } from '../errors.ts';

export const nemesisKinds = ['isolate', 'split', 'ring', 'cut', 'kill-leader', 'crash', 'pause', 'clock', 'loss', 'duplicate'] as const;
export type NemesisKind = (typeof nemesisKinds)[number];

/** What faults `explore --faults random` may draw for a scenario. */
export interface FaultSpace {
  /** Shapes to draw from. Default: all of `nemesisKinds`. */
  nemeses?: NemesisKind[];
  /** Actors faults may hit. Default: every actor the scenario declares. */
  targets?: ActorId[];
  /** How `kill-leader` finds the leader when it fires. Default `{ fact: 'role', equals: 'leader' }`. */
  leader?: { fact: string; equals: unknown };
  /** Most operations per seed (each is one start and one end fault). Default 3. */
  opsMax?: number;
  /** Shortest and longest time an operation lasts. Defaults 10% and 40% of the fault phase. */
  holdMsMin?: number;
  holdMsMax?: number;
  /** Fault-free time at the end of the run. Default 30% of the duration. */
  quietMs?: number;
}

/** A fault space with every default filled in. */
export type ResolvedFaultSpace = Required<FaultSpace> & { faultEndMs: number };

/**
 * Fills a fault space's defaults for a run, validating what the scenario declared.
 *
 * @example
 * resolveFaultSpace({}, ['n1', 'n2', 'n3'], 10_000).faultEndMs // => 7000
 */
export function resolveFaultSpace(space: FaultSpace | undefined, actors: readonly ActorId[], durationMs: number): ResolvedFaultSpace {
  const declared = space ?? {};
  const nemeses = declared.nemeses ?? [...nemesisKinds];
  for (const kind of nemeses) {
    if (!nemesisKinds.includes(kind)) throw new TroupeError('SCENARIO_INVALID', `faultSpace.nemeses: unknown shape '${kind}'; known: ${nemesisKinds.join(', ')}`);
  }
  const targets = declared.targets ?? [...actors];
  for (const id of targets) {
    if (!actors.includes(id)) throw new TroupeError('SCENARIO_INVALID', `faultSpace.targets names unknown actor '${id}'; actors: ${actors.join(', ')}`);
  }
  const quietMs = declared.quietMs ?? Math.round(durationMs * 0.3);
  const faultEndMs = durationMs - quietMs;
  if (!(faultEndMs > 0)) throw new TroupeError('SCENARIO_INVALID', `faultSpace.quietMs (${quietMs}) leaves no time for faults in a ${durationMs} ms run`);
  const holdMsMin = declared.holdMsMin ?? Math.max(1, Math.round(faultEndMs * 0.1));
  const holdMsMax = Math.max(holdMsMin, declared.holdMsMax ?? Math.round(faultEndMs * 0.4));
  const opsMax = declared.opsMax ?? 3;
  if (!(Number.isInteger(opsMax) && opsMax >= 1 && opsMax <= 50)) throw new TroupeError('SCENARIO_INVALID', `faultSpace.opsMax must be an integer in [1, 50], got ${opsMax}`);
  return { nemeses, targets, leader: declared.leader ?? { fact: 'role', equals: 'leader' }, opsMax, holdMsMin, holdMsMax, quietMs, faultEndMs };
}

/** A generator for one seed's explore draws, independent of the run's own generators. */
export function exploreRandom(seed: number, salt: number): SeededRandom {
  // Salted so the nemesis and PCT draws do not mirror the supervisor's (also seeded by `seed`).
  return new SeededRandom(Math.imul(seed ^ salt, 0x9e3779b1) ^ (seed >>> 3));
}

/**
 * Draws one seed's fault schedule: 1..opsMax operations, each a start fault and an end
 * fault, sorted by time.
 *
 * @example
 * drawNemesis(7, resolveFaultSpace({}, ids, 10_000), network) // => [{ atMs: 812, action: 'pause', targets: ['n2'] }, …]
 */
export function drawNemesis(seed: number, space: ResolvedFaultSpace, network: NetworkOptions): ScheduledFault[] {
  const random = exploreRandom(seed, 0x6e656d65);
  const faults: ScheduledFault[] = [];
  const usable = space.nemeses.filter((kind) => minActors(kind) <= space.targets.length);
  if (usable.length === 0) return faults;
  const ops = random.int(1, space.opsMax);
  for (let op = 0; op < ops; op++) {
    const kind = usable[random.int(0, usable.length - 1)]!;
    const hold = random.int(space.holdMsMin, space.holdMsMax);
    const startMs = random.int(0, Math.max(0, space.faultEndMs - 1));
    const endMs = Math.min(startMs + hold, space.faultEndMs);
    faults.push(...operation(kind, random, space, network, startMs, endMs));
  }
  return faults.map((fault, index) => ({ fault, index })).sort((a, b) => a.fault.atMs - b.fault.atMs || a.index - b.index).map(({ fault }) => fault);
}

function minActors(kind: NemesisKind): number {
  if (kind === 'ring') return 4;
  if (kind === 'split' || kind === 'isolate' || kind === 'cut') return 2;
  return 1;
}

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)]!;
}

function shuffled<T>(random: SeededRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function operation(kind: NemesisKind, random: SeededRandom, space: ResolvedFaultSpace, network: NetworkOptions, atMs: number, endMs: number): ScheduledFault[] {
  const targets = space.targets;
  const heal: ScheduledFault = { atMs: endMs, action: 'heal' };
  switch (kind) {
    case 'isolate':
      return [{ atMs, action: 'partition', groups: [[pick(random, targets)]] }, heal];
    case 'split': {
      const order = shuffled(random, targets);
      const minority = random.int(1, Math.max(1, Math.floor((order.length - 1) / 2)));
      return [{ atMs, action: 'partition', groups: [order.slice(0, minority), order.slice(minority)] }, heal];
    }
    case 'ring': {
      // Each actor keeps only its two ring neighbours: one cut per actor to all the others.
      const order = shuffled(random, targets);
      const n = order.length;
      const cuts: ScheduledFault[] = order.map((actor, i) => ({
        atMs, action: 'cut', from: [actor], to: order.filter((_, j) => j !== i && j !== (i + 1) % n && j !== (i + n - 1) % n),
      }));
      return [...cuts, heal];
    }
    case 'cut': {
      const [from, to] = shuffled(random, targets);
      return [{ atMs, action: 'cut', from: [from!], to: [to!] }, heal];
    }
    case 'kill-leader':
      return [{ atMs, action: 'crash', targets: space.leader, restartAfterMs: endMs - atMs }];
    case 'crash':
      return [{ atMs, action: 'crash', targets: [pick(random, targets)], restartAfterMs: endMs - atMs }];
    case 'pause': {
      const target = pick(random, targets);
      return [{ atMs, action: 'pause', targets: [target] }, { atMs: endMs, action: 'resume', targets: [target] }];
    }
    case 'clock': {
      const target = pick(random, targets);
      const rate = pick(random, [0.25, 0.5, 2, 3, 4]);
      return [{ atMs, action: 'clock', targets: [target], rate }, { atMs: endMs, action: 'clock', targets: [target], rate: 1 }];
    }
    case 'loss': {
      const probability = Math.round(random.between(0.2, 0.6) * 100) / 100;
      return [{ atMs, action: 'loss', probability }, { atMs: endMs, action: 'loss', probability: network.lossProbability }];
    }
    case 'duplicate': {
      const probability = Math.round(random.between(0.2, 0.5) * 100) / 100;
      return [{ atMs, action: 'duplicate', probability }, { atMs: endMs, action: 'duplicate', probability: network.duplicateProbability }];
    }
  }
}
