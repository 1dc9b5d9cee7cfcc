/**
 * The processes, manager and cores experiments as service jobs: their results' shape, progress, cancel,
 * the schema's refusals, and the desktop app's refusal to fork.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, JobSnapshot, LabResult, PixelPoolEvent } from '../../../shared/contract';
import type { LabCoresResult, LabManagerResult, LabProcessesResult } from '../../../shared/lab';
import { dispatch } from '../dispatch';
import { PixelPoolService } from '../service';

let dir: string;
let service: PixelPoolService;
const events: PixelPoolEvent[] = [];

async function call<T>(method: string, payload?: unknown): Promise<T> {
  const response = await dispatch(service, method, payload);
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

/** The job's state once it has ended, and its 'lab-done' result if it had one (it may have ended already). */
function ended(jobId: string): Promise<{ state: string; result?: LabResult; error?: string }> {
  const settle = () => {
    let result: LabResult | undefined;
    let error: string | undefined;
    for (const event of events) {
      if (event.type === 'lab-done' && event.jobId === jobId) result = event.result;
      else if (event.type === 'job-error' && event.jobId === jobId) error = event.message;
      else if (event.type === 'job-state' && event.job.jobId === jobId && event.job.state !== 'running') {
        return { state: event.job.state, result, error: error ?? event.job.error ?? undefined };
      }
    }
    return null;
  };
  return new Promise((resolve) => {
    const now = settle();
    if (now) return resolve(now);
    const off = service.onEvent(() => {
      const end = settle();
      if (end) {
        off();
        resolve(end);
      }
    });
  });
}

async function run<R extends LabResult>(payload: object): Promise<{ jobId: string; result: R }> {
  const { jobId } = await call<{ jobId: string }>('startLab', payload);
  const end = await ended(jobId);
  if (end.state !== 'done' || !end.result) throw new Error(`${end.state}: ${end.error}`);
  return { jobId, result: end.result as R };
}

function progressOf(jobId: string) {
  return events.flatMap((e) => (e.type === 'lab-progress' && e.jobId === jobId ? [e.progress] : []));
}

