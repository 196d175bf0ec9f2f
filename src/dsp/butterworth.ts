/**
 * Butterworth band-pass and band-stop design in second-order sections, by the bilinear
 * transform: the same filters as scipy's `butter(order, [low, high], btype, fs=…, output='sos')`
 * (the tests compare impulse responses with scipy's to 1e-12).
 *
 * The maths, for order N and edges fLow < fHigh at sample rate fs:
 *
 * 1. Pre-warp the edges so the digital filter's −3 dB points land exactly on them:
 *    Ω = 2·fs·tan(π·f/fs). Then the analog centre Ω0 = √(Ωlow·Ωhigh) and width B = Ωhigh − Ωlow.
 * 2. Analog low-pass prototype (cut-off 1 rad/s): N poles on the left half of the unit circle,
 *    p_k = exp(jπ(2k + N − 1)/(2N)), k = 1..N; no finite zeros.
 * 3. Frequency transform.
 *    Band-pass, s → (s² + Ω0²)/(B·s): each p gives the two roots of s² − p·B·s + Ω0² = 0;
 *    N zeros at s = 0 and N at s = ∞.
 *    Band-stop, s → B·s/(s² + Ω0²): each p gives the two roots of s² − (B/p)·s + Ω0² = 0;
 *    N zero pairs at s = ±jΩ0.
 * 4. Bilinear transform z = (2fs + s)/(2fs − s): poles map inside the unit circle; s = 0 → z = 1,
 *    s = ∞ → z = −1, s = ±jΩ0 → z = e^{±jω0} with ω0 = 2·atan(Ω0/(2fs)).
 * 5. Sections: the 2N digital poles come in N conjugate pairs; each pair is one biquad
 *    with denominator 1 − 2·Re(z)·z⁻¹ + |z|²·z⁻². Band-pass numerators are (1 − z⁻¹)(1 + z⁻¹)
 *    = 1 − z⁻²; band-stop numerators are 1 − 2cos(ω0)·z⁻¹ + z⁻².
 * 6. Gain: a Butterworth band-pass has unit gain at its centre ω0, a band-stop at DC; the
 *    cascade is scaled to that, the scale split evenly across sections (keeps the
 *    intermediate signal levels alike, so no section clips or loses precision).
 *
 * "Order 2" here is the prototype's order, as in scipy: a band-pass or band-stop of order 2
 * is a 4th-order filter of 2 sections.
 */
import { TroupeError } from '../runtime/errors.ts';
import { SOS_ROW_LENGTH, sosFrequencyResponse } from './sosFilter.ts';
import type { Sos } from './sosFilter.ts';

/** The largest prototype order designed here; beyond it bilinear designs lose precision in float64. */
export const BUTTERWORTH_ORDER_MAX = 8;

interface Complex {
  re: number;
  im: number;
}

const mul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
};
const sqrtC = (a: Complex): Complex => {
  const r = Math.hypot(a.re, a.im);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sign(a.im || 1) * Math.sqrt(Math.max(0, (r - a.re) / 2));
  return { re, im };
};

function validateBand(kind: string, lowHz: number, highHz: number, sampleRateHz: number, order: number): void {
  if (!Number.isFinite(sampleRateHz) || sampleRateHz <= 0) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `${kind}: sampleRateHz is ${sampleRateHz}; it must be a positive number`);
  }
  if (!(lowHz > 0 && lowHz < highHz && highHz < sampleRateHz / 2)) {
    throw new TroupeError(
      'SIGNAL_OPTION_INVALID',
      `${kind}: band ${lowHz}–${highHz} Hz at ${sampleRateHz} Hz; edges must satisfy 0 < low < high < ${sampleRateHz / 2} (Nyquist)`,
    );
  }
  if (!Number.isInteger(order) || order < 1 || order > BUTTERWORTH_ORDER_MAX) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `${kind}: order is ${order}; it must be an integer in 1..${BUTTERWORTH_ORDER_MAX}`);
  }
}

