import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WEB_TOKEN_HEADER } from '../../shared/host-wiring';

/** A fresh access token: 32 random bytes as hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant-time token check. Both sides are hashed first so the comparison takes the same time
 * whatever the length of the guess (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: the `token` query parameter or the x-pixelpool-token header. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[WEB_TOKEN_HEADER];
  if (typeof header === 'string' && header.length > 0) return header;
  return url.searchParams.get('token');
}

/**
 * DNS-rebinding guard: a page on another site that resolves its own name to 127.0.0.1 sends its
 * own name as Host. Only our loopback names are accepted.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Origin check for the WebSocket upgrade and uploads. Browsers always send Origin on WebSocket
 * handshakes and cross-origin POSTs; it must be our own. A request without Origin (not from a
 * browser page: curl, tests) still needs the token.
 */
export function originAllowed(req: IncomingMessage, port: number, requireOrigin: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return !requireOrigin;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/**
 * For downloads: a browser says where a request comes from in Sec-Fetch-Site. Our own page's links
 * ('same-origin') and a URL typed or pasted into the address bar ('none') may fetch; another site's page,
 * or another server on this machine ('same-site': another port of 127.0.0.1), may not, even holding the
 * token. A request without the header (not from a browser: curl, tests) still needs the token.
 */
export function fetchSiteAllowed(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Headers every response carries. */
export function baseHeaders(): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

/** The page's Content-Security-Policy: our own scripts only, our own socket, no framing. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // React and recharts set styles through the CSSOM, which CSP does not govern: no 'unsafe-inline'.
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
