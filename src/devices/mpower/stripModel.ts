/**
 * A simulated mPower strip: relays, per-outlet meter readings that follow the relays
 * (a 27 W bulb draws about 27 W when its outlet is on, nothing when off), energy
 * integrated over virtual time, and the strip's `/proc/power` and `/etc/board.inc`
 * files behind a small shell. No sockets, no timers, no clock: time only moves when the
 * caller says `advance(toMs)`, and meter noise is a pure function of (seed, outlet,
 * meter sample), so the same calls give the same output on every run. This is the
 * strip `sim` pacing uses; the SSH emulator serves the same model over the network.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { assert, TroupeError } from '../../runtime/errors.ts';
import { boardIncText, resolveMpowerModel, type MpowerModelId, type MpowerModelInfo } from './boardModels.ts';
import { MiniShell, type ShellFileSystem, type ShellResult } from './shell.ts';

/** What is plugged into an outlet. */
export interface OutletLoad {
  /** Active power at nominal mains voltage. */
  readonly watts: number;
  /** Power factor in (0, 1]; ~1 for an incandescent bulb. */
  readonly powerFactor: number;
}

/** One outlet's state and meter, as the strip's /proc/power files report it. */
export interface OutletReadings {
  readonly outlet: number;
  readonly relay: 0 | 1;
  readonly vRms: number;
  readonly iRms: number;
  readonly activePwr: number;
  readonly pf: number;
  /** Energy since the model started, in watt-hours. */
  readonly energySum: number;
  readonly lock: 0 | 1;
}

/** Options of a simulated strip; every field has a default. */
export interface StripModelOptions {
  /** Defaults to the model with `outlets` outlets, or mPower PRO 6. */
  readonly model?: MpowerModelId;
  readonly outlets?: number;
  /** Seed of the meter noise. Default 1. */
  readonly seed?: number;
  /** Load per outlet (index 0 is outlet 1); null for an empty outlet. Default: a 27 W bulb on each. */
  readonly loads?: readonly (OutletLoad | null)[];
  /** Virtual time the strip starts at. Default 0. */
  readonly startMs?: number;
}

/** The bulb the mirror plugs into each outlet. */
export const defaultBulbLoad: OutletLoad = { watts: 27, powerFactor: 0.99 };

/** The meter refreshes its readings once per this period of virtual time (the real one about once a second). */
export const meterSampleMs = 1000;

/** Draws thrown away from each freshly seeded meter-noise generator. */
const noiseWarmUpDraws = 4;
const procPowerDir = '/proc/power';
const readingNames = ['relay', 'v_rms', 'i_rms', 'active_pwr', 'pf', 'energy_sum', 'lock'] as const;
type ReadingName = (typeof readingNames)[number];

interface OutletState {
  relay: 0 | 1;
  lock: 0 | 1;
  load: OutletLoad | null;
  energyWh: number;
}

/**
 * A deterministic simulated mPower strip.
 *
 * @example
 * const strip = new StripModel({ outlets: 6, seed: 7 });
 * strip.runShellCommand('echo 1 > /proc/power/relay2');
 * strip.advance(3_600_000);
 * strip.readings(2).energySum // ≈ 27 (Wh after one virtual hour)
 */
export class StripModel {
  readonly model: MpowerModelInfo;
  private readonly seed: number;
  private readonly outletStates: OutletState[];
  private currentMs: number;
  /** The strip's files as its shell sees them; kept private so the public API stays small. */
  private readonly files: ShellFileSystem = {
    isDirectory: (path) => this.isDirectory(path),
    list: (path) => this.list(path),
    read: (path) => this.read(path),
    write: (path, data) => this.write(path, data),
  };

