import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { type ApiHandlers, dispatch } from '../../engine/service/dispatch';
import type { MediaItem } from '../../engine/service/media-store';
import type { ApiError, PixelPoolEvent } from '../../shared/contract';
import { WEB_PATHS, type WsServerMessage } from '../../shared/host-wiring';
import { type DownloadService, serveDownload } from './downloads';
import {
  baseHeaders,
  contentSecurityPolicy,
  fetchSiteAllowed,
  hostAllowed,
  newToken,
  originAllowed,
  requestToken,
  tokenMatches,
} from './security';
import { UploadError, type UploadStore } from './uploads';

/** What the web host needs of the service. */
export interface WebHostService extends ApiHandlers, DownloadService {
  onEvent(listener: (event: PixelPoolEvent) => void): () => void;
  getMedia(key: string): MediaItem | undefined;
}

export interface WebServerOptions {
  service: WebHostService;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  uploads: UploadStore;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest WebSocket frame accepted: requests are small JSON objects. */
const MAX_WS_FRAME = 1024 * 1024;
/** Requests one socket may have running at once; more get a 'limit' error. */
const MAX_IN_FLIGHT = 64;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The web host: the built renderer and PixelPoolApi over a WebSocket, on 127.0.0.1 only. Every
 * request for app data (the page, media, downloads, uploads, the socket) must carry the per-launch token;
 * the socket and uploads must also come from our own origin. Static build assets (hashed JS and
 * CSS) are served without the token: they hold no data.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const rendererDir = resolve(options.rendererDir);
  const { service, uploads } = options;
  let port = 0;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_FRAME });
  const sockets = new Set<WebSocket>();
  const unsubscribe = service.onEvent((event) => {
    const frame = JSON.stringify({ kind: 'event', event } satisfies WsServerMessage);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(frame);
  });

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(req, port)) return sendText(res, 421, 'Unexpected Host header');
    const authorised = tokenMatches(token, requestToken(req, url));
    const path = url.pathname;

    if (path === '/' || path === '/index.html') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
      if (!authorised) {
        return sendText(
          res,
          401,
          'PixelPool: open the URL printed by `npm run web`; it carries the access token.',
        );
      }
      return sendFile(res, rendererDir, join(rendererDir, 'index.html'), {
        'content-security-policy': contentSecurityPolicy(port),
      });
    }
    if (path.startsWith(WEB_PATHS.media)) {
      if (!authorised) return sendText(res, 401, 'Missing or wrong token');
      // Keys are plain hex: anything else (including malformed %-escapes) simply is not found.
      const item = service.getMedia(path.slice(WEB_PATHS.media.length));
      if (!item) return sendText(res, 404, 'No such media (it may have been evicted)');
      res.writeHead(200, {
        ...baseHeaders(),
        'content-type': item.mime,
        'content-length': String(item.bytes.byteLength),
        // Keys are random and never reused, so the bytes behind one never change.
        'cache-control': 'private, max-age=3600, immutable',
      });
      res.end(req.method === 'HEAD' ? undefined : item.bytes);
      return;
    }
    if (path.startsWith(WEB_PATHS.download)) {
      if (!authorised) return sendText(res, 401, 'Missing or wrong token');
      if (!fetchSiteAllowed(req))
        return sendText(res, 403, 'Downloads are served to the PixelPool page only');
      return serveDownload(req, res, service, path, (status, text) => sendText(res, status, text));
    }
    if (path === WEB_PATHS.upload) {
      if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed');
      if (!authorised) return sendText(res, 401, 'Missing or wrong token');
      if (!originAllowed(req, port, false)) return sendText(res, 403, 'Origin not allowed');
      try {
        const saved = await uploads.save(req, url.searchParams.get('name'));
        return sendJson(res, 200, saved);
      } catch (error) {
        req.resume();
        if (error instanceof UploadError) return sendText(res, error.status, error.message, true);
        throw error;
      }
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const file = staticPath(rendererDir, path);
      if (file) return sendFile(res, rendererDir, file, {}, true);
    }
    sendText(res, 404, 'Not found');
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WEB_PATHS.ws) return refuse(404, 'Not Found');
    if (!hostAllowed(req, port)) return refuse(421, 'Misdirected Request');
    if (!tokenMatches(token, requestToken(req, url))) return refuse(401, 'Unauthorized');
    if (!originAllowed(req, port, true)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    let inFlight = 0;
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const request = parseRequest(data, isBinary);
      if ('error' in request) {
        if (request.id === null) send(ws, { kind: 'error', error: request.error });
        else send(ws, { kind: 'response', id: request.id, response: { ok: false, error: request.error } });
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        const error: ApiError = { code: 'limit', message: `More than ${MAX_IN_FLIGHT} requests at once` };
        send(ws, { kind: 'response', id: request.id, response: { ok: false, error } });
        return;
      }
      inFlight++;
      void dispatch(service, request.method, request.payload).then((response) => {
        inFlight--;
        send(ws, { kind: 'response', id: request.id, response });
      });
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

type ParsedRequest =
  | { id: number; method: string; payload: unknown }
  | { id: number | null; error: ApiError };

/** Reads one client frame; anything but `{ kind: 'request', id, method, payload? }` is an error. */
function parseRequest(data: RawData, isBinary: boolean): ParsedRequest {
  const bad = (message: string, id: number | null = null): ParsedRequest => ({
    id,
    error: { code: 'bad-request', message },
  });
  if (isBinary) return bad('Binary frames are not accepted: send JSON text');
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    return bad('Malformed message: not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return bad('Malformed message: expected an object');
  }
  const m = message as Record<string, unknown>;
  const id = Number.isSafeInteger(m.id) && (m.id as number) >= 0 ? (m.id as number) : null;
  if (id === null) return bad('Malformed message: "id" must be a non-negative whole number');
  if (m.kind !== 'request') return bad('Malformed message: "kind" must be "request"', id);
  const extra = Object.keys(m).filter((k) => !['kind', 'id', 'method', 'payload'].includes(k));
  if (extra.length > 0) return bad(`Malformed message: unexpected field "${extra[0].slice(0, 32)}"`, id);
  // dispatch() checks the method name and the payload against the API's schemas.
  return { id, method: m.method as string, payload: m.payload };
}

function send(ws: WebSocket, message: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

/** A file under the renderer folder for a URL path, or null (no escaping the folder, no dotfiles). */
function staticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const full = normalize(join(root, decoded));
  if (!full.startsWith(root + sep)) return null;
  return full;
}

/**
 * Sends one file of the renderer build. The file is opened once and everything is read through that
 * handle, so a file that vanishes or changes during a build is a 404, never an unhandled stream
 * error; a symlink is followed only when its target is inside the renderer folder too.
 */
async function sendFile(
  res: ServerResponse,
  root: string,
  file: string,
  headers: Record<string, string>,
  cacheable = false,
): Promise<void> {
  const body = await readInside(root, file);
  if (!body) return sendText(res, 404, 'Not found');
  res.writeHead(200, {
    ...baseHeaders(),
    'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(body.byteLength),
    ...(cacheable ? { 'cache-control': 'public, max-age=3600' } : {}),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The bytes of a regular file whose real path is inside `root`, or null. Build files are small. */
async function readInside(root: string, file: string): Promise<Buffer | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    const handle = await open(realFile, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      if (!(await handle.stat()).isFile()) return null;
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

function sendText(res: ServerResponse, status: number, text: string, closeAfter = false): void {
  res.writeHead(status, {
    ...baseHeaders(),
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...(closeAfter ? { connection: 'close' } : {}),
  });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...baseHeaders(),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
