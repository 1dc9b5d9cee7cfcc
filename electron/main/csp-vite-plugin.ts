import type { Plugin } from 'vite';
import { buildMetaCsp } from './csp';

/**
 * Puts the production CSP into the built index.html as a <meta> fallback (the app protocol also sends it
 * as a header). Build only: the dev server needs the relaxed policy, which the shell sends as a header.
 * The web host serves the same index.html, so its pages carry the policy too ('self' covers its
 * same-origin WebSocket, media and upload URLs).
 */
export function cspMetaPlugin(): Plugin {
  return {
    name: 'pixelpool-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: buildMetaCsp() },
        injectTo: 'head-prepend',
      },
    ],
  };
}
