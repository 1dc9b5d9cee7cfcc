/**
 * Fault injection, the web host under a flood of hostile requests. Promise checked: the built host
 * (node out/main/hosts/web.js) answers 2,000 requests, 100 at a time, mixing no token, wrong tokens,
 * path traversal (../, %2e%2e, %00, double encoding, backslashes, overlong UTF-8, very long paths),
 * bad media keys, uploads without a token and a wrong Host, each with a 4xx (200 only for the
 * legitimate ones, and no byte of a file outside the renderer folder ever); afterwards it is still
 * alive, still serves the page and the API with the token, and its memory did not explode (RSS from
 * /proc, a very generous bound: no timing).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Rng } from './corpus';
import { ROOT, SEED } from './helpers';

const REQUESTS = 2000;
const WAVE = 100;
/** Node's default limit on a request's headers (request line included) is 16 KB. */
const OVER_HEADER_LIMIT = 20_000;
/** Text that must never appear in an answer: /etc/passwd, package.json, the host's own code. */
const SECRETS = ['root:x:0:0', '"name": "pixelpool"', 'PixelPool web host:', 'startWebServer'];

let settings: string;
let host: ChildProcess;
let port: number;
let token: string;
let assetPath: string;

function rssKb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(s.match(/^VmRSS:\s+(\d+) kB/m)?.[1]));
}

beforeAll(async () => {
  settings = await mkdtemp(join(tmpdir(), 'pixelpool-faults-web-'));
  const script = join(ROOT, 'out/main/hosts/web.js');
  host = spawn(process.execPath, [script, '--port', '0', '--settings-dir', join(settings, 'settings')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host.stderr?.resume();
  const firstLine = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: host.stdout as NodeJS.ReadableStream }).once('line', resolveLine);
    host.once('exit', (code) => reject(new Error(`the web host exited (${code}) before printing its URL`)));
  });
  const url = new URL(firstLine.trim());
  port = Number(url.port);
  token = url.searchParams.get('token') ?? '';
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  const js = (await readdir(join(ROOT, 'out/renderer/assets'))).find((n) => n.endsWith('.js'));
  assetPath = `/assets/${js}`;
});

afterAll(async () => {
  if (host && host.exitCode === null) {
    const exited = new Promise((r) => host.once('exit', r));
    host.kill('SIGTERM');
    await exited;
  }
  if (settings) await rm(settings, { recursive: true, force: true });
});

interface Probe {
  what: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** 'ok': 200; a number: exactly that; '4xx': any client error; 'huge': 431 or the connection cut. */
  expect: 'ok' | '4xx' | 'huge' | number;
  /** For uploads that must succeed: the saved file's name. */
  savedAs?: string;
}

interface Answer {
  status: number | 'reset';
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: WAVE });

function send(probe: Probe): Promise<Answer> {
  return new Promise((resolveAnswer) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: probe.method ?? 'GET',
        path: probe.path,
        headers: { host: `127.0.0.1:${port}`, ...probe.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveAnswer({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }),
        );
        res.on('error', () => resolveAnswer({ status: 'reset', body: '' }));
      },
    );
    req.on('error', () => resolveAnswer({ status: 'reset', body: '' }));
    req.end(probe.body);
  });
}

/** Paths that try to leave the renderer folder or confuse the router; none may be served. */
const TRAVERSALS = [
  '/../../../../etc/passwd',
  '/assets/../../package.json',
  '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/%2E%2E%2F%2E%2E%2Fpackage.json',
  '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
  '/%252e%252e/%252e%252e/etc/passwd',
  '/assets/..%252f..%252fpackage.json',
  '/..%5c..%5cpackage.json',
  '/assets\\..\\..\\package.json',
  '/..\\..\\main\\hosts\\web.js',
  '/main/hosts/web.js',
  '/../main/hosts/web.js',
  '/favicon.svg%00.html',
  '/%00',
  '/assets/%00/../../package.json',
  '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
  '/.%2e/.%2e/package.json',
  '/.env',
  '/.git/config',
  '/assets/.hidden',
  '//etc/passwd',
  '/%2fetc%2fpasswd',
  '/media/../../package.json',
  '/media/..%2f..%2fpackage.json',
  '/upload/../../package.json',
  `/${'a/'.repeat(3000)}`,
  `/${'..%2f'.repeat(1500)}etc/passwd`,
];

