/**
 * Where the renderer comes from, and the one question every guard asks: "is this URL the app itself?".
 * Pure: no 'electron' import, so it is unit-tested in plain Node.
 */

/** The privileged scheme the packaged renderer is served from (see protocol-handlers.ts). */
export const APP_SCHEME = 'pixelpool';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The privileged scheme thumbnails and previews are served from (see protocol-handlers.ts). */
export { MEDIA_SCHEME } from '../../shared/host-wiring';

/**
 * The origin the renderer is allowed to live at: the app scheme in production, the electron-vite dev server
 * (ELECTRON_RENDERER_URL) in development. Only an http(s) dev server on a loopback host is accepted, so a stray
 * environment variable cannot point the privileged window at a remote site.
 */
export function rendererOrigin(devServerUrl: string | undefined): string {
  if (!devServerUrl) return APP_ORIGIN;
  const url = parseUrl(devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !isLoopbackHost(url.hostname)) {
    throw new Error(
      `ELECTRON_RENDERER_URL must be an http(s) URL on localhost or 127.0.0.1, got ${JSON.stringify(devServerUrl)}`,
    );
  }
  return originOf(url);
}

/** The URL the main window loads first. */
export function rendererEntryUrl(devServerUrl: string | undefined): string {
  return devServerUrl ? devServerUrl : APP_ENTRY_URL;
}

/**
 * True when `candidate` is a URL at exactly `allowedOrigin` (scheme, host and port compared after parsing,
 * so `pixelpool://app.evil` or `http://localhost:5173@evil.com` do not pass a prefix test).
 * WHATWG URL reports the origin of non-special schemes as "null", hence the explicit comparison.
 */
export function isAtOrigin(candidate: string, allowedOrigin: string): boolean {
  const url = parseUrl(candidate);
  const allowed = parseUrl(allowedOrigin);
  if (!url || !allowed) return false;
  if (url.username !== '' || url.password !== '') return false;
  return originOf(url) === originOf(allowed);
}

/** scheme://host[:port], lower-cased, for special and custom schemes alike. */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`.toLowerCase();
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
