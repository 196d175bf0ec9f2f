/**
 * IIR filtering in second-order sections (SOS), with the filter state carried from one
 * chunk to the next.
 *
 * Why sections: a 4th-order band-pass written as one polynomial (direct form) loses
 * precision fast when poles sit close to z = 1 (a 1 Hz edge at 250 Hz puts them there);
 * a cascade of biquads keeps each pole pair's coefficients well conditioned.
 *
 * Why carried state: the hub filters live EEG in chunks as they arrive. Restarting a
 * filter at each chunk would ring at every chunk edge; keeping the two delay values per
 * section per channel makes chunked output identical to filtering the whole signal at once.
 *
 * Layout (scipy's `sos`): one row of six numbers per section, `b0 b1 b2 a0 a1 a2`,
 * with `a0 = 1`. Each section runs in direct form II transposed:
 *
 *     y[n]  = b0·x[n] + z1
 *     z1'   = b1·x[n] − a1·y[n] + z2
 *     z2'   = b2·x[n] − a2·y[n]
 */
import { TroupeError, assert } from '../runtime/errors.ts';

/** Six numbers per section: b0 b1 b2 a0 a1 a2 (a0 = 1), sections in cascade order. */
export type Sos = Float64Array;

/** Numbers per section row in an `Sos` array. */
export const SOS_ROW_LENGTH = 6;

/** Upper bound on sections, so a wrong design cannot allocate unbounded state. */
export const SOS_SECTIONS_MAX = 32;
/** Upper bound on channels one filter bank carries state for (Cyton + Daisy is 16). */
export const SOS_CHANNELS_MAX = 256;

/**
 * Checks an SOS array's shape (rows of six, a0 = 1, finite) and returns its section count.
 *
 * @example
 * const sectionCount = validateSos(butterworthBandPass(1, 60, 250));
 */
export function validateSos(sos: Sos): number {
  if (sos.length === 0 || sos.length % SOS_ROW_LENGTH !== 0) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `sos has ${sos.length} numbers; it must hold rows of 6 (b0 b1 b2 a0 a1 a2)`);
  }
  const sectionCount = sos.length / SOS_ROW_LENGTH;
  if (sectionCount > SOS_SECTIONS_MAX) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `sos has ${sectionCount} sections; at most ${SOS_SECTIONS_MAX} are supported`);
  }
  for (let i = 0; i < sos.length; i++) {
    if (!Number.isFinite(sos[i])) throw new TroupeError('SIGNAL_OPTION_INVALID', `sos[${i}] is ${sos[i]}; coefficients must be finite`);
  }
  for (let s = 0; s < sectionCount; s++) {
    if (sos[s * SOS_ROW_LENGTH + 3] !== 1) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `sos section ${s} has a0 = ${sos[s * SOS_ROW_LENGTH + 3]}; normalise each row so a0 = 1`);
    }
  }
  return sectionCount;
}

/**
 * A bank of identical SOS filters, one per channel, each with its own carried state.
 * `process` allocates nothing when given an output array (or filters in place).
 *
 * @example
 * const bandPass = new SosFilter(butterworthBandPass(1, 60, 250), 8);
 * for (const chunk of chunks) bandPass.process(chunk.channel3, chunk.channel3, 3); // in place
 */
export class SosFilter {
  readonly sectionCount: number;
  readonly channelCount: number;
  private readonly sos: Float64Array;
  /** Two delay values (z1, z2) per section per channel: [channel][section][2]. */
  private readonly state: Float64Array;

