/**
 * The app's batch on worker hosts (StartBatchRequest.redisUrl): the service submits through the queue
 * (runQueuedBatch) to one `pixelpool worker` process (the CLI bundle built by Vitest's globalSetup)
 * against a real redis-server with a password, and must write what a local batch writes, byte for
 * byte, without the password in any event, snapshot, settings file or error. Skipped, saying why, where
 * redis-server is not installed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddPathsResult, JobSnapshot, PixelPoolEvent, Settings } from '../../shared/contract';
import { IMAGE_QUEUE } from '../distributed/job';
import { redisMissing, startRedis, type TestRedis } from '../distributed/test-redis';
import { dispatch } from './dispatch';
import { PixelPoolService } from './service';
import { SETTINGS_FILE } from './settings-store';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/main/hosts/cli.js');
const PHOTOS = join(ROOT, 'assets/photos');
const PASSWORD = 'pp-Svc-S3cret-pa55';
const missing = redisMissing();
if (missing !== undefined) process.stderr.write(`engine/service/queued-batch.test.ts: ${missing}\n`);

let dir: string;
let service: PixelPoolService;
let redis: TestRedis;
let worker: ChildProcess | undefined;
let workerLog = '';
const events: PixelPoolEvent[] = [];

async function call<T>(method: string, payload?: unknown): Promise<T> {
  const response = await dispatch(service, method, payload);
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

async function jobEnd(jobId: string): Promise<JobSnapshot> {
  for (;;) {
    const job = await call<JobSnapshot>('getJob', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startWorker(): Promise<void> {
  worker = spawn(
    process.execPath,
    [CLI, 'worker', '--redis', redis.url, '--name', 'w1', '--workers', '1', '--roots', dir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (d: Buffer) => {
      workerLog += d;
      if (workerLog.includes('taking jobs from')) resolveReady();
    };
    worker?.stdout?.on('data', onData);
    worker?.stderr?.on('data', onData);
    worker?.once('exit', () => reject(new Error(`the worker exited before it was ready:\n${workerLog}`)));
  });
  await ready;
}

async function filesOf(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(folder)) files.set(name, await readFile(join(folder, name)));
  return files;
}

/** A loopback port nothing listens on: a Redis that is not there. */
function closedPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

