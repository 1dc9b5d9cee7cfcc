import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'electron-vite';

/**
 * Tests that spawn workers need the built worker bundle in out/main/workers, and the WebAssembly kernel
 * tests its kernels.wasm beside it: the main build compiles them (electron.vite.config.ts).
 */
export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
  const wasm = resolve(__dirname, 'out/main/workers/kernels.wasm');
  if (!existsSync(wasm)) throw new Error(`the build did not write ${wasm} (scripts/build-wasm.mjs)`);
}
