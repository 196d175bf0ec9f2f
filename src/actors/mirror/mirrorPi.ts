/**
 * The mirror's Raspberry Pi: turns a pulse signal into BPM and hands it to the bulbs.
 *
 * Every `reportIntervalMs` it takes the last `windowMs` of the pulse signal (in the real
 * mirror, the mean green value of the face region of 30 fps webcam frames; here the
 * seeded synthetic pulse of src/devices/pulse at the heart rate the scenario's schedule
 * says for that moment), runs the peak BPM estimator over it (peaks with minimum
 * distance and prominence, moving average of the intervals) and rounds the result.
 * A reading that moved by `changeBpmMin` or more becomes a new version. Each report the
 * current version goes to one bulb drawn from the seeded generator (gossip spreads it;
 * sending the same version again repairs a lost message and is harmless).
 *
 * The signal window is generated afresh for each report from (seed, report number), so
 * the context stays plain data and the result is a pure function of the seed.
 *
 * Facts: `bpm.estimate { bpm, version }` for each new version.
 */
import { enqueueActions, setup } from 'xstate';
import { factEvent, sendEvent, type TroupeEmitted } from '../../runtime/effects.ts';
import { randomInt, createRng, type Rng } from '../../runtime/rng.ts';
import { SyntheticPulse, PeakBpmEstimator } from '../../devices/pulse/index.ts';

export interface MirrorPiInput {
  seed: number;
  /** Bulb actor ids. */
  bulbs: string[];
  /** The person's true heart rate over time: the last entry whose fromMs has passed applies. */
  bpmSchedule?: { fromMs: number; bpm: number }[];
  reportIntervalMs?: number;
  windowMs?: number;
  sampleRateHz?: number;
  changeBpmMin?: number;
}

export interface MirrorPiContext {
  seed: number;
  rng: Rng;
  bulbs: string[];
  bpmSchedule: { fromMs: number; bpm: number }[];
  reportIntervalMs: number;
  windowMs: number;
  sampleRateHz: number;
  changeBpmMin: number;
  reports: number;
  bpm: number | null;
  version: number;
}

/**
 * BPM read from one window of the synthetic pulse, or null when no beat was found.
 *
 * @example
 * estimateWindowBpm({ seed: 1, bpm: 72, windowMs: 8000, sampleRateHz: 30 }) // 71
 */
export function estimateWindowBpm(options: { seed: number; bpm: number; windowMs: number; sampleRateHz: number }): number | null {
  const pulse = new SyntheticPulse({ seed: options.seed, bpm: options.bpm, sampleRateHz: options.sampleRateHz });
  const estimator = new PeakBpmEstimator({ sampleRateHz: options.sampleRateHz, windowMs: options.windowMs });
  estimator.push(pulse.read(options.windowMs));
  return estimator.bpm === null ? null : Math.round(estimator.bpm);
}

function trueBpmAt(schedule: { fromMs: number; bpm: number }[], atMs: number): number {
  let bpm = schedule[0]?.bpm ?? 72;
  for (const entry of schedule) if (entry.fromMs <= atMs) bpm = entry.bpm;
  return bpm;
}

/**
 * The Pi machine.
 *
 * @example
 * { id: 'mirror-pi', machine: mirrorPiMachine, input: { bulbs: ['bulb-1', …], bpmSchedule: [{ fromMs: 0, bpm: 72 }] } }
 */
export const mirrorPiMachine = setup({
  types: { context: {} as MirrorPiContext, events: {} as { type: 'never' }, input: {} as MirrorPiInput, emitted: {} as TroupeEmitted },
  delays: { report: ({ context }) => context.reportIntervalMs },
  actions: {
    report: enqueueActions(({ context, enqueue }) => {
      const reports = context.reports + 1;
      // The Pi's clock is its report count: machines read time only through their timers.
      const atMs = reports * context.reportIntervalMs;
      const read = estimateWindowBpm({ seed: context.seed + reports, bpm: trueBpmAt(context.bpmSchedule, atMs), windowMs: context.windowMs, sampleRateHz: context.sampleRateHz });
      let { bpm, version } = context;
      if (read !== null && (bpm === null || Math.abs(read - bpm) >= context.changeBpmMin)) {
        bpm = read;
        version++;
        enqueue.emit(factEvent('bpm.estimate', { bpm, version }));
      }
      let rng = context.rng;
      if (bpm !== null && context.bulbs.length > 0) {
        let index: number;
        [index, rng] = randomInt(rng, 0, context.bulbs.length - 1);
        enqueue.emit(sendEvent(context.bulbs[index]!, { type: 'mirror.BPM', bpm, version }));
      }
      enqueue.assign({ reports, bpm, version, rng });
    }),
  },
}).createMachine({
  id: 'mirror-pi',
  context: ({ input }) => ({
    seed: input.seed,
    rng: createRng(input.seed),
    bulbs: [...input.bulbs],
    bpmSchedule: input.bpmSchedule ?? [{ fromMs: 0, bpm: 72 }],
    reportIntervalMs: input.reportIntervalMs ?? 2000,
    windowMs: input.windowMs ?? 8000,
    sampleRateHz: input.sampleRateHz ?? 30,
    changeBpmMin: input.changeBpmMin ?? 3,
    reports: 0,
    bpm: null,
    version: 0,
  }),
  initial: 'measuring',
  states: {
    measuring: { after: { report: { target: 'measuring', reenter: true, actions: 'report' } } },
  },
});
