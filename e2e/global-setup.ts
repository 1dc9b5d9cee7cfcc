import { build } from 'electron-vite';

/** The specs drive the built app: out/main (web host, Electron main, worker) and out/renderer. */
export default async function globalSetup(): Promise<void> {
  if (process.env.PIXELPOOL_E2E_SKIP_BUILD === '1') return;
  // 'error': the threads.js eval() warnings of every build are known and harmless here.
  await build({ logLevel: 'error' });
}