describe.skipIf(missing !== undefined)('a batch on worker hosts, started by the service', () => {
  let imageIds: string[];
  const batchSettings = {
    outDir: '',
    format: 'jpeg',
    quality: 85,
    namePattern: '{name}-edited.{ext}',
    onConflict: 'suffix',
    workers: 1,
  };
  const request = (outDir: string) => ({
    ...batchSettings,
    imageIds,
    steps: [{ id: 'gaussian-blur', params: { sigma: 2 } }, { id: 'sepia' }],
    outDir,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixelpool-queued-service-'));
    const src = join(dir, 'in');
    await mkdir(src);
    for (const name of ['fallen-leaf.jpg', 'colorful-cups.jpg', 'forest-path.jpg'])
      await sharp(join(PHOTOS, name)).resize({ width: 320 }).toFile(join(src, name));
    redis = await startRedis({ password: PASSWORD });
    await startWorker();
    service = new PixelPoolService({ host: 'web', settingsDir: join(dir, 'settings'), poolSize: 1 });
    service.onEvent((event) => events.push(event));
    const { added } = await call<AddPathsResult>('addPaths', { paths: [src] });
    imageIds = added.map((a) => a.id);
  }, 60_000);

  afterAll(async () => {
    await service?.dispose();
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker?.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes what a local batch writes, byte for byte, and names the worker host', async () => {
    const queued = await call<{ jobId: string }>('startBatch', {
      ...request(join(dir, 'out-queue')),
      redisUrl: redis.url,
    });
    const end = await jobEnd(queued.jobId);
    expect(end.state, end.error ?? '').toBe('done');
    expect(end.kind === 'batch' && end.summary?.hosts).toEqual([
      { name: 'w1', images: 3, megapixels: expect.any(Number) },
    ]);
    expect(end.kind === 'batch' && end.summary?.pool).toBeNull();
    // The snapshot's request names the Redis without its password.
    expect(end.kind === 'batch' && end.request.redisUrl).toBe(`redis://127.0.0.1:${redis.port}`);
    const hostsTold = events.filter((e) => e.type === 'batch-progress' && e.jobId === queued.jobId);
    expect(hostsTold.some((e) => e.type === 'batch-progress' && e.stats.workerHosts === 1)).toBe(true);

    const local = await call<{ jobId: string }>('startBatch', request(join(dir, 'out-local')));
    expect((await jobEnd(local.jobId)).state).toBe('done');
    const [a, b] = await Promise.all([filesOf(join(dir, 'out-queue')), filesOf(join(dir, 'out-local'))]);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBe(3);
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name) as Buffer), name).toBe(true);
  }, 60_000);

  it('keeps the password for the session only: a URL without it runs, the settings never hold it', async () => {
    const saved = await call<Settings>('saveSettings', {
      batch: { ...batchSettings, runOn: 'queue', redisUrl: redis.url },
    });
    expect(saved.batch.redisUrl).toBe(`redis://127.0.0.1:${redis.port}`);
    // A half-typed URL may hold the start of a password: it is not kept.
    const half = await call<Settings>('saveSettings', {
      batch: { ...batchSettings, runOn: 'queue', redisUrl: `redis://:${PASSWORD}` },
    });
    expect(half.batch.redisUrl).toBe('');
    const settingsFile = await readFile(join(dir, 'settings', SETTINGS_FILE), 'utf8');
    expect(settingsFile).not.toContain(PASSWORD);

    const again = await call<{ jobId: string }>('startBatch', {
      ...request(join(dir, 'out-again')),
      redisUrl: `redis://127.0.0.1:${redis.port}`,
    });
    const end = await jobEnd(again.jobId);
    expect(end.state, end.error ?? '').toBe('done');
    expect(await readdir(join(dir, 'out-again'))).toHaveLength(3);
  }, 60_000);

  it('refuses a URL that is not redis:// or rediss://, or too long, in the schema, without echoing it', async () => {
    for (const redisUrl of [
      `http://:${PASSWORD}@127.0.0.1:6379`,
      `redis://:${PASSWORD}@127.0.0.1/x`,
      `redis://:${PASSWORD}@h/${'0'.repeat(1000)}`,
    ]) {
      const response = await dispatch(service, 'startBatch', { ...request(join(dir, 'bad')), redisUrl });
      expect(response.ok).toBe(false);
      if (response.ok) continue;
      expect(response.error.code).toBe('bad-request');
      expect(response.error.message).toMatch(/^Invalid startBatch request: redisUrl: /);
      expect(response.error.message).not.toContain(PASSWORD);
    }
  });

  it('fails fast, naming host:port without the password, when Redis cannot be reached', async () => {
    const port = await closedPort();
    const started = performance.now();
    const { jobId } = await call<{ jobId: string }>('startBatch', {
      ...request(join(dir, 'out-unreachable')),
      redisUrl: `redis://:${PASSWORD}@127.0.0.1:${port}`,
    });
    const end = await jobEnd(jobId);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(end.state).toBe('failed');
    expect(end.error).toContain(`Cannot reach Redis at redis://:***@127.0.0.1:${port}`);
    expect(end.error).not.toContain(PASSWORD);
  }, 20_000);

  it('says it waits for a worker host when none listens, and Cancel takes its jobs out of the queue', async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker?.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    const { jobId } = await call<{ jobId: string }>('startBatch', {
      ...request(join(dir, 'out-nobody')),
      redisUrl: redis.url,
    });
    await expect
      .poll(() =>
        events.some((e) => e.type === 'batch-progress' && e.jobId === jobId && e.stats.workerHosts === 0),
      )
      .toBe(true);
    expect(await call<{ cancelled: boolean }>('cancelJob', { jobId })).toEqual({ cancelled: true });
    const end = await jobEnd(jobId);
    expect(end.state).toBe('cancelled');
    expect(end.kind === 'batch' && end.files.map((f) => f.state)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    const { Queue } = await import('bullmq');
    const queue = new Queue(IMAGE_QUEUE, {
      connection: { host: '127.0.0.1', port: redis.port, password: PASSWORD },
    });
    try {
      expect(await queue.getWaitingCount()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 30_000);

  it('runs the Lab’s machines experiment on the hosts, the password kept out of its request', async () => {
    // The test before stopped the host.
    if (worker === undefined || worker.exitCode !== null || worker.signalCode !== null) await startWorker();
    const bad = await dispatch(service, 'startLab', {
      experiment: 'machines',
      imageIds,
      steps: [{ id: 'invert' }],
      redisUrl: redis.url,
      outDir: 'relative',
      runs: 1,
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.message).toContain('must be an absolute path');
    const tooMany = await dispatch(service, 'startLab', {
      experiment: 'machines',
      imageIds,
      steps: [{ id: 'invert' }],
      redisUrl: redis.url,
      outDir: dir,
      hostCounts: [1, 1],
      runs: 1,
    });
    expect(!tooMany.ok && tooMany.error.message).toContain('must not repeat a count');

    const { jobId } = await call<{ jobId: string }>('startLab', {
      experiment: 'machines',
      imageIds,
      steps: [{ id: 'invert' }],
      redisUrl: redis.url,
      outDir: join(dir, 'machines'),
      runs: 1,
    });
    const end = await jobEnd(jobId);
    expect(end.state, end.error ?? '').toBe('done');
    if (end.kind !== 'lab' || end.result?.experiment !== 'machines') throw new Error('not a machines result');
    expect(end.request).toMatchObject({
      experiment: 'machines',
      redisUrl: `redis://127.0.0.1:${redis.port}`,
    });
    expect(end.result.hosts.map((h) => h.name)).toEqual(['w1']);
    expect(end.result.images.map((i) => i.name).sort()).toEqual([
      'colorful-cups.jpg',
      'fallen-leaf.jpg',
      'forest-path.jpg',
    ]);
    expect(end.result.points.map((p) => p.hosts)).toEqual([1]);
    expect(end.result.timelines[0]?.images).toHaveLength(3);
    expect(await readdir(join(dir, 'machines'))).toEqual([]);
  }, 60_000);

  it('lets the password out in no event, snapshot or error', async () => {
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify(await call('listJobs'))).not.toContain(PASSWORD);
    for (const job of await call<{ jobId: string }[]>('listJobs'))
      expect(JSON.stringify(await call('getJob', { jobId: job.jobId }))).not.toContain(PASSWORD);
    expect(JSON.stringify(await call('getSettings'))).not.toContain(PASSWORD);
    expect(await readFile(join(dir, 'settings', SETTINGS_FILE), 'utf8')).not.toContain(PASSWORD);
  });
});
