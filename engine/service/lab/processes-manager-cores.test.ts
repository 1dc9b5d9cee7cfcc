/**
 * The processes, manager and cores experiments as service jobs: their results' shape, progress, cancel,
 * the schema's refusals, and the desktop app's refusal to fork.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, PixelPoolEvent } from '../../../shared/contract';
import type { LabCoresResult, LabManagerResult, LabProcessesResult } from '../../../shared/lab';
import { dispatch } from '../dispatch';
import type { PixelPoolService } from '../service';
import { closeLabTestService, labTestJobs, labTestService } from './test-jobs';

let dir: string;
let service: PixelPoolService;
const events: PixelPoolEvent[] = [];
const { call, run, progressOf, cancelled } = labTestJobs(() => service, events);

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
  service = labTestService(dir, events);
});

afterAll(() => closeLabTestService(service, dir));

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