  constructor(options: StripModelOptions = {}) {
    this.model = resolveMpowerModel({ model: options.model, outlets: options.outlets });
    this.seed = options.seed ?? 1;
    this.currentMs = options.startMs ?? 0;
    const loads = options.loads ?? [];
    assert(loads.length <= this.model.outlets, `${loads.length} loads given for ${this.model.outlets} outlets`);
    this.outletStates = Array.from({ length: this.model.outlets }, (_, i) => ({
      relay: 0,
      lock: 0,
      load: loads[i] === undefined ? defaultBulbLoad : loads[i],
      energyWh: 0,
    }));
  }

  /** The strip's current virtual time. */
  get nowMs(): number {
    return this.currentMs;
  }

  /** Number of outlets, numbered 1..outlets. */
  get outlets(): number {
    return this.model.outlets;
  }

  /** Moves virtual time forward to `toMs`, adding the energy each switched-on load used meanwhile. */
  advance(toMs: number): void {
    assert(Number.isFinite(toMs) && toMs >= this.currentMs, `strip time may only move forward (now ${this.currentMs} ms, asked ${toMs} ms)`);
    const hours = (toMs - this.currentMs) / 3_600_000;
    for (const state of this.outletStates) {
      if (state.relay === 1 && state.load !== null) state.energyWh += state.load.watts * hours;
    }
    this.currentMs = toMs;
  }

  /** Switches an outlet (numbered from 1). */
  setRelay(outlet: number, on: boolean): void {
    this.state(outlet).relay = on ? 1 : 0;
  }

  /** True when the outlet's relay is closed. */
  relay(outlet: number): boolean {
    return this.state(outlet).relay === 1;
  }

  /** Plugs a load into an outlet, or unplugs it (null). */
  setLoad(outlet: number, load: OutletLoad | null): void {
    assert(load === null || (load.watts >= 0 && load.powerFactor > 0 && load.powerFactor <= 1), 'load needs watts >= 0 and powerFactor in (0, 1]');
    this.state(outlet).load = load;
  }

  /** Sets an outlet's lock flag. The model only reports it; it does not block relay writes. */
  setLock(outlet: number, locked: boolean): void {
    this.state(outlet).lock = locked ? 1 : 0;
  }

  /** The outlet's readings at the current virtual time. */
  readings(outlet: number): OutletReadings {
    const state = this.state(outlet);
    const [voltNoise, powerNoise, pfNoise] = this.noise(outlet);
    const vRms = this.model.mainsVoltsRms * (1 + 0.01 * voltNoise);
    const drawing = state.relay === 1 && state.load !== null && state.load.watts > 0;
    // A resistive load's power goes with the square of the voltage; the meter adds a little noise.
    const activePwr = drawing ? state.load!.watts * (vRms / this.model.mainsVoltsRms) ** 2 * (1 + 0.004 * powerNoise) : 0;
    const pf = drawing ? Math.min(1, state.load!.powerFactor * (1 + 0.003 * pfNoise)) : 0;
    const iRms = drawing ? activePwr / (vRms * pf) : 0;
    return { outlet, relay: state.relay, vRms, iRms, activePwr, pf, energySum: state.energyWh, lock: state.lock };
  }

  /**
   * Runs a command line as the strip's shell would over `exec` (fresh working directory
   * each time) and returns what it printed.
   *
   * @example
   * strip.runShellCommand('cat /proc/power/relay1') // { stdout: '0\n', stderr: '', exitCode: 0 }
   */
  runShellCommand(cmd: string): ShellResult {
    return new MiniShell(this.files).run(cmd);
  }

  /**
   * A shell session that keeps its working directory between lines, for interactive use.
   *
   * @example
   * const shell = strip.openShell(); shell.run('cd /proc/power'); shell.run('cat relay1');
   */
  openShell(): MiniShell {
    return new MiniShell(this.files);
  }

  private isDirectory(path: string): boolean {
    return path === '/' || path === '/proc' || path === procPowerDir || path === '/etc';
  }

