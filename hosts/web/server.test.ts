import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writePhoto } from '../../engine/images/test-fixtures';
import { PixelPoolService } from '../../engine/service/service';
import type { AddPathsResult } from '../../shared/contract';
import type { WsServerMessage } from '../../shared/host-wiring';
import { startWebServer, type WebServer } from './server';
import { sanitizeFileName, UploadStore } from './uploads';

const PHOTO = join(__dirname, '../../assets/photos/fallen-leaf.jpg');

let dir: string;
let uploadDir: string;
let service: PixelPoolService;
let server: WebServer;
let origin: string;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request (no URL normalisation, any Host header). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens a socket; resolves with it, or with the HTTP status the upgrade was refused with. */
function connect(query: string, headers: Record<string, string> = { origin }): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

function nextMessage(
  ws: WebSocket,
  predicate: (m: WsServerMessage) => boolean = () => true,
): Promise<WsServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as WsServerMessage;
      if (!predicate(message)) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

/** A request body the test writes by hand, with a declared length or none (chunked). */
function fakeRequest(contentLength: number | undefined): PassThrough & IncomingMessage {
  const body = new PassThrough() as PassThrough & IncomingMessage;
  body.headers = contentLength === undefined ? {} : { 'content-length': String(contentLength) };
  return body;
}

async function open(): Promise<WebSocket> {
  const ws = await connect(`?token=${server.token}`);
  if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
  return ws;
}

