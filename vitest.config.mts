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
      // The fault-injection suite, in its fast form (FAULTS_FULL unset); all of it: npm run test:faults.
      'faults/**/*.test.ts',
    ],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
