import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cspMetaPlugin } from './electron/main/csp-vite-plugin';

// Entries of the main build. The worker sits beside them so that threads.js can find it
// relative to whichever file spawns it (see engine/pool/worker-path.ts).
const mainEntries = {
  index: resolve(__dirname, 'electron/main/index.ts'),
  'workers/filter.worker': resolve(__dirname, 'workers/filter.worker.ts'),
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
