import { defineConfig } from 'vitest/config';

// Browser tests drive Chromium against a live, paced run: each needs the machine's two
// cores to itself, so they run in a project of their own, one file at a time, after the rest.
const browserTests = ['test/web/page.test.ts', 'test/web/mirrorView.test.ts', 'test/web/systemViews.test.ts', 'test/datahub/views.test.ts'];

export default defineConfig({
  test: {
    // A ceiling for the slowest tests (browsers, worker runs) on a busy 2-core machine, not a target.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Worker-thread tests share 2 cores; forks keep each file isolated.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'core', include: ['test/**/*.test.ts'], exclude: browserTests } },
      // A browser test races a live run and a page that redraws on its own clock; a test that
      // still fails after two more tries fails the run (a retried pass is reported as flaky).
      { extends: true, test: { name: 'browser', include: browserTests, fileParallelism: false, retry: 2 } },
    ],
  },
});
