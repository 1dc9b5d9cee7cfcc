/**
 * The pool a batch or a benchmark runs on, threads or processes, as the app asks for it: the same bytes
 * either way, the summary and the report say which ran, the transports processes cannot run refused
 * with the engine's reason, and no process left behind once the service is disposed.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddPathsResult, BenchmarkReportView, JobSnapshot, PixelPoolEvent } from '../../shared/contract';
import { ProcessSlot, type SlotSpawner } from '../pool/index';
import { dispatch } from './dispatch';
import { PixelPoolService } from './service';

const PHOTOS = join(__dirname, '../../assets/photos');

let dir: string;
let service: PixelPoolService;
/** Every worker process the service started, through the spawner it was given. */
const pids: number[] = [];
const spawner: SlotSpawner = async (index, workerData, onDeath) => {
  const slot = await ProcessSlot.spawn(index, workerData, onDeath);
  pids.push(slot.threadId);
  return slot;
};
let imageIds: string[] = [];

async function call<T>(method: string, payload?: unknown): Promise<T> {
  const response = await dispatch(service, method, payload);
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

function jobEnd(jobId: string): Promise<PixelPoolEvent & { type: 'job-state' }> {
  return new Promise((resolve) => {
    const off = service.onEvent((event) => {
      if (event.type === 'job-state' && event.job.jobId === jobId && event.job.state !== 'running') {
        off();
        resolve(event);
      }
    });
  });
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-service-pools-'));
  const src = join(dir, 'src');
  await mkdir(src);
  // A 1x1 with alpha, an odd-sized image with alpha, and a small photo.
  await sharp({
    create: { width: 1, height: 1, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.25 } },
  })
    .png()
    .toFile(join(src, 'dot.png'));
  const odd = Buffer.alloc(13 * 7 * 4);
  for (let i = 0; i < odd.length; i++) odd[i] = (i * 37 + (i >> 2) * 11) & 255;
  await sharp(odd, { raw: { width: 13, height: 7, channels: 4 } })
    .png()
    .toFile(join(src, 'odd.png'));
  await sharp(join(PHOTOS, 'fallen-leaf.jpg')).resize({ width: 97 }).toFile(join(src, 'leaf.jpg'));
  service = new PixelPoolService({ host: 'web', settingsDir: null, poolSize: 2, processSpawner: spawner });
  const { added } = await call<AddPathsResult>('addPaths', { paths: [src] });
  imageIds = added.map((a) => a.id);
});

afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const steps = [{ id: 'gaussian-blur', params: { sigma: 1.5 } }, { id: 'sobel' }];

async function batch(
  name: string,
  choice: object,
): Promise<{ job: JobSnapshot & { kind: 'batch' }; files: Map<string, Buffer> }> {
  const outDir = join(dir, name);
  const { jobId } = await call<{ jobId: string }>('startBatch', {
    imageIds,
    steps,
    outDir,
    format: 'png',
    quality: 80,
    namePattern: '{name}.{ext}',
    onConflict: 'overwrite',
    workers: 2,
    ...choice,
  });
  expect((await jobEnd(jobId)).job.state).toBe('done');
  const job = await call<JobSnapshot & { kind: 'batch' }>('getJob', { jobId });
  const files = new Map<string, Buffer>();
  for (const file of (await readdir(outDir)).sort()) files.set(file, await readFile(join(outDir, file)));
  return { job, files };
}

