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

/**
 * Warnings the build is known to print and that ask nothing of us, dropped so that a new warning is seen
 * (`npm install`'s prepare and `npm run web` build with --logLevel warn): threads.js calls eval("require")
 * on purpose and is bundled for that reason (see `externalizeDeps` below); the wasm plugin's slow
 * writeBundle is the AssemblyScript compiler at work.
 */
function onMainWarning(
  warning: { code?: string; id?: string; message: string },
  warn: (w: typeof warning) => void,
): void {
  if (warning.code === 'EVAL' && /[\\/]node_modules[\\/]threads[\\/]/.test(warning.id ?? '')) return;
  if (warning.code === 'PLUGIN_TIMINGS') return;
  warn(warning);
}

export default defineConfig({
  main: {
    build: {
      // threads.js must be bundled: it calls eval("require") and reads its own call stack.
      externalizeDeps: { exclude: ['threads'] },
      rollupOptions: { input: mainEntries, onwarn: onMainWarning },
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
      // One ~900 kB chunk read from disk (pixelpool://) or the loopback host: splitting it would save no
      // download, so Vite's 500 kB advice (meant for pages fetched over a network) is raised, not silenced.
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react(), cspMetaPlugin()],
  },
});