async function rpc(ws: WebSocket, id: number, method: string, payload?: unknown): Promise<WsServerMessage> {
  const reply = nextMessage(ws, (m) => m.kind === 'response' && m.id === id);
  ws.send(JSON.stringify({ kind: 'request', id, method, payload }));
  return reply;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-web-'));
  uploadDir = join(dir, 'uploads');
  await mkdir(uploadDir, { mode: 0o700 });
  await mkdir(join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>PixelPool</title>');
  await writeFile(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer folder');
  service = new PixelPoolService({ host: 'web', settingsDir: null, poolSize: 1 });
  server = await startWebServer({
    service,
    rendererDir: join(dir, 'renderer'),
    uploads: new UploadStore(uploadDir, { maxFileBytes: 2_000_000, maxTotalBytes: 3_000_000 }),
  });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('web host HTTP', () => {
  it('prints a loopback URL with a 64-hex-digit token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('serves the page only with the right token, with a CSP', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw(`/?token=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await raw(`/?token=${server.token.slice(0, 63)}`)).status).toBe(401);
    const page = await raw(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('PixelPool');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const byHeader = await raw('/', { headers: { 'x-pixelpool-token': server.token } });
    expect(byHeader.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await raw(`/?token=${server.token}`, { headers: { host: `evil.example:${server.port}` } });
    expect(res.status).toBe(421);
  });

  it('serves build assets but nothing outside the renderer folder', async () => {
    expect((await raw('/assets/app.js')).status).toBe(200);
    expect((await raw('/../secret.txt')).status).toBe(404);
    expect((await raw('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await raw('/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).status).toBe(404);
    expect((await raw('/%00')).status).toBe(404);
  });

  it('never follows a symlink out of the renderer folder', async () => {
    await symlink(join(dir, 'secret.txt'), join(dir, 'renderer/assets/leak.js'));
    await symlink(join(dir, 'renderer/assets/app.js'), join(dir, 'renderer/assets/alias.js'));
    const leak = await raw('/assets/leak.js');
    expect(leak.status).toBe(404);
    expect(leak.body.toString()).not.toContain('outside the renderer folder');
    expect((await raw('/assets/alias.js')).body.toString()).toBe('console.log(1)');
  });

  it('survives files that vanish and reappear while they are requested (a rebuild)', async () => {
    const file = join(dir, 'renderer/assets/flicker.js');
    let flicking = true;
    const flicker = (async () => {
      while (flicking) {
        await writeFile(file, 'x'.repeat(64 * 1024));
        await rm(file, { force: true });
      }
    })();
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => raw('/assets/flicker.js')));
      for (const res of batch) {
        statuses.add(res.status);
        if (res.status === 200) expect(res.body.byteLength).toBe(Number(res.headers['content-length']));
      }
    }
    flicking = false;
    await flicker;
    expect([...statuses].every((s) => s === 200 || s === 404)).toBe(true);
    expect((await raw('/assets/app.js')).status).toBe(200);
  });

  it('sends X-Frame-Options: DENY on every response, not only the page', async () => {
    for (const path of ['/assets/app.js', '/nope', `/media/${'f'.repeat(32)}?token=${server.token}`, '/']) {
      expect((await raw(path)).headers['x-frame-options'], path).toBe('DENY');
    }
  });

  it('serves media by key only with the token', async () => {
    const result = await service.addPaths({ paths: [PHOTO] });
    const key = result.added[0].thumbnail as string;
    expect((await raw(`/media/${key}`)).status).toBe(401);
    const res = await raw(`/media/${key}?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw(`/media/${'f'.repeat(32)}?token=${server.token}`)).status).toBe(404);
    expect((await raw(`/media/..%2f..%2fetc?token=${server.token}`)).status).toBe(404);
    expect((await raw(`/media/%E0%A4%A?token=${server.token}`)).status).toBe(404);
  });
});

describe('web host uploads', () => {
  it('saves a dropped file into the private folder under a safe name', async () => {
    const bytes = await readFile(PHOTO);
    const res = await raw(`/upload?token=${server.token}&name=${encodeURIComponent('../../my photo?.jpg')}`, {
      method: 'POST',
      body: bytes,
      headers: { 'content-length': String(bytes.length) },
    });
    expect(res.status).toBe(200);
    const saved = JSON.parse(res.body.toString()) as { path: string; name: string; bytes: number };
    expect(saved.name).toBe('my photo_.jpg');
    expect(dirname(dirname(saved.path))).toBe(uploadDir);
    expect(saved.bytes).toBe(bytes.length);
    expect((await stat(saved.path)).size).toBe(bytes.length);
  });

  it('lists the same bytes uploaded twice once, saying so, and keeps another file of the same name', async () => {
    const upload = async (name: string, body: Buffer) => {
      const res = await raw(`/upload?token=${server.token}&name=${name}`, { method: 'POST', body });
      expect(res.status).toBe(200);
      return (JSON.parse(res.body.toString()) as { path: string }).path;
    };
    const photo = await writePhoto(join(dir, 'twice.jpg'), { width: 40 });
    const other = await writePhoto(join(dir, 'other.jpg'), { width: 44 });
    const first = await upload('twice.jpg', photo);
    const second = await upload('twice.jpg', photo);
    const sameName = await upload('twice.jpg', other);
    expect(new Set([first, second, sameName]).size).toBe(3);

    const result = await service.addPaths({ paths: [first, second, sameName] });
    expect(result.added.map((a) => a.path)).toEqual([first, sameName]);
    expect(result.duplicates).toEqual([
      {
        path: second,
        name: 'twice.jpg',
        kind: 'same-bytes',
        of: { imageId: result.added[0].id, name: 'twice.jpg', path: first },
      },
    ]);
    // Dropped again later: still the one listed.
    const later = await service.addPaths({ paths: [await upload('twice.jpg', photo)] });
    expect(later.added).toEqual([]);
    expect(later.duplicates).toMatchObject([{ kind: 'same-bytes', of: { path: first } }]);
    await service.removeImages({ ids: result.added.map((a) => a.id) });
  });

  it('refuses uploads without the token, from another origin, or over the limits', async () => {
    const body = Buffer.alloc(10);
    const noToken = await raw('/upload?name=a.jpg', { method: 'POST', body });
    expect(noToken.status).toBe(401);
    const foreign = await raw(`/upload?token=${server.token}&name=a.jpg`, {
      method: 'POST',
      body,
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const tooBig = await raw(`/upload?token=${server.token}&name=big.jpg`, {
      method: 'POST',
      body: Buffer.alloc(2_000_001),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.toString()).toMatch(/limit per file/);
    const noName = await raw(`/upload?token=${server.token}`, { method: 'POST', body });
    expect(noName.status).toBe(400);
  });

  it('reserves room before accepting, so concurrent uploads cannot pass the total', async () => {
    const store = new UploadStore(join(dir, 'reserve'), { maxFileBytes: 100, maxTotalBytes: 250 });
    await mkdir(join(dir, 'reserve'), { mode: 0o700 });
    const started = Array.from({ length: 4 }, (_, i) => {
      const body = fakeRequest(i % 2 === 0 ? 100 : undefined);
      body.write(Buffer.alloc(50));
      return {
        body,
        saved: store.save(body, `f${i}.jpg`).then(
          (r) => r.bytes,
          (e: Error) => e.message,
        ),
      };
    });
    await new Promise((r) => setTimeout(r, 20));
    for (const { body } of started) body.end(Buffer.alloc(50));
    const outcomes = await Promise.all(started.map((s) => s.saved));
    const accepted = outcomes.filter((o): o is number => typeof o === 'number');
    expect(accepted.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(250);
    expect(accepted.length).toBe(2);
    for (const o of outcomes) if (typeof o === 'string') expect(o).toMatch(/in total for this session/);
    // A refused upload gives its reservation back: the room left is 50 bytes.
    const small = fakeRequest(50);
    small.end(Buffer.alloc(50));
    expect((await store.save(small, 'last.jpg')).bytes).toBe(50);
  });

  it('sanitises file names', () => {
    expect(sanitizeFileName('..\\..\\evil.PNG')).toBe('evil.png');
    expect(sanitizeFileName('.hidden')).toBe('hidden');
    expect(sanitizeFileName('...')).toBe('file');
    expect(sanitizeFileName('a/b/c.jpg')).toBe('c.jpg');
    expect(sanitizeFileName('x\0y.jpg')).toBe('x_y.jpg');
    expect(sanitizeFileName('photo.jpg;rm -rf')).toBe('photo.jpgrmrf');
    expect(sanitizeFileName('a'.repeat(500)).length).toBeLessThanOrEqual(120);
  });
});

describe('web host WebSocket', () => {
  it('refuses an upgrade without the token, with a wrong token, or from another origin', async () => {
    expect(await connect('')).toBe(401);
    expect(await connect(`?token=${'a'.repeat(64)}`)).toBe(401);
    expect(await connect(`?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await connect(`?token=${server.token}`, { origin: `http://127.0.0.1:${server.port + 1}` })).toBe(
      403,
    );
  });

  it('answers a good request and survives malformed ones', async () => {
    const ws = await open();
    const notJson = nextMessage(ws);
    ws.send('{not json');
    expect(await notJson).toEqual({
      kind: 'error',
      error: { code: 'bad-request', message: 'Malformed message: not JSON' },
    });

    const binary = nextMessage(ws);
    ws.send(Buffer.from([1, 2, 3]));
    expect(await binary).toMatchObject({ kind: 'error', error: { code: 'bad-request' } });

    const noId = nextMessage(ws);
    ws.send(JSON.stringify({ kind: 'request', method: 'listImages' }));
    expect(await noId).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/"id"/) } });

    const extra = await rpc(ws, 1, 'listImages');
    expect(extra).toMatchObject({ kind: 'response', id: 1, response: { ok: true } });

    expect(await rpc(ws, 2, 'rm -rf /')).toMatchObject({
      response: { ok: false, error: { code: 'unknown-method' } },
    });
    expect(await rpc(ws, 3, 'addPaths', { paths: [42] })).toMatchObject({
      response: { ok: false, error: { code: 'bad-request', message: expect.stringMatching(/paths\.0/) } },
    });
    expect(
      await rpc(ws, 4, 'addPaths', { paths: ['/x'], __proto__: { polluted: true }, evil: 1 }),
    ).toMatchObject({
      response: { ok: false, error: { code: 'bad-request' } },
    });

    const catalog = await rpc(ws, 5, 'getCatalog');
    expect(catalog).toMatchObject({ response: { ok: true, value: { filters: expect.any(Array) } } });
    ws.close();
  });

  it('forwards service events to connected sockets', async () => {
    const ws = await open();
    const event = nextMessage(ws, (m) => m.kind === 'event');
    // A new photo: a copy of one listed would be a duplicate, and change nothing.
    const fresh = join(dir, 'fresh.jpg');
    await writePhoto(fresh, { width: 52 });
    const added = await rpc(ws, 1, 'addPaths', { paths: [fresh] });
    expect(added).toMatchObject({ response: { ok: true } });
    expect((added as { response: { value: AddPathsResult } }).response.value.added).toHaveLength(1);
    expect(await event).toMatchObject({ kind: 'event', event: { type: 'images-changed' } });
    ws.close();
  });
});
