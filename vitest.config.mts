import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'engine/**/*.test.ts',
      'hosts/**/*.test.ts',
      'shared/**/*.test.ts',
      'tools/**/*.test.ts',
      'workers/**/*.test.ts',
      'renderer/src/**/*.test.{ts,tsx}',
    ],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
