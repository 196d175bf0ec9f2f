/**
 * The mirror against real mPower strips: the mirror's actors (src/actors/mirror/system.ts)
 * with each simulated strip replaced by a device actor driving a real strip over SSH
 * (src/devices/mpower/stripDevice.ts). Bulbs and Pi are the very same machines.
 *
 * Where the strips are comes from the parameters or the environment; the password only
 * ever from the environment, because parameters are written into the trace header:
 *
 * | what | parameter | environment |
 * |---|---|---|
 * | strips, in order (`host:port`, port 22 if left out) | `stripAddresses` | `TROUPE_MPOWER_STRIPS` |
 * | their SHA-256 host-key fingerprints, in order | `stripFingerprints` | `TROUPE_MPOWER_FINGERPRINTS` |
 * | the SSH password | — | the variable named by `passwordEnv` (default `TROUPE_MPOWER_PASSWORD`) |
 *
 * They are read only when a device starts in a live run, so replaying a trace needs no
 * strip, no address and no password.
 */
import { TroupeError, type ActorSpec, type Check } from '../../src/runtime/index.ts';
import { mirrorActors, stripId } from '../../src/actors/mirror/index.ts';
import { mpowerStripDevice, type MpowerDriverOptions } from '../../src/devices/mpower/index.ts';

/** Parameters of scenarios/mirror/live.ts. */
export interface LiveMirrorParams extends Record<string, unknown> {
  /** `sim`: simulated strips (the default, so the scenario also runs in sim pacing); `ssh`: real strips. */
  strips: string;
  stripAddresses: string;
  stripFingerprints: string;
  stripUser: string;
  passwordEnv: string;
  /** Offer old Dropbear's algorithms (real strips on the last firmware need them). */
  legacyAlgorithms: boolean;
  piReportIntervalMs: number;
}

export const defaultLiveMirrorParams: LiveMirrorParams = {
  strips: 'sim',
  stripAddresses: '',
  stripFingerprints: '',
  stripUser: 'ubnt',
  passwordEnv: 'TROUPE_MPOWER_PASSWORD',
  legacyAlgorithms: false,
  piReportIntervalMs: 1000,
};

const stripModes = ['sim', 'ssh'];

/**
 * The mirror's actors, its strips simulated or real as `params.strips` says.
 *
 * @example
 * actors: ({ seed, params }) => liveMirrorActors(seed, params)
 */
export function liveMirrorActors(seed: number, params: LiveMirrorParams): ActorSpec[] {
  if (!stripModes.includes(params.strips)) {
    throw new TroupeError('OPTION_INVALID', `mirror/live: parameter strips must be one of ${stripModes.join(', ')}, got '${String(params.strips)}'`);
  }
  const actors = mirrorActors(seed, { piReportIntervalMs: params.piReportIntervalMs });
  if (params.strips === 'sim') return actors;
  const strips = actors.filter((spec) => /^strip-\d+$/.test(spec.id)).map((spec) => spec.id);
  return actors.map((spec) => {
    const index = strips.indexOf(spec.id);
    if (index < 0) return spec;
    return { id: spec.id, device: mpowerStripDevice({ driver: () => stripDriverOptions(params, index, strips.length) }) };
  });
}

/** One strip's driver options from the parameters and the environment (read when the device starts). */
export function stripDriverOptions(params: LiveMirrorParams, index: number, count: number): MpowerDriverOptions {
  const addresses = listOf(params.stripAddresses, 'TROUPE_MPOWER_STRIPS');
  const fingerprints = listOf(params.stripFingerprints, 'TROUPE_MPOWER_FINGERPRINTS');
  if (addresses.length !== count || fingerprints.length !== count) {
    throw new TroupeError('MPOWER_OPTION_INVALID', `mirror/live needs ${count} strip addresses and ${count} host-key fingerprints (parameters stripAddresses and stripFingerprints, or TROUPE_MPOWER_STRIPS and TROUPE_MPOWER_FINGERPRINTS, comma-separated); got ${addresses.length} and ${fingerprints.length}`, { option: 'stripAddresses' });
  }
  const password = process.env[params.passwordEnv];
  if (password === undefined || password === '') {
    throw new TroupeError('MPOWER_OPTION_INVALID', `mirror/live: set the environment variable ${params.passwordEnv} to the strips' SSH password (it is never written into the trace)`, { option: 'passwordEnv' });
  }
  const address = addresses[index]!;
  const colon = address.lastIndexOf(':');
  const host = colon < 0 ? address : address.slice(0, colon);
  const port = colon < 0 ? 22 : Number(address.slice(colon + 1));
  return { host, port, username: params.stripUser, password, hostFingerprint: fingerprints[index]!, legacyAlgorithms: params.legacyAlgorithms, name: stripId(index + 1) };
}

function listOf(param: string, envName: string): string[] {
  const text = param !== '' ? param : (process.env[envName] ?? '');
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Every relay command a bulb sends is acknowledged by its strip within `withinMs` (those
 * sent in the last `withinMs` of the run excepted). Works on simulated strips (the ACK is
 * the strip's send) and on device strips (the ACK is a recorded input), so it checks that
 * the real hardware followed.
 *
 * @example
 * checks: [stripsAnsweredCheck({ withinMs: 1000 })]
 */
export function stripsAnsweredCheck(options: { withinMs: number }): Check {
  return {
    name: `every relay command acknowledged by its strip within ${options.withinMs} ms`,
    check: (view) => {
      const pending = new Map<string, number>();
      const acked = new Map<string, number>();
      for (const record of view.records) {
        if (record.kind === 'send' && record.event.type === 'strip.RELAY') pending.set(`${record.actor}#${String(record.event.seq)}`, record.t);
        const answer = record.kind === 'send' ? { from: record.actor, to: record.to, event: record.event } : record.kind === 'input' && record.input.kind === 'message' ? record.input : undefined;
        if (answer !== undefined && answer.event.type === 'strip.ACK' && /^strip-\d+$/.test(answer.from)) acked.set(`${answer.to}#${String(answer.event.seq)}`, record.t);
      }
      let count = 0;
      for (const [key, sentMs] of pending) {
        if (sentMs > view.durationMs - options.withinMs) continue;
        const ackMs = acked.get(key);
        if (ackMs === undefined || ackMs - sentMs > options.withinMs) {
          return { ok: false, atMs: sentMs, detail: `relay command ${key} sent at ${Math.round(sentMs)} ms was ${ackMs === undefined ? 'never acknowledged' : `acknowledged after ${Math.round(ackMs - sentMs)} ms`}` };
        }
        count++;
      }
      return { ok: count > 0, detail: count > 0 ? `${count} relay commands acknowledged` : 'no relay command was sent' };
    },
  };
}
