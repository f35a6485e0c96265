import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // test/globalSetup.ts builds dist/ once; test/e2e/buildStudio.ts builds studio/dist when it is missing or stale (the browser tests serve it).
    globalSetup: ['test/globalSetup.ts', 'test/e2e/buildStudio.ts'],
  },
});
