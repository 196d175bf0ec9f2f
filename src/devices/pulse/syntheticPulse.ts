/**
 * A seeded synthetic photoplethysmogram, as a PulseSensor on an analog pin reads it:
 * integers 0..1023 at a fixed sample rate, one beat per inter-beat interval.
 *
 * Each beat has a fast systolic upstroke, a flat top (the sensor's amplifier saturates at
 * the peak; the real notebook saw this plateau and a naive threshold counted it twice), a
 * fall with a dicrotic wave, and a quiet diastole. On top: noise, a slow baseline drift
 * (breathing, the finger's pressure), a little beat-to-beat variation, and clipping to
 * 0..levelMax like the 10-bit ADC.
 *
 * No clock and no global randomness: time is the sample index; `read(toMs)` returns the
 * samples up to a virtual time the caller gives.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { TroupeError } from '../../runtime/errors.ts';

/** Fractions of a beat's interval taken by each part of the wave. */
const RISE_FRACTION = 0.12;
const FALL_FRACTION = 0.3;
const DICROTIC_CENTRE = 0.3;
const DICROTIC_WIDTH = 0.07;
const DICROTIC_HEIGHT = 0.22;

/**
 * The pulse wave's shape at `phase` (0..1 through one beat), 0..1 high, with a flat top of
 * `plateauFraction` of the beat. Pure, so a camera model can sample it at any time.
 *
 * @example
 * ppgShape(0.15, 0.05); // 1: on the plateau
 */
export function ppgShape(phase: number, plateauFraction: number): number {
  const p = phase - Math.floor(phase);
  if (p < RISE_FRACTION) return 0.5 - 0.5 * Math.cos((Math.PI * p) / RISE_FRACTION);
  const u = p - RISE_FRACTION - plateauFraction;
  if (u < 0) return 1;
  const fall = u < FALL_FRACTION ? 0.5 + 0.5 * Math.cos((Math.PI * u) / FALL_FRACTION) : 0;
  const dicrotic = DICROTIC_HEIGHT * Math.exp(-(((u - DICROTIC_CENTRE) / DICROTIC_WIDTH) ** 2));
  return fall + dicrotic;
}

export interface SyntheticPulseOptions {
  seed: number;
  /** Samples per second (default 250, the Cyton's rate). */
  sampleRateHz?: number;
  /** Mean heart rate (default 72). */
  bpm?: number;
  /** Each interval varies by up to ± this fraction (default 0.02). */
  bpmJitterFraction?: number;
  /** Noise amplitude in counts, roughly Gaussian with this standard deviation (default 4). */
  noiseAmplitude?: number;
  /** Baseline drift amplitude in counts (default 30) and its period (default 7 s). */
  driftAmplitude?: number;
  driftPeriodS?: number;
  /** Diastolic level (default 480) and the beat's height above it (default 560, so the top saturates). */
  baseline?: number;
  amplitude?: number;
  /** Length of the flat top of each beat (default 60 ms). */
  plateauMs?: number;
  /** Saturation level of the ADC (default 1023). */
  levelMax?: number;
}

/** Samples one `read`/`next` call returns at most; the rest comes on the next call. */
export const PULSE_SAMPLES_PER_READ_MAX = 250 * 600;

/**
 * A seeded synthetic pulse-sensor signal.
 *
 * @example
 * const pulse = new SyntheticPulse({ seed: 1, bpm: 72 });
 * const firstSecond = pulse.read(1000); // 250 samples, integers in 0..1023
 */
export class SyntheticPulse {
  readonly sampleRateHz: number;
  private readonly options: Required<Omit<SyntheticPulseOptions, 'seed' | 'sampleRateHz'>>;
  private readonly generator: ReturnType<typeof xoroshiro128plus>;
  private bpm: number;
  private sampleIndex = 0;
  private beatStartMs = 0;
  private beatIntervalMs: number;

  constructor(options: SyntheticPulseOptions) {
    this.sampleRateHz = options.sampleRateHz ?? 250;
    this.options = {
      bpm: options.bpm ?? 72,
      bpmJitterFraction: options.bpmJitterFraction ?? 0.02,
      noiseAmplitude: options.noiseAmplitude ?? 4,
      driftAmplitude: options.driftAmplitude ?? 30,
      driftPeriodS: options.driftPeriodS ?? 7,
      baseline: options.baseline ?? 480,
      amplitude: options.amplitude ?? 560,
      plateauMs: options.plateauMs ?? 60,
      levelMax: options.levelMax ?? 1023,
    };
    if (!(this.sampleRateHz > 0 && this.sampleRateHz <= 100_000)) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic pulse sampleRateHz is ${this.sampleRateHz}; it must be in (0, 100000]`);
    }
    this.generator = xoroshiro128plus(options.seed | 0);
    this.bpm = this.checkBpm(this.options.bpm);
    this.beatIntervalMs = this.drawIntervalMs();
  }

  /** Virtual time of the next sample, in ms from the start. */
  get timeMs(): number {
    return (this.sampleIndex * 1000) / this.sampleRateHz;
  }

  /** Changes the heart rate from the next beat on. */
  setBpm(bpm: number): void {
    this.bpm = this.checkBpm(bpm);
  }

  /** The next `count` samples. */
  next(count: number): Float64Array {
    const n = Math.min(Math.max(0, Math.floor(count)), PULSE_SAMPLES_PER_READ_MAX);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.sample();
    return out;
  }

  /** Every sample whose time is before `toMs` and not yet returned (capped at PULSE_SAMPLES_PER_READ_MAX). */
  read(toMs: number): Float64Array {
    const due = Math.ceil((toMs * this.sampleRateHz) / 1000 - 1e-9) - this.sampleIndex;
    return this.next(due);
  }

  private sample(): number {
    const o = this.options;
    const tMs = this.timeMs;
    while (tMs >= this.beatStartMs + this.beatIntervalMs) {
      this.beatStartMs += this.beatIntervalMs;
      this.beatIntervalMs = this.drawIntervalMs();
    }
    const phase = (tMs - this.beatStartMs) / this.beatIntervalMs;
    const shape = ppgShape(phase, o.plateauMs / this.beatIntervalMs);
    const drift = o.driftAmplitude * Math.sin((2 * Math.PI * tMs) / (o.driftPeriodS * 1000));
    // Sum of three uniforms: bell-shaped, standard deviation = noiseAmplitude.
    const noise = (this.uniform() + this.uniform() + this.uniform() - 1.5) * 2 * o.noiseAmplitude;
    this.sampleIndex++;
    const value = Math.round(o.baseline + drift + o.amplitude * shape + noise);
    return Math.min(o.levelMax, Math.max(0, value));
  }

  private drawIntervalMs(): number {
    const jitter = (2 * this.uniform() - 1) * this.options.bpmJitterFraction;
    return (60_000 / this.bpm) * (1 + jitter);
  }

  private uniform(): number {
    return uniformFloat64(this.generator);
  }

  private checkBpm(bpm: number): number {
    if (!(bpm >= 20 && bpm <= 250)) throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic pulse bpm is ${bpm}; it must be in 20..250`);
    return bpm;
  }
}