  private list(path: string): readonly string[] {
    if (path === '/') return ['etc', 'proc'];
    if (path === '/proc') return ['power'];
    if (path === '/etc') return ['board.inc'];
    if (path !== procPowerDir) return [];
    const names = readingNames.flatMap((name) => Array.from({ length: this.outlets }, (_, i) => `${name}${i + 1}`));
    return names.sort();
  }

  private read(path: string): string | undefined {
    if (path === '/etc/board.inc') return boardIncText(this.model);
    const file = this.procFile(path);
    if (file === undefined) return undefined;
    return `${formatReading(file.name, this.readings(file.outlet))}\n`;
  }

  private write(path: string, data: string): string | undefined {
    const file = this.procFile(path);
    if (file === undefined || (file.name !== 'relay' && file.name !== 'lock')) return 'Permission denied';
    // The kernel's proc handler parses an integer; anything else is EINVAL, as a write error.
    const trimmed = data.trim();
    if (!/^-?\d+$/.test(trimmed)) return 'Invalid argument';
    const on = Number(trimmed) !== 0;
    if (file.name === 'relay') this.setRelay(file.outlet, on);
    else this.setLock(file.outlet, on);
    return undefined;
  }

  private procFile(path: string): { name: ReadingName; outlet: number } | undefined {
    const match = /^\/proc\/power\/([a-z_]+?)(\d+)$/.exec(path);
    if (match === null) return undefined;
    const name = readingNames.find((candidate) => candidate === match[1]);
    const outlet = Number(match[2]);
    if (name === undefined || outlet < 1 || outlet > this.outlets || String(outlet) !== match[2]) return undefined;
    return { name, outlet };
  }

  private state(outlet: number): OutletState {
    if (!Number.isInteger(outlet) || outlet < 1 || outlet > this.outlets) {
      throw new TroupeError('MPOWER_OUTLET_INVALID', `outlet ${outlet} does not exist on this ${this.model.boardName}; outlets are numbered 1 to ${this.outlets}`, { outlet });
    }
    return this.outletStates[outlet - 1];
  }

  /** Three noise values in [-1, 1), fixed for one outlet during one meter sample. */
  private noise(outlet: number): [number, number, number] {
    const sample = Math.floor(this.currentMs / meterSampleMs);
    const generator = xoroshiro128plus(mixSeed(this.seed, outlet, sample));
    // xoroshiro128+ seeded from one 32-bit integer gives poor first outputs; discard a few.
    for (let i = 0; i < noiseWarmUpDraws; i++) uniformFloat64(generator);
    return [uniformFloat64(generator) * 2 - 1, uniformFloat64(generator) * 2 - 1, uniformFloat64(generator) * 2 - 1];
  }
}

/**
 * One reading as its /proc/power file prints it: relay and lock as integers, the rest
 * with nine decimals (the real strip prints e.g. `27.129834473`).
 *
 * @example
 * formatReading('active_pwr', readings) // '27.129834473'
 */
export function formatReading(name: ReadingName, readings: OutletReadings): string {
  switch (name) {
    case 'relay':
      return String(readings.relay);
    case 'lock':
      return String(readings.lock);
    case 'v_rms':
      return readings.vRms.toFixed(9);
    case 'i_rms':
      return readings.iRms.toFixed(9);
    case 'active_pwr':
      return readings.activePwr.toFixed(9);
    case 'pf':
      return readings.pf.toFixed(9);
    case 'energy_sum':
      return readings.energySum.toFixed(9);
  }
}

/** A 32-bit seed from three integers (a murmur-style mix), so each meter sample has its own stream. */
function mixSeed(seed: number, outlet: number, sample: number): number {
  let h = seed | 0;
  for (const value of [outlet, sample & 0xffffffff, Math.floor(sample / 2 ** 32)]) {
    h = Math.imul(h ^ value, 0x5bd1e995);
    h ^= h >>> 15;
  }
  // murmur3's final avalanche, so neighbouring samples get unrelated seeds.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
