import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the same specs (e2e/*.spec.ts) against two targets.
 *  - web: the built web host (node out/main/hosts/web.js) in Chromium. Debian's /usr/bin/chromium
 *    when present (Playwright cannot download its own browser on these machines), else Playwright's.
 *  - electron: the built app through _electron.launch; the specs skip themselves, saying why, where
 *    the Electron binary is absent (see e2e/fixtures.ts).
 * globalSetup builds out/ first. One worker: the app itself uses every core.
 */
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 860 },
  },
  projects: [
    {
      name: 'web',
      metadata: { target: 'web' },
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: existsSync(debianChromium) ? debianChromium : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      metadata: { target: 'electron' },
    },
  ],
});
