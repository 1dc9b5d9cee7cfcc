import { MEDIA_SCHEME } from './origins';
import type { ShellPolicy } from './policy';

/**
 * The renderer's Content-Security-Policy (checklist item 7). Sent as a response header by the app protocol
 * and by session.webRequest for the dev server, and injected as a <meta> fallback into the built index.html.
 *
 * Why no 'unsafe-inline' for styles in production: React's `style={...}` props and recharts' text
 * measurement (Object.assign(span.style, ...)) set CSSOM properties, which CSP does not govern; Vite extracts
 * every stylesheet to a file. Only <style> elements and style="" attributes in markup would need it, and the
 * renderer has none. The dev server injects CSS as <style> elements and React Fast Refresh adds an inline
 * module script, so those two relaxations exist in development only.
 *
 * connect-src also names the media scheme so the renderer may fetch() a preview's bytes in Electron just as
 * it can over HTTP from the web host (where media is same-origin and 'self' covers it).
 */
export function buildCsp(policy: ShellPolicy = {}): string {
  const dev = policy.devServerOrigin;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", `${MEDIA_SCHEME}:`, 'blob:', 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': dev
      ? ["'self'", `${MEDIA_SCHEME}:`, toWebSocketOrigin(dev)]
      : ["'self'", `${MEDIA_SCHEME}:`],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * The production policy without the directives a <meta> element may not carry (frame-ancestors is
 * header-only).
 */
export function buildMetaCsp(): string {
  return buildCsp()
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors '))
    .join('; ');
}

/** Vite's HMR socket lives at the dev server's host with ws(s):. */
function toWebSocketOrigin(httpOrigin: string): string {
  const url = new URL(httpOrigin);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}
