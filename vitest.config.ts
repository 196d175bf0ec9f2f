import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A ceiling for the slowest tests (browsers, worker runs) on a busy 2-core machine, not a target.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Worker-thread and browser tests share 2 cores; forks keep each file isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
