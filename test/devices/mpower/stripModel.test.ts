import { describe, expect, it } from 'vitest';
import { isTroupeError } from '../../../src/runtime/errors.ts';
import { StripModel } from '../../../src/devices/mpower/index.ts';

describe('StripModel', () => {
  it('switches a relay with echo and reports it with cat, as the proc file does', () => {
    const strip = new StripModel({ outlets: 6 });
    expect(strip.runShellCommand('echo 1 > /proc/power/relay3')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(strip.runShellCommand('cat /proc/power/relay3').stdout).toBe('1\n');
    expect(strip.runShellCommand('echo 0 >/proc/power/relay3').exitCode).toBe(0);
    expect(strip.relay(3)).toBe(false);
  });

  it('answers the bulk grep with name<outlet>:value lines in glob order', () => {
    const strip = new StripModel({ outlets: 3, seed: 5 });
    strip.setRelay(2, true);
    const { stdout, exitCode } = strip.runShellCommand("cd /proc/power; grep '' relay* v_rms* active_pwr*");
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['relay1', 'relay2', 'relay3', 'v_rms1', 'v_rms2', 'v_rms3', 'active_pwr1', 'active_pwr2', 'active_pwr3']);
    expect(lines[1]).toBe('relay2:1');
    expect(lines[7]).toMatch(/^active_pwr2:2[6-8]\.\d{9}$/);
    expect(lines[6]).toBe('active_pwr1:0.000000000');
    expect(lines[3]).toMatch(/^v_rms1:2[23]\d\.\d{9}$/);
  });

  it('draws about 27 W per switched-on bulb and nothing when off', () => {
    const strip = new StripModel({ outlets: 6, seed: 9 });
    strip.setRelay(1, true);
    const on = strip.readings(1);
    expect(on.activePwr).toBeGreaterThan(25);
    expect(on.activePwr).toBeLessThan(29);
    expect(on.iRms).toBeCloseTo(on.activePwr / (on.vRms * on.pf), 9);
    expect(on.pf).toBeGreaterThan(0.9);
    const off = strip.readings(2);
    expect([off.activePwr, off.iRms, off.pf]).toEqual([0, 0, 0]);
    expect(off.vRms).toBeGreaterThan(220);
  });

  it('integrates energy over caller-given virtual time only while the relay is on', () => {
    const strip = new StripModel({ outlets: 1 });
    strip.advance(3_600_000); // off for an hour
    strip.setRelay(1, true);
    strip.advance(3 * 3_600_000); // on for two hours
    strip.setRelay(1, false);
    strip.advance(10 * 3_600_000);
    expect(strip.readings(1).energySum).toBeCloseTo(54, 9);
    expect(strip.runShellCommand('cat /proc/power/energy_sum1').stdout).toBe('54.000000000\n');
  });

  it('gives the same readings for the same seed and times, and different ones for another seed', () => {
    const run = (seed: number): string => {
      const strip = new StripModel({ outlets: 6, seed });
      strip.setRelay(4, true);
      strip.advance(12_345);
      return strip.runShellCommand("cd /proc/power; grep '' v_rms* active_pwr* i_rms* pf*").stdout;
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });

  it('holds readings steady within one meter sample', () => {
    const strip = new StripModel({ outlets: 1 });
    strip.setRelay(1, true);
    strip.advance(2_100);
    const first = strip.readings(1).vRms;
    strip.advance(2_900);
    expect(strip.readings(1).vRms).toBe(first);
    strip.advance(3_000);
    expect(strip.readings(1).vRms).not.toBe(first);
  });

  it('tells its model from /etc/board.inc', () => {
    expect(new StripModel({ outlets: 6 }).runShellCommand('cat /etc/board.inc | grep board_shortname').stdout).toBe('$board_shortname="P6E";\n');
    expect(new StripModel({ model: 'mpower-pro-8' }).runShellCommand('cat /etc/board.inc | grep feature_power').stdout).toBe('$feature_power=8;\n');
    expect(new StripModel({ outlets: 1 }).model.id).toBe('mpower-mini');
    expect(new StripModel({ outlets: 3 }).model.boardName).toBe('mPower');
  });

  it('answers unknown commands and missing files like BusyBox ash', () => {
    const strip = new StripModel({ outlets: 6 });
    expect(strip.runShellCommand('reboot now')).toEqual({ stdout: '', stderr: 'sh: reboot: not found\n', exitCode: 127 });
    expect(strip.runShellCommand('cat /proc/power/relay7')).toEqual({ stdout: '', stderr: "cat: can't open '/proc/power/relay7': No such file or directory\n", exitCode: 1 });
    expect(strip.runShellCommand('echo 1 > /proc/power/relay7').exitCode).toBe(1);
    expect(strip.runShellCommand('echo 1 > /proc/power/v_rms1').stderr).toBe("sh: can't create /proc/power/v_rms1: Permission denied\n");
    expect(strip.runShellCommand('echo on > /proc/power/relay1')).toEqual({ stdout: '', stderr: 'sh: write error: Invalid argument\n', exitCode: 1 });
    expect(strip.runShellCommand("echo 'unterminated").exitCode).toBe(2);
  });

  it('keeps the working directory within one shell session but not across exec commands', () => {
    const strip = new StripModel({ outlets: 3 });
    const shell = strip.openShell();
    shell.run('cd /proc/power');
    expect(shell.run('cat relay1').stdout).toBe('0\n');
    expect(strip.runShellCommand('cat relay1').exitCode).toBe(1);
  });

  it('rejects outlet 0 and outlets past the model with a coded error', () => {
    const strip = new StripModel({ outlets: 3 });
    for (const outlet of [0, 4, 1.5]) {
      try {
        strip.setRelay(outlet, true);
        expect.unreachable();
      } catch (error) {
        expect(isTroupeError(error, 'MPOWER_OUTLET_INVALID')).toBe(true);
      }
    }
  });

  it('refuses a model and outlet count that disagree', () => {
    expect(() => new StripModel({ model: 'mpower-3', outlets: 6 })).toThrow(/has 3 outlets, not 6/);
    expect(() => new StripModel({ outlets: 5 })).toThrow(/no mPower model has 5 outlets/);
  });
});
