import { describe, expect, it } from 'vitest';
import { isTroupeError } from '../../../src/runtime/errors.ts';
import { StripModel, parseBulkReadings } from '../../../src/devices/mpower/index.ts';
import { bulkReadAllCommand, parseBoardShortname, parseRelayState } from '../../../src/devices/mpower/readings.ts';

describe('readings parsers', () => {
  it('parses the bulk grep into one typed reading per outlet, in outlet order', () => {
    const readings = parseBulkReadings('relay1:1\nrelay2:0\nv_rms1:230.5\nv_rms2:229.1\nactive_pwr1:27.129834473\nactive_pwr2:0.0\n', 'strip-a');
    expect(readings).toEqual([
      { outlet: 1, relay: true, vRms: 230.5, activePwr: 27.129834473 },
      { outlet: 2, relay: false, vRms: 229.1, activePwr: 0 },
    ]);
  });

  it('parses every reading file of a simulated strip, matching the model', () => {
    const strip = new StripModel({ outlets: 8, seed: 3 });
    strip.setRelay(8, true);
    strip.advance(60_000);
    const readings = parseBulkReadings(strip.runShellCommand(bulkReadAllCommand).stdout, 'sim');
    expect(readings).toHaveLength(8);
    const eighth = readings[7];
    const truth = strip.readings(8);
    expect(eighth.outlet).toBe(8);
    expect(eighth.relay).toBe(true);
    expect(eighth.activePwr).toBeCloseTo(truth.activePwr, 8);
    expect(eighth.iRms).toBeCloseTo(truth.iRms, 8);
    expect(eighth.energySum).toBeCloseTo(truth.energySum, 8);
    expect(eighth.lock).toBe(false);
  });

  it('rejects a malformed line with a coded error that quotes it', () => {
    try {
      parseBulkReadings('relay1:1\nv_rms1:abc\n', 'strip-a');
      expect.unreachable();
    } catch (error) {
      expect(isTroupeError(error, 'MPOWER_COMMAND_FAILED')).toBe(true);
      expect((error as Error).message).toContain("'v_rms1:abc'");
    }
    expect(() => parseBulkReadings('relay1:1\n', 'strip-a')).toThrow(/lacks relay, v_rms or active_pwr for outlet 1/);
  });

  it('parses relay state and board short name', () => {
    expect(parseRelayState('0\n', 's', 1)).toBe(false);
    expect(() => parseRelayState('2\n', 's', 1)).toThrow(/expected 0 or 1/);
    expect(parseBoardShortname('$board_shortname="P8U";\n', 's').model?.id).toBe('mpower-pro-8');
    expect(parseBoardShortname('$board_shortname="XYZ";\n', 's')).toEqual({ shortname: 'XYZ', model: undefined });
  });
});
