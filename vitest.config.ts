import { defineConfig } from 'vitest/config';

// Two projects: `unit` (core, db, api, electron settings, import graph, exchange: fast,
// parallel) and `ui` (Playwright driving Chromium against the browser mode: one file at a time).
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/{core,db,api,electron,arch,exchange}/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'ui',
          include: ['tests/ui/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A screen answers through the service, sometimes after a debounce: a poll waits up to
          // 15 s (the default 1 s failed on a loaded machine while the screen was right).
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
