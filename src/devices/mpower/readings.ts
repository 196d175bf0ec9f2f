/**
 * Parsers for what an mPower strip prints: the bulk `grep '' relay* v_rms* active_pwr*`
 * (lines `name<outlet>:value`), a relay file (`0` or `1`), and the `board_shortname`
 * line of `/etc/board.inc`. Pure functions: the driver feeds them the strip's stdout,
 * and a malformed answer becomes a coded error naming the line, never a NaN.
 */
import { TroupeError } from '../../runtime/errors.ts';
import { modelForShortname, type MpowerModelInfo } from './boardModels.ts';

/** One outlet as the bulk read reports it. Optional fields appear only when their files were read. */
export interface MpowerOutletReading {
  readonly outlet: number;
  readonly relay: boolean;
  readonly vRms: number;
  readonly activePwr: number;
  readonly iRms?: number;
  readonly pf?: number;
  /** Watt-hours. */
  readonly energySum?: number;
  readonly lock?: boolean;
}

/** What `/etc/board.inc` says the strip is. */
export interface MpowerBoard {
  /** `$board_shortname`, e.g. `P6E`. */
  readonly shortname: string;
  /** The known model with that short name, or undefined for one troupe does not know. */
  readonly model: MpowerModelInfo | undefined;
}

/** The bulk read SYSTEMS.md documents: relays, voltages and active power of every outlet in one command. */
export const bulkReadCommand = "cd /proc/power; grep '' relay* v_rms* active_pwr*";
/** The bulk read of every reading file. */
export const bulkReadAllCommand = "cd /proc/power; grep '' relay* v_rms* i_rms* active_pwr* pf* energy_sum* lock*";

type Field = 'relay' | 'vRms' | 'iRms' | 'activePwr' | 'pf' | 'energySum' | 'lock';
const fieldByFile: Readonly<Record<string, Field>> = {
  relay: 'relay',
  v_rms: 'vRms',
  i_rms: 'iRms',
  active_pwr: 'activePwr',
  pf: 'pf',
  energy_sum: 'energySum',
  lock: 'lock',
};

/**
 * Parses the bulk grep's output into one reading per outlet, in outlet order.
 *
 * @example
 * parseBulkReadings('relay1:1\nv_rms1:230.1\nactive_pwr1:27.129834473\n', 'strip-a')
 * // [{ outlet: 1, relay: true, vRms: 230.1, activePwr: 27.129834473 }]
 */
export function parseBulkReadings(stdout: string, stripName: string): MpowerOutletReading[] {
  const byOutlet = new Map<number, Partial<Record<Field, number>>>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([a-z_]+?)(\d+):(-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
    const field = match === null ? undefined : fieldByFile[match[1]];
    if (match === null || field === undefined) {
      throw new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${stripName}' answered the bulk read with an unexpected line '${line.slice(0, 80)}'; expected 'name<outlet>:value'`, { strip: stripName });
    }
    const outlet = Number(match[2]);
    const fields = byOutlet.get(outlet) ?? {};
    fields[field] = Number(match[3]);
    byOutlet.set(outlet, fields);
  }
  const outlets = [...byOutlet.keys()].sort((a, b) => a - b);
  return outlets.map((outlet) => toReading(outlet, byOutlet.get(outlet)!, stripName));
}

function toReading(outlet: number, fields: Partial<Record<Field, number>>, stripName: string): MpowerOutletReading {
  const { relay, vRms, activePwr } = fields;
  if (relay === undefined || vRms === undefined || activePwr === undefined) {
    throw new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${stripName}' bulk read lacks relay, v_rms or active_pwr for outlet ${outlet}`, { strip: stripName, outlet });
  }
  const reading: { -readonly [K in keyof MpowerOutletReading]: MpowerOutletReading[K] } = { outlet, relay: relay !== 0, vRms, activePwr };
  if (fields.iRms !== undefined) reading.iRms = fields.iRms;
  if (fields.pf !== undefined) reading.pf = fields.pf;
  if (fields.energySum !== undefined) reading.energySum = fields.energySum;
  if (fields.lock !== undefined) reading.lock = fields.lock !== 0;
  return reading;
}

/**
 * Parses `cat /proc/power/relayN` output.
 *
 * @example
 * parseRelayState('1\n', 'strip-a', 3) // true
 */
export function parseRelayState(stdout: string, stripName: string, outlet: number): boolean {
  const value = stdout.trim();
  if (value !== '0' && value !== '1') {
    throw new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${stripName}' answered relay${outlet} with '${value.slice(0, 40)}'; expected 0 or 1`, { strip: stripName, outlet });
  }
  return value === '1';
}

/**
 * Parses the `$board_shortname="P6E";` line of `/etc/board.inc`.
 *
 * @example
 * parseBoardShortname('$board_shortname="P6E";\n', 'strip-a').model?.outlets // 6
 */
export function parseBoardShortname(stdout: string, stripName: string): MpowerBoard {
  const match = /\$board_shortname="([^"]*)"/.exec(stdout);
  if (match === null) {
    throw new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${stripName}' has no board_shortname line in /etc/board.inc; is it an mFi device?`, { strip: stripName });
  }
  return { shortname: match[1], model: modelForShortname(match[1]) };
}
