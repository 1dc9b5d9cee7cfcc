import { defineConfig } from 'vitest/config';

/**
 * `npm run test:multihost`: several hosts on one machine, each in its own network namespace
 * (multihost/netns.ts). Needs root and iproute2, so it is not part of `npm test`; `.ci/run` calls it.
 * Files run one after the other: each pins its hosts to the machine's cores.
 */
export default defineConfig({
  test: {
    include: ['multihost/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