/** Starts a job and cancels it at its first progress event past `after` steps; resolves its final state. */
async function cancelled(payload: object, after = 1): Promise<string> {
  const { jobId } = await call<{ jobId: string }>('startLab', payload);
  const end = ended(jobId);
  await new Promise<void>((resolve) => {
    const off = service.onEvent((event) => {
      if (event.type === 'lab-progress' && event.jobId === jobId && event.progress.done >= after) {
        off();
        resolve();
      }
    });
  });
  await call('cancelJob', { jobId });
  const { state } = await end;
  // Stopped by the signal, not abandoned after the grace period (which would leave an error).
  expect(await call<JobSnapshot>('getJob', { jobId })).toMatchObject({
    kind: 'lab',
    result: null,
    error: null,
  });
  return state;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-lab-procs-'));
  await mkdir(join(dir, 'samples'));
  await sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 200, g: 40, b: 10 } } })
    .png()
    .toFile(join(dir, 'small.png'));
  for (const [name, width] of [
    ['a.png', 40],
    ['b.png', 24],
  ] as const) {
    await sharp({ create: { width, height: 16, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .png()
      .toFile(join(dir, 'samples', name));
  }
  service = new PixelPoolService({
    host: 'web',
    settingsDir: null,
    poolSize: 2,
    sampleDir: join(dir, 'samples'),
  });
  service.onEvent((event) => events.push(event));
});

afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('startLab: processes', () => {
  it('runs threads and processes on the sample photos, every count from 1, with progress', async () => {
    const { jobId, result } = await run<LabProcessesResult>({
      experiment: 'processes',
      steps: [{ id: 'invert' }],
      workers: 2,
      runs: 1,
    });
    expect(result).toMatchObject({
      experiment: 'processes',
      images: [
        { name: 'a.png', sample: true },
        { name: 'b.png', sample: true },
      ],
      filters: 'invert',
      workers: 2,
      runs: 1,
    });
    expect(result.megapixels).toBeCloseTo(((40 + 24) * 16) / 1e6, 12);
    for (const kind of ['threads', 'processes'] as const) {
      expect(result[kind].kind).toBe(kind);
      expect(result[kind].points.map((p) => p.workers)).toEqual([1, 2]);
      expect(result[kind].startRunsMs).toHaveLength(1);
    }
    expect(result.machine.cores).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(result.machine.warnings)).toBe(true);
    // Two decodes, then every step of the engine, ending on the total.
    const progress = progressOf(jobId);
    expect(progress[0]).toMatchObject({ done: 0, label: 'Decoding a.png' });
    const last = progress.at(-1);
    expect(last && last.done === last.total).toBe(true);
  });

  it('runs on the library photos named, and refuses a bad pipeline', async () => {
    const { added } = await call<{ added: { id: string }[] }>('addPaths', {
      paths: [join(dir, 'small.png')],
    });
    const { result } = await run<LabProcessesResult>({
      experiment: 'processes',
      imageIds: [added[0].id],
      steps: [{ id: 'invert' }],
      workers: 1,
      runs: 1,
    });
    expect(result.images).toEqual([{ name: 'small.png', sample: false }]);
    // Refused before a job starts, as a benchmark's pipeline is (service.startLab).
    const refused = await dispatch(service, 'startLab', {
      experiment: 'processes',
      steps: [{ id: 'no-such-filter' }],
      workers: 1,
      runs: 1,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
    expect(refused.ok || refused.error.message).toMatch(/no-such-filter/);
  });

  it('cancels: the job ends cancelled, with no result', async () => {
    expect(
      await cancelled({ experiment: 'processes', steps: [{ id: 'invert' }], workers: 2, runs: 100 }, 3),
    ).toBe('cancelled');
  });
});

describe('startLab: manager', () => {
  it('counts every update by message and in shared memory, with a step per mode', async () => {
    const { jobId, result } = await run<LabManagerResult>({
      experiment: 'manager',
      workers: 2,
      updates: 500,
    });
    expect(result).toMatchObject({
      experiment: 'manager',
      images: [],
      workers: 2,
      updatesPerWorker: 500,
      updates: 1000,
    });
    expect(result.results.map((r) => [r.mode, r.counted])).toEqual([
      ['message', 1000],
      ['shared', 1000],
    ]);
    expect(progressOf(jobId).map((p) => [p.done, p.total])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });

  it('cancels a mode in flight', async () => {
    expect(await cancelled({ experiment: 'manager', workers: 1, updates: 1_000_000 }, 0)).toBe('cancelled');
  });
});

describe('startLab: cores', () => {
  it('times every pool size from 1 to the largest on the sample photos', async () => {
    const { jobId, result } = await run<LabCoresResult>({
      experiment: 'cores',
      steps: [{ id: 'invert' }],
      maxWorkers: 3,
      runs: 2,
    });
    expect(result).toMatchObject({ experiment: 'cores', filters: 'invert', runs: 2 });
    expect(result.images.map((i) => i.name)).toEqual(['a.png', 'b.png']);
    expect(result.points.map((p) => [p.workers, p.runsMs.length])).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    expect([1, 2, 3]).toContain(result.stopsHelpingAt);
    // Two decodes, then 3 warm-ups and 3 x 2 runs.
    const progress = progressOf(jobId);
    expect(progress.at(-1)).toMatchObject({ done: 11, total: 11, label: 'Done' });
  });

  it('cancels between runs', async () => {
    expect(
      await cancelled({ experiment: 'cores', steps: [{ id: 'invert' }], maxWorkers: 2, runs: 100 }, 4),
    ).toBe('cancelled');
  });
});

describe('startLab: the schema', () => {
  it('refuses requests outside the bounds of each experiment, saying which field', async () => {
    const steps = [{ id: 'invert' }];
    const cases: [unknown, RegExp][] = [
      [{ experiment: 'processes', steps, workers: 0, runs: 1 }, /workers/],
      [{ experiment: 'processes', steps, workers: 17, runs: 1 }, /workers: Too big/],
      [{ experiment: 'processes', steps, workers: 2, runs: 101 }, /runs/],
      [{ experiment: 'processes', workers: 2, runs: 1 }, /steps/],
      [{ experiment: 'processes', steps: Array(65).fill({ id: 'invert' }), workers: 2, runs: 1 }, /steps/],
      [{ experiment: 'processes', steps, workers: 2, runs: 1, pool: 'threads' }, /pool/],
      [{ experiment: 'manager', workers: 65, updates: 10 }, /workers/],
      [{ experiment: 'manager', workers: 2, updates: 0 }, /updates/],
      [{ experiment: 'manager', workers: 2, updates: 1_000_001 }, /updates: Too big/],
      [{ experiment: 'manager', workers: 2, updates: 10, steps }, /steps/],
      [{ experiment: 'cores', steps, maxWorkers: 17, runs: 1 }, /maxWorkers: Too big/],
      [{ experiment: 'cores', steps, maxWorkers: 0, runs: 1 }, /maxWorkers/],
      [{ experiment: 'cores', steps, maxWorkers: 2, runs: 0 }, /runs/],
      [{ experiment: 'cores', steps, workers: 2, runs: 1 }, /maxWorkers|workers/],
    ];
    for (const [payload, field] of cases) {
      const response: ApiResponse = await dispatch(service, 'startLab', payload);
      expect(response.ok, JSON.stringify(payload)).toBe(false);
      if (!response.ok) {
        expect(response.error.code).toBe('bad-request');
        expect(response.error.message, JSON.stringify(payload)).toMatch(field);
      }
    }
  });
});
