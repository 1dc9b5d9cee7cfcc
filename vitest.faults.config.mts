import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the whole fault-injection suite (faults/), at full size: FAULTS_FULL=1 makes
 * the corpus 324 files and the signal runs five of each kind. `npm test` runs the same files in their
 * fast form through vitest.config.mts.
 */
export default defineConfig({
  test: {
    include: ['faults/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    env: { FAULTS_FULL: '1' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
