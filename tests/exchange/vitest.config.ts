// Runs only the exchange tests: `npx vitest run --config tests/exchange/vitest.config.ts`.
// (Until the root vitest.config.ts's `unit` project includes tests/exchange.)
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/exchange/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