describe('batch and benchmark on a pool of processes', () => {
  it('a batch on processes writes the same bytes as on threads, and its summary says which ran', async () => {
    const threads = await batch('threads', {});
    const processes = await batch('processes', { pool: 'processes' });
    const oneProcess = await batch('one-process', { pool: 'processes', workers: 1 });
    const serial = await batch('serial', { pool: 'processes', workers: 0 });
    expect([...threads.files.keys()]).toEqual(['dot.png', 'leaf.png', 'odd.png']);
    for (const other of [processes, oneProcess, serial]) {
      expect([...other.files.keys()]).toEqual([...threads.files.keys()]);
      for (const [name, bytes] of threads.files)
        expect(other.files.get(name)?.equals(bytes), name).toBe(true);
    }
    expect(threads.job.summary).toMatchObject({ done: 3, pool: 'threads' });
    expect(processes.job.summary).toMatchObject({ done: 3, pool: 'processes' });
    expect(processes.job.request.pool).toBe('processes');
    expect(oneProcess.job.summary?.pool).toBe('processes');
    expect(serial.job.summary?.pool).toBeNull();
    // The service's pool of processes (2 workers) and the one-worker batch's own: all started by the
    // host's spawner; the batch's own is gone once the batch is.
    expect(pids.length).toBe(3);
    const sorted = (list: readonly number[] = []) => [...list].sort((x, y) => x - y);
    expect(sorted(pids.filter(running))).toEqual(sorted((await service.poolWorkerIds()).processes));
  });

  it('a benchmark on processes runs copy, reports the pool, and refuses shared memory with the reason', async () => {
    const { jobId } = await call<{ jobId: string }>('startBenchmark', {
      imageIds: imageIds.slice(0, 2),
      steps: [{ id: 'invert' }],
      workers: [2],
      transports: ['copy'],
      repeat: 1,
      scope: 'filter',
      pool: 'processes',
    });
    expect((await jobEnd(jobId)).job.state).toBe('done');
    const { report } = await call<{ report: BenchmarkReportView }>('getJob', { jobId });
    expect(report.pool).toBe('processes');
    expect(report.runs.filter((r) => r.mode === 'pool').map((r) => r.transport)).toEqual(['copy']);
    const csv = await call<{ text: string }>('exportBenchmark', { jobId, format: 'csv' });
    expect(csv.text.split('\n')[2]).toMatch(/,processes$/);

    const refused = await dispatch(service, 'startBenchmark', {
      imageIds: imageIds.slice(0, 1),
      steps: [{ id: 'invert' }],
      workers: [2],
      transports: ['copy', 'shared'],
      repeat: 1,
      pool: 'processes',
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'bad-request',
        message:
          'transport must be "copy" for a pool of processes, got "shared"; processes share no memory with this one: pixels travel as messages',
      },
    });
  });

  it('refuses a pool kind the engine does not have, in requests and settings', async () => {
    const base = {
      imageIds,
      steps,
      outDir: join(dir, 'x'),
      format: 'png',
      quality: 80,
      namePattern: '{name}.{ext}',
      onConflict: 'suffix',
      workers: 1,
    };
    for (const [method, payload, field] of [
      ['startBatch', { ...base, pool: 'fibers' }, 'pool'],
      ['startBatch', { ...base, pool: 3 }, 'pool'],
      [
        'startBenchmark',
        { imageIds, steps, workers: [1], transports: ['copy'], repeat: 1, pool: 'gpu' },
        'pool',
      ],
      [
        'saveSettings',
        { batch: { ...base, imageIds: undefined, steps: undefined, pool: 'Processes' } },
        'batch',
      ],
    ] as const) {
      const response = await dispatch(service, method, payload);
      expect(response, `${method} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'bad-request', message: expect.stringContaining(field) },
      });
      if (method !== 'saveSettings') {
        expect(!response.ok && response.error.message).toMatch(/"threads"\|"processes"/);
      }
    }
  });

  it.each([
    ['processes', { experiment: 'processes', steps: [{ id: 'invert' }], workers: 1, runs: 1 }],
    ['pipe', { experiment: 'pipe', workers: 1, runs: 1 }],
  ] as const)(
    'the lab %s experiment starts its child processes with the host spawner',
    async (_name, request) => {
      // The desktop app gives a utilityProcess spawner and forks no node: the lab must use it too.
      const before = pids.length;
      const { jobId } = await call<{ jobId: string }>('startLab', {
        ...request,
        imageIds: imageIds.slice(0, 1),
      });
      expect((await jobEnd(jobId)).job.state).toBe('done');
      expect(pids.length).toBeGreaterThan(before);
      const snapshot = await call<JobSnapshot>('getJob', { jobId });
      expect(snapshot).toMatchObject({ kind: 'lab', state: 'done' });
    },
  );

  it('disposing the service ends every worker process', async () => {
    expect(pids.some(running)).toBe(true);
    await service.dispose();
    expect(pids.filter(running)).toEqual([]);
  });
});
