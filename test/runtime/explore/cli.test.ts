import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const troupe = (...args: string[]) => spawnSync(process.execPath, ['bin/troupe.mjs', ...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, TROUPE_FROM_SOURCE: '1' } });

describe('troupe explore and troupe shrink commands', () => {
  it('explore exits 1 with the failing seeds and their reproduce lines; shrink writes a trace that fails the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-cli-'));
    const explored = troupe('explore', 'test/fixtures/explore/unfenced-lock.ts', '--seeds', '10', '--faults', 'random', '--threads', '0', '--trace-dir', dir, '--json');
    expect(explored.status).toBe(1);
    const report = JSON.parse(explored.stdout);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures[0].command).toMatch(/^troupe explore test\/fixtures\/explore\/unfenced-lock.ts --seed-from \d+ --seeds 1/);
    const shrunk = troupe('shrink', report.failures[0].trace, '--json');
    expect(shrunk.status).toBe(0);
    expect(JSON.parse(shrunk.stdout)).toMatchObject({ check: 'writes only from the lock holder', replayed: true });
  });

  it('explore exits 0 when every seed passes and 2 on a bad flag value', () => {
    expect(troupe('explore', 'test/fixtures/explore/unfenced-lock.ts', '--seeds', '3', '--faults', 'none', '--threads', '0').status).toBe(0);
    const bad = troupe('explore', 'test/fixtures/explore/unfenced-lock.ts', '--faults', 'meteors');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--faults must be one of none, scenario, random');
  });
});
