/**
 * A seeded synthetic Raspberry Pi Sense HAT: temperature, humidity, pressure and
 * orientation, each a slow random walk around a room's typical value, kept in the
 * sensors' real ranges. The walk's step grows with the square root of the time since the
 * last reading (a Brownian drift), so reading often or rarely gives the same kind of curve.
 *
 * No clock: the caller passes each reading's virtual time. The temperature is the HAT's
 * own reading, which on a real Pi runs a few degrees above the room because the CPU sits
 * beneath it; the default (29 °C) reflects that.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { TroupeError } from '../../runtime/errors.ts';

export interface SenseHatReading {
  timeMs: number;
  temperatureC: number;
  humidityPercent: number;
  pressureHpa: number;
  orientation: { pitchDeg: number; rollDeg: number; yawDeg: number };
}

export interface SyntheticSenseHatOptions {
  seed: number;
  temperatureC?: number;
  humidityPercent?: number;
  pressureHpa?: number;
}

/** Random-walk steps per √second, and the sensors' ranges (LPS25H, HTS221 datasheets). */
const WALK = {
  temperatureC: { stepPerSqrtS: 0.02, min: -40, max: 120 },
  humidityPercent: { stepPerSqrtS: 0.05, min: 0, max: 100 },
  pressureHpa: { stepPerSqrtS: 0.01, min: 260, max: 1260 },
  pitchDeg: { stepPerSqrtS: 0.05, min: -10, max: 10 },
  rollDeg: { stepPerSqrtS: 0.05, min: -10, max: 10 },
  yawDeg: { stepPerSqrtS: 0.2, min: -Infinity, max: Infinity },
} as const;
type Quantity = keyof typeof WALK;

/**
 * The synthetic Sense HAT.
 *
 * @example
 * const hat = new SyntheticSenseHat({ seed: 1 });
 * const { temperatureC, orientation } = hat.read(1000);
 */
export class SyntheticSenseHat {
  private readonly generator: ReturnType<typeof xoroshiro128plus>;
  private readonly value: Record<Quantity, number>;
  private lastMs: number | null = null;

  constructor(options: SyntheticSenseHatOptions) {
    this.generator = xoroshiro128plus(options.seed | 0);
    this.value = {
      temperatureC: options.temperatureC ?? 29,
      humidityPercent: options.humidityPercent ?? 40,
      pressureHpa: options.pressureHpa ?? 1013.25,
      pitchDeg: 0,
      rollDeg: 0,
      yawDeg: 180 * uniformFloat64(this.generator),
    };
    for (const q of ['temperatureC', 'humidityPercent', 'pressureHpa'] as const) {
      if (!(this.value[q] >= WALK[q].min && this.value[q] <= WALK[q].max)) {
        throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic Sense HAT ${q} is ${this.value[q]}; it must be in ${WALK[q].min}..${WALK[q].max}`);
      }
    }
  }

  /** The reading at virtual time `atMs` (not before the previous reading's time). */
  read(atMs: number): SenseHatReading {
    if (this.lastMs !== null && !(atMs >= this.lastMs)) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `synthetic Sense HAT read at ${atMs} ms: time must not go back (last read at ${this.lastMs} ms)`);
    }
    const sqrtS = this.lastMs === null ? 0 : Math.sqrt((atMs - this.lastMs) / 1000);
    this.lastMs = atMs;
    for (const q of Object.keys(WALK) as Quantity[]) {
      // Sum of three uniforms: a bell-shaped step with standard deviation stepPerSqrtS·√Δt.
      const step = (uniformFloat64(this.generator) + uniformFloat64(this.generator) + uniformFloat64(this.generator) - 1.5) * 2 * WALK[q].stepPerSqrtS * sqrtS;
      this.value[q] = Math.min(WALK[q].max, Math.max(WALK[q].min, this.value[q] + step));
    }
    const yaw = ((this.value.yawDeg % 360) + 360) % 360;
    return {
      timeMs: atMs,
      temperatureC: this.value.temperatureC,
      humidityPercent: this.value.humidityPercent,
      pressureHpa: this.value.pressureHpa,
      orientation: { pitchDeg: this.value.pitchDeg, rollDeg: this.value.rollDeg, yawDeg: yaw },
    };
  }
}
