import { describe, expect, it } from 'vitest';
import { formatLine, progressPrinter } from '../../../src/runtime/explore/index.ts';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  let now = 0;
  const printer = progressPrinter({ isTTY, write: (text: string) => chunks.push(text) }, () => now);
  return { chunks, printer, tick: (ms: number) => (now += ms) };
}

describe('explore progress', () => {
  it('redraws one bar in place on a terminal and ends it with a newline', () => {
    const { chunks, printer, tick } = capture(true);
    for (let done = 1; done <= 100; done++) {
      tick(10);
      printer.update({ done, total: 100, failures: done > 50 ? 1 : 0, elapsedMs: done * 10 });
    }
    printer.finish();
    expect(chunks.every((chunk) => chunk.startsWith('\r'))).toBe(true);
    expect(chunks.length).toBeLessThan(20); // throttled, not one draw per seed
    expect(chunks.at(-1)).toMatch(/100\/100 seeds .* 1 failed .*\n$/);
  });

  it('prints plain lines, about one per tenth of the seeds, when not a terminal', () => {
    const { chunks, printer, tick } = capture(false);
    for (let done = 1; done <= 100; done++) {
      tick(1);
      printer.update({ done, total: 100, failures: 0, elapsedMs: done });
    }
    printer.finish();
    expect(chunks.some((chunk) => chunk.includes('\r'))).toBe(false);
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    expect(chunks.length).toBeLessThanOrEqual(12);
    expect(chunks.at(-1)).toContain('100/100 seeds');
  });

  it('states the rate and the time left', () => {
    expect(formatLine({ done: 50, total: 100, failures: 2, elapsedMs: 5_000 })).toBe('50/100 seeds  10.0 seeds/s  2 failed  ETA 5s');
  });
});
