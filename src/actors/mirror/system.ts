/**
 * The mirror as a list of actors: `bulbCount` bulbs (UUIDs drawn from the run's seed),
 * the Pi, and `ceil(bulbCount / outletsPerStrip)` strips; bulb k is plugged into outlet
 * ((k-1) mod outletsPerStrip) + 1 of strip ceil(k / outletsPerStrip). A pure function of
 * (seed, options), as worker hosts need.
 */
import { v4 as uuidv4 } from 'uuid';
import { SeededRandom } from '../../runtime/rng.ts';
import type { ActorSpec } from '../../runtime/scenario.ts';
import { bulbMachine, type BulbTiming } from './bulb.ts';
import { mirrorPiMachine, type MirrorPiInput } from './mirrorPi.ts';
import { stripMachine } from './strip.ts';

export interface MirrorOptions {
  bulbCount?: number;
  outletsPerStrip?: number;
  timing?: Partial<BulbTiming>;
  bpmSchedule?: MirrorPiInput['bpmSchedule'];
  piReportIntervalMs?: number;
}

/**
 * Bulb UUIDs for a seed: uuid v4 with its 16 random bytes from the seeded generator.
 *
 * @example
 * mirrorUuids(1, 12)[0] // e.g. '9b2f…-4…'
 */
export function mirrorUuids(seed: number, count: number): string[] {
  const random = new SeededRandom(seed ^ 0x6d697272); // 'mirr': UUIDs apart from every other draw of the seed
  return Array.from({ length: count }, () => uuidv4({ random: Uint8Array.from({ length: 16 }, () => random.int(0, 255)) }));
}

export const bulbId = (k: number): string => `bulb-${k}`;
export const stripId = (k: number): string => `strip-${k}`;
export const piId = 'mirror-pi';

/** Which strip and outlet bulb k (from 1) is plugged into. */
export function bulbSocket(k: number, outletsPerStrip: number): { strip: string; outlet: number } {
  return { strip: stripId(Math.ceil(k / outletsPerStrip)), outlet: ((k - 1) % outletsPerStrip) + 1 };
}

/**
 * The mirror's actors.
 *
 * @example
 * actors: ({ seed }) => mirrorActors(seed, { bulbCount: 12 })
 */
export function mirrorActors(seed: number, options: MirrorOptions = {}): ActorSpec[] {
  const bulbCount = options.bulbCount ?? 12;
  const outletsPerStrip = options.outletsPerStrip ?? 6;
  const uuids = mirrorUuids(seed, bulbCount);
  const bulbs = Array.from({ length: bulbCount }, (_, i) => bulbId(i + 1));
  const strips = Array.from({ length: Math.ceil(bulbCount / outletsPerStrip) }, (_, i) => stripId(i + 1));
  return [
    ...bulbs.map((id, i) => ({
      id,
      machine: bulbMachine,
      input: { self: id, uuid: uuids[i]!, peers: bulbs.filter((peer) => peer !== id), ...bulbSocket(i + 1, outletsPerStrip), ...(options.timing === undefined ? {} : { timing: options.timing }) },
    })),
    {
      id: piId,
      machine: mirrorPiMachine,
      input: { bulbs, ...(options.bpmSchedule === undefined ? {} : { bpmSchedule: options.bpmSchedule }), ...(options.piReportIntervalMs === undefined ? {} : { reportIntervalMs: options.piReportIntervalMs }) },
    },
    ...strips.map((id) => ({ id, machine: stripMachine, input: { name: id, outlets: outletsPerStrip } })),
  ];
}