/** Analog poles of the transformed prototype (2N of them), step 2–3 above. */
function analogPoles(kind: 'bandpass' | 'bandstop', centreRad: number, widthRad: number, order: number): Complex[] {
  const poles: Complex[] = [];
  for (let k = 1; k <= order; k++) {
    const angle = (Math.PI * (2 * k + order - 1)) / (2 * order);
    const p: Complex = { re: Math.cos(angle), im: Math.sin(angle) };
    // Roots of s² − c·s + Ω0² = 0 with c = p·B (band-pass) or B/p (band-stop).
    const c = kind === 'bandpass' ? { re: p.re * widthRad, im: p.im * widthRad } : div({ re: widthRad, im: 0 }, p);
    const disc = sqrtC({ re: c.re * c.re - c.im * c.im - 4 * centreRad * centreRad, im: 2 * c.re * c.im });
    poles.push({ re: (c.re + disc.re) / 2, im: (c.im + disc.im) / 2 });
    poles.push({ re: (c.re - disc.re) / 2, im: (c.im - disc.im) / 2 });
  }
  return poles;
}

/** Shared design steps 1–6; see the file comment. */
function design(kind: 'bandpass' | 'bandstop', lowHz: number, highHz: number, sampleRateHz: number, order: number): Sos {
  validateBand(kind, lowHz, highHz, sampleRateHz, order);
  const fs2 = 2 * sampleRateHz;
  const lowRad = fs2 * Math.tan((Math.PI * lowHz) / sampleRateHz);
  const highRad = fs2 * Math.tan((Math.PI * highHz) / sampleRateHz);
  const centreRad = Math.sqrt(lowRad * highRad);
  const widthRad = highRad - lowRad;
  const digital = analogPoles(kind, centreRad, widthRad, order).map((s) => div({ re: fs2 + s.re, im: s.im }, { re: fs2 - s.re, im: -s.im }));
  // One pole of each conjugate pair (upper half plane); sorted for a stable section order.
  const upper = digital.filter((z) => z.im > 0).sort((a, b) => Math.hypot(a.re, a.im) - Math.hypot(b.re, b.im));
  if (upper.length !== order) {
    throw new TroupeError('SIGNAL_OPTION_INVALID', `${kind} ${lowHz}–${highHz} Hz at ${sampleRateHz} Hz: the design has real poles; widen the band or lower the order`);
  }
  const centreDigitalRad = 2 * Math.atan(centreRad / fs2);
  const sos = new Float64Array(order * SOS_ROW_LENGTH);
  upper.forEach((z, s) => {
    const row = s * SOS_ROW_LENGTH;
    if (kind === 'bandpass') sos.set([1, 0, -1], row);
    else sos.set([1, -2 * Math.cos(centreDigitalRad), 1], row);
    sos[row + 3] = 1;
    sos[row + 4] = -2 * z.re;
    sos[row + 5] = mul(z, { re: z.re, im: -z.im }).re;
  });
  const referenceHz = kind === 'bandpass' ? (centreDigitalRad * sampleRateHz) / (2 * Math.PI) : 0;
  const perSectionScale = Math.pow(1 / sosFrequencyResponse(sos, referenceHz, sampleRateHz).magnitude, 1 / order);
  for (let s = 0; s < order; s++) {
    for (let i = 0; i < 3; i++) sos[s * SOS_ROW_LENGTH + i] *= perSectionScale;
  }
  return sos;
}

/**
 * A Butterworth band-pass in second-order sections (prototype order 2 by default).
 *
 * @example
 * const eegBand = butterworthBandPass(1, 60, 250); // 2 sections, passes 1–60 Hz
 */
export function butterworthBandPass(lowHz: number, highHz: number, sampleRateHz: number, order = 2): Sos {
  return design('bandpass', lowHz, highHz, sampleRateHz, order);
}

/**
 * A Butterworth band-stop in second-order sections (prototype order 2 by default).
 *
 * @example
 * const mainsNotch = butterworthBandStop(59, 61, 250); // removes 60 Hz mains hum
 */
export function butterworthBandStop(lowHz: number, highHz: number, sampleRateHz: number, order = 2): Sos {
  return design('bandstop', lowHz, highHz, sampleRateHz, order);
}

/**
 * Joins filters into one cascade (e.g. band-pass then mains band-stop) so one
 * `SosFilter` carries the state for both.
 *
 * @example
 * const hubChain = cascadeSos(butterworthBandPass(1, 60, 250), butterworthBandStop(59, 61, 250));
 */
export function cascadeSos(...filters: Sos[]): Sos {
  const out = new Float64Array(filters.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of filters) {
    out.set(f, offset);
    offset += f.length;
  }
  return out;
}
