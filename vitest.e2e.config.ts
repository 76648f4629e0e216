import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built extension in Debian's Chromium. One file at a time (2 cores). */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globals: true,
  },
});
