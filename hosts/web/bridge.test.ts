/// <reference lib="dom" />
/**
 * The renderer's WebSocket bridge against the real web host: typed calls, error codes, events, and
 * reconnection after the host drops the socket. Node 20 has no global WebSocket, so ws's client
 * (which implements the same addEventListener interface) stands in for the browser's.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PixelPoolService } from '../../engine/service/service';
import { typedApi } from '../../renderer/src/bridge/typed-api';
import { WebSocketChannel } from '../../renderer/src/bridge/ws-channel';
import type { ApiCallError, PixelPoolEvent } from '../../shared/contract';
import { startWebServer, type WebServer } from './server';
import { UploadStore } from './uploads';

const PHOTO = join(__dirname, '../../assets/photos/fallen-leaf.jpg');

let dir: string;
let service: PixelPoolService;
let server: WebServer;

async function start(port = 0, token?: string): Promise<WebServer> {
  return startWebServer({
    service,
    rendererDir: join(dir, 'renderer'),
    uploads: new UploadStore(join(dir, 'uploads')),
    port,
    token,
  });
}

const globals = globalThis as { WebSocket?: unknown };
const nativeWebSocket = globals.WebSocket;

beforeAll(async () => {
  globals.WebSocket = class extends WebSocket {
    constructor(url: string) {
      // A browser sends its page's origin; so does this stand-in.
      super(url, { headers: { origin: new URL(url).origin.replace('ws:', 'http:') } });
    }
  };
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-bridge-'));
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await mkdir(join(dir, 'uploads'));
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html>');
  service = new PixelPoolService({ host: 'web', settingsDir: null, poolSize: 1 });
  server = await start();
});

afterAll(async () => {
  globals.WebSocket = nativeWebSocket;
  await server?.close();
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function socketUrl(s: WebServer): string {
  return `ws://127.0.0.1:${s.port}/ws?token=${s.token}`;
}

describe('WebSocket bridge', () => {
  it('makes typed calls, rejects with the error code, and delivers events', async () => {
    const channel = new WebSocketChannel(socketUrl(server));
    const api = typedApi(channel);
    const events: PixelPoolEvent[] = [];
    const off = api.onEvent((e) => events.push(e));

    const catalog = await api.getCatalog();
    expect(catalog.filters.length).toBeGreaterThan(0);

    const failure = (await api.getJob({ jobId: 'missing' }).catch((e: unknown) => e)) as ApiCallError;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.code).toBe('not-found');
    expect(failure.method).toBe('getJob');

    const added = await api.addPaths({ paths: [PHOTO] });
    expect(added.added).toHaveLength(1);
    await expect.poll(() => events.some((e) => e.type === 'images-changed')).toBe(true);
    off();
    channel.close();
  });

  it('reconnects after the host drops the socket, and sends calls made meanwhile', async () => {
    const channel = new WebSocketChannel(socketUrl(server));
    const states: string[] = [];
    channel.onConnection((s) => states.push(s));
    const api = typedApi(channel);
    await api.listImages();

    const { port, token } = server;
    await server.close();
    await expect.poll(() => states.at(-1)).toBe('closed');
    // Called while the host is away: it waits for the socket instead of failing.
    const pending = api.listImages();
    server = await start(port, token);
    const images = await pending;
    expect(Array.isArray(images)).toBe(true);
    expect(states.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
    channel.close();
  });
});
