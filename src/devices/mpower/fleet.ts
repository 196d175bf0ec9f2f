/**
 * `MpowerFleet`: several strips driven in parallel. Each strip keeps its own serial
 * queue (its driver's); the fleet only fans commands out and gathers one outcome per
 * strip or per command, so a dead strip is reported without holding up the others:
 * "every outlet command reaches its strip, or the failure is reported".
 */
import { TroupeError } from '../../runtime/errors.ts';
import type { MpowerDriver } from './driver.ts';

/** The result of one strip's (or one command's) part of a fleet operation. */
export type FleetOutcome<T> =
  | { readonly strip: string; readonly ok: true; readonly value: T }
  | { readonly strip: string; readonly ok: false; readonly error: TroupeError };

/** One relay switch addressed to a strip of the fleet. */
export interface RelayCommand {
  readonly strip: string;
  readonly outlet: number;
  readonly on: boolean;
}

/**
 * Strips by id, commanded in parallel.
 *
 * @example
 * const fleet = new MpowerFleet({ left: leftDriver, right: rightDriver });
 * const outcomes = await fleet.setRelays([{ strip: 'left', outlet: 1, on: true }, { strip: 'right', outlet: 1, on: true }]);
 * for (const o of outcomes) if (!o.ok) console.warn(o.strip, o.error.code);
 */
export class MpowerFleet {
  private readonly drivers: ReadonlyMap<string, MpowerDriver>;

  constructor(drivers: Readonly<Record<string, MpowerDriver>>) {
    this.drivers = new Map(Object.entries(drivers));
  }

  /** Strip ids in the order given. */
  get stripIds(): string[] {
    return [...this.drivers.keys()];
  }

  /** The driver of one strip. */
  driver(strip: string): MpowerDriver {
    const driver = this.drivers.get(strip);
    if (driver === undefined) throw this.unknownStrip(strip);
    return driver;
  }

  /** Runs `operation` on every strip at once; one outcome per strip, in strip order. */
  async forEach<T>(operation: (driver: MpowerDriver, strip: string) => Promise<T>): Promise<FleetOutcome<T>[]> {
    return Promise.all([...this.drivers].map(([strip, driver]) => settle(strip, () => operation(driver, strip))));
  }

  /**
   * Sends relay commands: strips in parallel, each strip's commands in the order given.
   * One outcome per command, in the order given.
   */
  async setRelays(commands: readonly RelayCommand[]): Promise<(FleetOutcome<void> & { readonly outlet: number; readonly on: boolean })[]> {
    // Each driver queues in call order, so issuing every call now keeps per-strip order.
    const pending = commands.map(({ strip, outlet, on }) =>
      settle(strip, () => {
        const driver = this.drivers.get(strip);
        if (driver === undefined) throw this.unknownStrip(strip);
        return driver.setRelay(outlet, on);
      }).then((outcome) => ({ ...outcome, outlet, on })),
    );
    return Promise.all(pending);
  }

  /** Closes every strip's driver. */
  async close(): Promise<void> {
    await Promise.all([...this.drivers.values()].map((driver) => driver.close()));
  }

  private unknownStrip(strip: string): TroupeError {
    return new TroupeError('MPOWER_OPTION_INVALID', `no strip '${strip}' in this fleet; strips are ${this.stripIds.join(', ') || '(none)'}`, { strip });
  }
}

async function settle<T>(strip: string, operation: () => Promise<T>): Promise<FleetOutcome<T>> {
  try {
    return { strip, ok: true, value: await operation() };
  } catch (error) {
    const coded = error instanceof TroupeError ? error : new TroupeError('MPOWER_COMMAND_FAILED', `mPower strip '${strip}': ${error instanceof Error ? error.message : String(error)}`, { strip });
    return { strip, ok: false, error: coded };
  }
}