  constructor(sos: Sos, channelCount = 1) {
    this.sectionCount = validateSos(sos);
    if (!Number.isInteger(channelCount) || channelCount < 1 || channelCount > SOS_CHANNELS_MAX) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `channelCount is ${channelCount}; it must be an integer in 1..${SOS_CHANNELS_MAX}`);
    }
    this.channelCount = channelCount;
    this.sos = Float64Array.from(sos);
    this.state = new Float64Array(channelCount * this.sectionCount * 2);
  }

  /**
   * Filters one chunk of one channel, continuing from that channel's state.
   * `output` may be `input` (in place); it defaults to a new array.
   */
  process(input: Float64Array, output: Float64Array = new Float64Array(input.length), channel = 0): Float64Array {
    assert(output.length >= input.length, 'SosFilter.process: output shorter than input');
    assert(Number.isInteger(channel) && channel >= 0 && channel < this.channelCount, `SosFilter.process: channel ${channel} out of range`);
    const sos = this.sos;
    const state = this.state;
    const stateBase = channel * this.sectionCount * 2;
    if (output !== input) output.set(input.subarray(0, input.length));
    // Section by section over the whole chunk: the inner loop keeps six coefficients
    // and two delays in registers, which is what makes this faster than sample-major order.
    for (let s = 0; s < this.sectionCount; s++) {
      const row = s * SOS_ROW_LENGTH;
      const b0 = sos[row], b1 = sos[row + 1], b2 = sos[row + 2];
      const a1 = sos[row + 4], a2 = sos[row + 5];
      const zi = stateBase + s * 2;
      let z1 = state[zi], z2 = state[zi + 1];
      for (let n = 0; n < input.length; n++) {
        const x = output[n];
        const y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        output[n] = y;
      }
      state[zi] = z1;
      state[zi + 1] = z2;
    }
    return output;
  }

  /** Forgets every channel's history, as if no sample had been filtered. */
  reset(): void {
    this.state.fill(0);
  }

  /** A copy of the carried state (for a snapshot); `restoreState` puts it back. */
  saveState(): Float64Array {
    return Float64Array.from(this.state);
  }

  /** Restores a state taken by `saveState` from a filter of the same shape. */
  restoreState(saved: Float64Array): void {
    if (saved.length !== this.state.length) {
      throw new TroupeError('SIGNAL_OPTION_INVALID', `saved filter state has ${saved.length} numbers; this filter needs ${this.state.length}`);
    }
    this.state.set(saved);
  }
}

/**
 * Filters a whole signal from rest (zero state), like scipy's `sosfilt(sos, x)`.
 *
 * @example
 * const clean = sosFilter(butterworthBandStop(59, 61, 250), raw);
 */
export function sosFilter(sos: Sos, input: Float64Array): Float64Array {
  return new SosFilter(sos, 1).process(input);
}

/**
 * The complex gain of an SOS cascade at one frequency: magnitude (linear) and phase (rad).
 *
 * @example
 * const { magnitude } = sosFrequencyResponse(sos, 10, 250); // ≈ 1 inside the pass band
 */
export function sosFrequencyResponse(sos: Sos, frequencyHz: number, sampleRateHz: number): { magnitude: number; phaseRad: number } {
  const sectionCount = validateSos(sos);
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  // z^-1 = e^{-jw}, z^-2 = e^{-2jw}
  const c1 = Math.cos(w), s1 = -Math.sin(w), c2 = Math.cos(2 * w), s2 = -Math.sin(2 * w);
  let re = 1, im = 0;
  for (let s = 0; s < sectionCount; s++) {
    const r = s * SOS_ROW_LENGTH;
    const numRe = sos[r] + sos[r + 1] * c1 + sos[r + 2] * c2;
    const numIm = sos[r + 1] * s1 + sos[r + 2] * s2;
    const denRe = 1 + sos[r + 4] * c1 + sos[r + 5] * c2;
    const denIm = sos[r + 4] * s1 + sos[r + 5] * s2;
    const denNorm = denRe * denRe + denIm * denIm;
    const hRe = (numRe * denRe + numIm * denIm) / denNorm;
    const hIm = (numIm * denRe - numRe * denIm) / denNorm;
    const nextRe = re * hRe - im * hIm;
    im = re * hIm + im * hRe;
    re = nextRe;
  }
  return { magnitude: Math.hypot(re, im), phaseRad: Math.atan2(im, re) };
}
