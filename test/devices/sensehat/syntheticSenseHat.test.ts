import { describe, expect, it } from 'vitest';
import { SyntheticSenseHat } from '../../../src/devices/sensehat/index.ts';

describe('SyntheticSenseHat', () => {
  it('reads plausible room values that drift slowly over an hour', () => {
    const hat = new SyntheticSenseHat({ seed: 1 });
    const readings = Array.from({ length: 3600 }, (_, s) => hat.read(s * 1000));
    for (const r of readings) {
      expect(r.temperatureC).toBeGreaterThan(20);
      expect(r.temperatureC).toBeLessThan(38);
      expect(r.humidityPercent).toBeGreaterThanOrEqual(0);
      expect(r.humidityPercent).toBeLessThanOrEqual(100);
      expect(Math.abs(r.pressureHpa - 1013.25)).toBeLessThan(5);
      expect(r.orientation.yawDeg).toBeGreaterThanOrEqual(0);
      expect(r.orientation.yawDeg).toBeLessThan(360);
    }
    const steps = readings.slice(1).map((r, i) => Math.abs(r.temperatureC - readings[i].temperatureC));
    expect(Math.max(...steps)).toBeLessThan(0.1); // no jumps between one-second readings
    expect(new Set(readings.map((r) => r.temperatureC)).size).toBeGreaterThan(3000); // it does move
  });

  it('is deterministic per seed and refuses to read back in time', () => {
    const a = new SyntheticSenseHat({ seed: 7 }), b = new SyntheticSenseHat({ seed: 7 });
    expect(a.read(0)).toEqual(b.read(0));
    expect(a.read(5000)).toEqual(b.read(5000));
    expect(() => a.read(4000)).toThrow(/must not go back/);
    expect(() => new SyntheticSenseHat({ seed: 1, humidityPercent: 140 })).toThrow(/humidityPercent/);
  });
});
