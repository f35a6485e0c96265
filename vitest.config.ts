import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds studio/dist when it is missing or stale (the browser tests in test/e2e serve it).
    globalSetup: ['test/e2e/buildStudio.ts'],
  },
});
