/**
 * Seeded randomness. Two shapes of the same generator (xoroshiro128+ from pure-rand):
 *
 * - `Rng`, a plain, serialisable state that lives in an actor's XState context. Drawing
 *   returns the value and the next state, so a machine's randomness is part of its
 *   snapshot, survives a restore, and replays exactly.
 * - `SeededRandom`, a mutable generator the supervisor and simulated devices own.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** The serialisable state of a seeded generator, kept in a machine's context. */
export interface Rng {
  readonly state: readonly number[];
}

/**
 * A fresh generator state from an integer seed.
 *
 * @example
 * context: ({ input }) => ({ rng: createRng(input.seed) })
 */
export function createRng(seed: number): Rng {
  return { state: xoroshiro128plus(seed | 0).getState() };
}

/**
 * Draws an integer in [min, max] (both included) and returns it with the next state.
 *
 * @example
 * const [roll, rng] = randomInt(context.rng, 1, 10);
 */
export function randomInt(rng: Rng, min: number, max: number): [number, Rng] {
  const generator = xoroshiro128plusFromState(rng.state);
  const value = uniformInt(generator, min, max);
  return [value, { state: generator.getState() }];
}

/**
 * Draws a float in [0, 1) and returns it with the next state.
 *
 * @example
 * const [u, rng] = randomFloat(context.rng);
 */
export function randomFloat(rng: Rng): [number, Rng] {
  const generator = xoroshiro128plusFromState(rng.state);
  const value = uniformFloat64(generator);
  return [value, { state: generator.getState() }];
}

/**
 * A mutable seeded generator for the supervisor, the network model and simulated devices.
 *
 * @example
 * const random = new SeededRandom(7);
 * if (random.chance(0.2)) dropMessage();
 */
export class SeededRandom {
  private readonly generator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed | 0);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** A float in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min === max ? min : min + (max - min) * uniformFloat64(this.generator);
  }

  /** True with probability p; draws nothing when p is 0 or 1, so adding a zero-probability fault leaves other draws unchanged. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return uniformFloat64(this.generator) < p;
  }

  /** A 31-bit seed for a child generator (an actor, a device). */
  childSeed(): number {
    return uniformInt(this.generator, 0, 0x7fffffff);
  }
}
