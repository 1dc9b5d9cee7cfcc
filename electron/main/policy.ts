import { APP_SCHEME, isAtOrigin, MEDIA_SCHEME } from './origins';

/**
 * The decisions the Electron guards in security.ts make, as pure functions over URLs.
 * `devServerOrigin` is set only in development (electron-vite's ELECTRON_RENDERER_URL).
 */
export interface ShellPolicy {
  devServerOrigin?: string;
}

/**
 * Checklist item 13. The renderer is a single page: it never needs to navigate. In development the dev
 * server may reload itself (Vite's full reload), so its own origin is let through there and only there.
 */
export function isNavigationAllowed(url: string, policy: ShellPolicy): boolean {
  return policy.devServerOrigin !== undefined && isAtOrigin(url, policy.devServerOrigin);
}

/**
 * Checklist items 1 and 18: what the window's session may fetch at all. Production: the app and media
 * schemes, and data:/blob: URLs the page made itself; never http(s), ws(s), file: or anything else, so no
 * remote content can load even if markup asked for it. Development adds the dev server's origin (http and
 * its HMR WebSocket) and DevTools' own scheme.
 */
export function isRequestAllowed(url: string, policy: ShellPolicy): boolean {
  const scheme = schemeOf(url);
  if (scheme === null) return false;
  if (scheme === APP_SCHEME || scheme === MEDIA_SCHEME || scheme === 'data' || scheme === 'blob') return true;
  const dev = policy.devServerOrigin;
  if (dev === undefined) return false;
  if (scheme === 'devtools') return true;
  if (scheme === 'http' || scheme === 'https') return isAtOrigin(url, dev);
  if (scheme === 'ws' || scheme === 'wss') {
    const asHttp = url.replace(/^ws/i, 'http');
    return isAtOrigin(asHttp, dev);
  }
  return false;
}

function schemeOf(url: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match ? match[1].toLowerCase() : null;
}
