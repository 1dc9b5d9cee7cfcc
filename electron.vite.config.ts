import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { cspMetaPlugin } from './electron/main/csp-vite-plugin';

/**
 * Compiles the WebAssembly kernels (scripts/build-wasm.mjs) into out/main/workers/kernels.wasm, beside the
 * worker that loads it, once the main build is written: electron-vite empties out/main first, so a
 * kernels.wasm written before it would be lost. Every electron-vite build (build, prepare, dev, web, dist,
 * the test setups) thus has one.
 */
function wasmKernelsPlugin(): Plugin {
  return {
    name: 'pixelpool-wasm-kernels',
    apply: 'build',
    async writeBundle(options) {
      const { buildWasm } = await import('./scripts/build-wasm.mjs');
      await buildWasm(resolve(options.dir ?? resolve(__dirname, 'out/main'), 'workers/kernels.wasm'));
    },
  };
}

// Entries of the main build. The worker sits beside them so that threads.js can find it
// relative to whichever file spawns it (see engine/pool/worker-path.ts).
const mainEntries = {
  index: resolve(__dirname, 'electron/main/index.ts'),
  'workers/filter.worker': resolve(__dirname, 'workers/filter.worker.ts'),
  'workers/filter.process': resolve(__dirname, 'workers/filter.process.ts'),
  'hosts/cli': resolve(__dirname, 'hosts/cli/index.ts'),
  'hosts/web': resolve(__dirname, 'hosts/web/index.ts'),
};

export default defineConfig({
  main: {
    build: {
      // threads.js must be bundled: it calls eval("require") and reads its own call stack.
      externalizeDeps: { exclude: ['threads'] },
      rollupOptions: { input: mainEntries },
    },
    plugins: [wasmKernelsPlugin()],
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      // electron-vite leaves the renderer unminified by default; the web host serves it over HTTP too.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react(), cspMetaPlugin()],
  },
});
