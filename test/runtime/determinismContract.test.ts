/**
 * The determinism contract (DESIGN.md): no wall clock, global randomness or raw timers on
 * the simulated path — the machines in src/actors and src/runtime/protocols, and the
 * supervisor's scheduling path in src/runtime. A deliberate real-time use (pacing, a
 * worker watchdog) carries a `determinism-ok: why` comment on its line.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const forbidden = /\b(Date\.now|new Date|Math\.random|performance\.now|setTimeout|setInterval|setImmediate)\s*\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function violations(dirs: string[]): string[] {
  const found: string[] = [];
  for (const file of dirs.flatMap(sourceFiles)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
      if (forbidden.test(code) && !line.includes('determinism-ok')) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

describe('the determinism contract', () => {
  it('machines and the supervisor read no wall clock, no global randomness and set no raw timers', () => {
    expect(violations(['src/actors', 'src/runtime'])).toEqual([]);
  });

  it('the scan itself catches a violation (it can fail)', () => {
    expect(forbidden.test('const t = Date.now();')).toBe(true);
    expect(forbidden.test('setTimeout(() => {}, 5)')).toBe(true);
    expect(forbidden.test('const id = raise({ type: "TICK" }, { delay: 5, id: "tick" })')).toBe(false);
  });
});