/** The mix, drawn from the seeded rng: mostly hostile, some legitimate. */
function makeProbes(rng: Rng): Probe[] {
  const wrongToken = () => rng.bytes(32).toString('hex');
  const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${token}`;
  const origin = { origin: `http://127.0.0.1:${port}` };
  const upload = (query: string, headers: Record<string, string> = origin) => ({
    method: 'POST',
    path: `/upload${query}`,
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body: rng.bytes(1024),
  });
  const makers: (() => Probe)[] = [
    () => ({ what: 'page, no token', path: '/', expect: 401 }),
    () => ({ what: 'page, wrong token', path: `/?token=${wrongToken()}`, expect: 401 }),
    () => ({ what: 'page, empty token', path: '/?token=', expect: 401 }),
    () => ({ what: 'page, 300-char token', path: `/?token=${'f'.repeat(300)}`, expect: 401 }),
    () => ({
      what: 'page, wrong token header',
      path: '/index.html',
      headers: { 'x-pixelpool-token': wrongToken() },
      expect: 401,
    }),
    () => ({ what: 'page, the token', path: withToken('/'), expect: 'ok' }),
    () => ({ what: 'static asset', path: assetPath, expect: 'ok' }),
    () => ({ what: 'favicon', path: '/favicon.svg', expect: 'ok' }),
    () => ({ what: 'traversal', path: rng.pick(TRAVERSALS), expect: '4xx' }),
    () => ({ what: 'traversal with the token', path: withToken(rng.pick(TRAVERSALS)), expect: '4xx' }),
    () => ({ what: 'media, unknown key', path: withToken(`/media/${wrongToken()}`), expect: 404 }),
    () => ({
      what: 'media, malformed key',
      path: withToken(rng.pick(['/media/', '/media/%zz', '/media/%00', `/media/${'a'.repeat(2000)}`])),
      expect: 404,
    }),
    () => ({ what: 'media, no token', path: `/media/${wrongToken()}`, expect: 401 }),
    () => ({ what: 'upload, no token', ...upload('?name=photo.jpg'), expect: 401 }),
    () => ({ what: 'upload, wrong token', ...upload(`?token=${wrongToken()}&name=photo.jpg`), expect: 401 }),
    () => ({
      what: 'upload, foreign origin',
      ...upload(`?token=${token}&name=a.jpg`, { origin: 'http://evil.example' }),
      expect: 403,
    }),
    () => ({ what: 'upload, no name', ...upload(`?token=${token}`), expect: 400 }),
    () => ({ what: 'upload, GET', path: withToken('/upload?name=a.jpg'), expect: 405 }),
    () => ({
      what: 'upload, the token, a traversal name',
      ...upload(
        `?token=${token}&name=${encodeURIComponent(rng.pick(['../../etc/evil.jpg', '..\\..\\evil.jpg', '/etc/evil.jpg', '.evil.jpg']))}`,
      ),
      expect: 'ok',
      savedAs: 'evil.jpg',
    }),
    () => ({ what: 'wrong Host', path: withToken('/'), headers: { host: 'evil.example' }, expect: 421 }),
    () => ({ what: 'DELETE the page', method: 'DELETE', path: withToken('/'), expect: 405 }),
    () => ({
      what: 'WebSocket, no token',
      path: '/ws',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': rng.bytes(16).toString('base64'),
      },
      expect: 401,
    }),
    () => ({
      what: 'request line over the header limit',
      path: `/${'x'.repeat(OVER_HEADER_LIMIT)}`,
      expect: 'huge',
    }),
  ];
  return Array.from({ length: REQUESTS }, () => rng.pick(makers)());
}

function accepted(probe: Probe, answer: Answer): boolean {
  const { status } = answer;
  if (probe.expect === 'huge') return status === 431 || status === 'reset';
  if (status === 'reset') return false;
  if (probe.expect === 'ok') return status === 200;
  if (probe.expect === '4xx') return status >= 400 && status < 500;
  return status === probe.expect;
}

describe(`the web host under ${REQUESTS} hostile requests (${WAVE} at a time, seed ${SEED})`, () => {
  it('answers each with a 4xx (200 for the legitimate ones), leaks nothing, and lives on', async () => {
    const pid = host.pid as number;
    const rssBefore = await rssKb(pid);
    const probes = makeProbes(new Rng(SEED ^ 0x3eb));
    const wrong: string[] = [];
    const statuses: Record<string, number> = {};
    for (let start = 0; start < probes.length; start += WAVE) {
      const wave = probes.slice(start, start + WAVE);
      const answers = await Promise.all(wave.map(send));
      wave.forEach((probe, i) => {
        const answer = answers[i];
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const shown = `${probe.what}: ${probe.method ?? 'GET'} ${probe.path.slice(0, 120)}`;
        if (!accepted(probe, answer)) wrong.push(`${shown} -> ${answer.status} (expected ${probe.expect})`);
        const leaked = SECRETS.find((s) => answer.body.includes(s));
        if (leaked) wrong.push(`${shown} -> ${answer.status} with "${leaked}" in the body`);
        if (probe.savedAs && answer.status === 200) {
          const saved = JSON.parse(answer.body) as { path: string; name: string };
          const inUploads = basename(dirname(dirname(saved.path))).startsWith('pixelpool-uploads-');
          if (basename(saved.path) !== probe.savedAs || !inUploads)
            wrong.push(`${shown} saved as ${saved.path}`);
        }
      });
      expect(host.exitCode, `the host died during wave ${start / WAVE + 1}`).toBeNull();
    }
    const rssAfter = await rssKb(pid);
    console.log(
      `[faults] web flood: ${REQUESTS} requests, statuses ${JSON.stringify(statuses)}, ` +
        `RSS ${Math.round(rssBefore / 1024)} -> ${Math.round(rssAfter / 1024)} MB`,
    );
    expect(wrong).toEqual([]);

    expect(existsSync(`/proc/${pid}`)).toBe(true);
    expect(host.exitCode).toBeNull();
    expect(rssAfter - rssBefore, 'RSS growth in kB').toBeLessThan(1024 * 1024);
    const page = await send({ what: 'page', path: `/?token=${token}`, expect: 'ok' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
  }, 300_000);

  it('still answers the API over its WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    await new Promise((resolveOpen, reject) => {
      ws.once('open', resolveOpen);
      ws.once('error', reject);
    });
    const reply = new Promise<{ kind: string; id: number; response: { ok: boolean } }>((resolveReply) =>
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.kind === 'response' && message.id === 1) resolveReply(message);
      }),
    );
    ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'getCatalog' }));
    expect((await reply).response.ok).toBe(true);
    ws.close();
  });
});
