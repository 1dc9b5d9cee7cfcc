import type { FullConfig } from '@playwright/test';
import { build } from 'electron-vite';
import { electronBinary } from './fixtures';

/** The specs drive the built app: out/main (web host, Electron main, worker) and out/renderer. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const electronSelected = config.projects.some((p) => p.metadata?.target === 'electron');
  if (electronSelected && !electronBinary()) {
    console.log(
      '[e2e] electron project: the Electron binary is not installed here (node_modules/electron/dist), ' +
        'so its tests are skipped; the web project runs the same specs in Chromium.',
    );
  }
  if (process.env.PIXELPOOL_E2E_SKIP_BUILD === '1') return;
  // 'error': the threads.js eval() warnings of every build are known and harmless here.
  await build({ logLevel: 'error' });
}
