import { readFile } from 'node:fs/promises';
import { isMediaKey } from '../../engine/service/media-store';
import type { MediaKey } from '../../shared/contract';
import { MEDIA_SCHEME } from './origins';
import { contentTypeForFile, resolveRendererFile } from './renderer-files';

/**
 * The two custom protocols' request handlers, written against the Fetch API's Request and Response
 * (which protocol.handle uses and Node has), so they are tested in plain Node with real requests.
 */

const MEDIA_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif']);

export interface MediaBytes {
  bytes: Uint8Array;
  mime: string;
}

/** `pixelpool-media://<32 hex>` (Chromium may add a trailing slash) -> the key, or null. */
export function mediaKeyFromUrl(requestUrl: string): MediaKey | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.username || url.password || url.port) return null;
  if (url.pathname !== '' && url.pathname !== '/') return null;
  const key = url.hostname.toLowerCase();
  return isMediaKey(key) ? key : null;
}

/**
 * Serves thumbnails and previews from the service's in-memory media store by key: nothing here maps a
 * request to a file path. Only image types leave (anything else is sent as opaque bytes), with nosniff,
 * and readable cross-origin only by the app's own origin (a canvas may draw and read a preview).
 */
export function handleMediaRequest(
  request: Request,
  lookup: (key: MediaKey) => MediaBytes | undefined,
  appOrigin: string,
): Response {
  const common = {
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': appOrigin,
    Vary: 'Origin',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...common, Allow: 'GET, HEAD' } });
  }
  const key = mediaKeyFromUrl(request.url);
  const item = key ? lookup(key) : undefined;
  if (!item) return new Response(null, { status: 404, headers: common });
  const mime = MEDIA_TYPES.has(item.mime) ? item.mime : 'application/octet-stream';
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(item.bytes), {
    status: 200,
    headers: {
      ...common,
      'Content-Type': mime,
      'Content-Length': String(item.bytes.byteLength),
      // A key always names the same bytes, so the renderer may cache it for good.
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
  });
}

/**
 * Serves the built renderer (out/renderer) at pixelpool://app/. Every response carries the CSP header,
 * so the policy holds even before the <meta> fallback is parsed.
 */
export async function handleAppRequest(
  request: Request,
  rendererRoot: string,
  csp: string,
): Promise<Response> {
  const common = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...common, Allow: 'GET, HEAD' } });
  }
  const file = resolveRendererFile(rendererRoot, request.url);
  if (!file) return new Response(null, { status: 404, headers: common });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response(null, { status: 404, headers: common });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      ...common,
      'Content-Type': contentTypeForFile(file),
      'Content-Length': String(body.byteLength),
      'Cache-Control': 'no-cache',
    },
  });
}
