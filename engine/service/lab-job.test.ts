import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, JobSnapshot, LabRaceResult, PixelPoolEvent } from '../../shared/contract';
import { RACE_VARIANT_NAMES } from '../../shared/lab';
import { dispatch } from './dispatch';
import { closeLabTestService, labTestJobs, labTestService } from './lab/test-jobs';
import { findSampleDir } from './samples';
import { PixelPoolService } from './service';

let dir: string;
let service: PixelPoolService;
const events: PixelPoolEvent[] = [];
const { call, cancelledAtOnce, finished } = labTestJobs(() => service, events);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-lab-'));
  await mkdir(join(dir, 'samples'));
  // Small images, a real photo's worth of colours being beside the point: the race counts every pixel.
  await sharp({ create: { width: 48, height: 31, channels: 3, background: { r: 200, g: 40, b: 10 } } })
    .png()
    .toFile(join(dir, 'small.png'));
  await sharp({ create: { width: 20, height: 9, channels: 3, background: { r: 1, g: 2, b: 3 } } })
    .png()
    .toFile(join(dir, 'samples/a-sample.png'));
  service = labTestService(dir, events);
});

afterAll(() => closeLabTestService(service, dir));

describe('startLab', () => {
  it('runs the race on a library image and returns its report, with progress and a snapshot', async () => {
    const { added } = await call<{ added: { id: string }[] }>('addPaths', {
      paths: [join(dir, 'small.png')],
    });
    const { jobId } = await call<{ jobId: string }>('startLab', {
      experiment: 'race',
      imageIds: [added[0].id],
      workers: 2,
      runs: 3,
    });
    const result = await finished<LabRaceResult>(jobId);
    expect(result).toMatchObject({
      experiment: 'race',
      images: [{ name: 'small.png', sample: false }],
      width: 48,
      height: 31,
      pixels: 48 * 31,
      expected: 48 * 31 * 3,
      workers: 2,
      runs: 3,
    });
    expect(result.variants.map((v) => v.name)).toEqual([...RACE_VARIANT_NAMES]);
    for (const v of result.variants) {
      expect(v.runs).toHaveLength(3);
      // The median run's figures are one of the runs'.
      expect(v.runs.some((run) => run.ms === v.ms && run.lost === v.lost)).toBe(true);
      for (const run of v.runs) {
        expect(run.total + run.lost).toBe(result.expected);
        expect(run.threadMs).toHaveLength(2);
      }
      // Unsynchronised may lose counts (never gain them); the other three are exact in every bin.
      if (v.name === 'unsynchronised') expect(v.lost).toBeGreaterThanOrEqual(0);
      else expect(v).toMatchObject({ exact: true, lost: 0, total: result.expected });
    }
    const progress = events.filter((e) => e.type === 'lab-progress' && e.jobId === jobId);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    const snapshot = await call<JobSnapshot>('getJob', { jobId });
    expect(snapshot).toMatchObject({ kind: 'lab', state: 'done', request: { runs: 3 }, result });
  });

  it('runs on the first sample photo when no image is named', async () => {
    const { jobId } = await call<{ jobId: string }>('startLab', { experiment: 'race', workers: 1, runs: 1 });
    const result = await finished<LabRaceResult>(jobId);
    expect(result.images).toEqual([{ name: 'a-sample.png', sample: true }]);
    expect(result.variants.every((v) => v.exact)).toBe(true);
  });

  it('cancels between runs: the job ends cancelled, with no result', async () => {
    expect(
      await cancelledAtOnce({
        experiment: 'race',
        workers: 1,
        runs: 100,
      }),
    ).toBe('cancelled');
  });

  it('refuses requests outside the schema, saying which field', async () => {
    const cases: unknown[] = [
      { experiment: 'race', workers: 0, runs: 5 },
      { experiment: 'race', workers: 65, runs: 5 },
      { experiment: 'race', workers: 2, runs: 0 },
      { experiment: 'race', workers: 2, runs: 101 },
      { experiment: 'race', workers: 1.5, runs: 5 },
      { experiment: 'telepathy', workers: 2, runs: 5 },
      { experiment: 'race', workers: 2, runs: 5, imageIds: ['../etc'] },
      { experiment: 'race', workers: 2, runs: 5, imageId: 'x' },
      { experiment: 'race', workers: 2, runs: 5, extra: true },
      { workers: 2, runs: 5 },
    ];
    for (const payload of cases) {
      const response: ApiResponse = await dispatch(service, 'startLab', payload);
      expect(response.ok, JSON.stringify(payload)).toBe(false);
      if (!response.ok) {
        expect(response.error.code).toBe('bad-request');
        expect(response.error.message).toMatch(/^Invalid startLab request: /);
      }
    }
    const tooMany = await dispatch(service, 'startLab', { experiment: 'race', workers: 65, runs: 5 });
    expect(tooMany.ok || tooMany.error.message).toMatch(/workers: Too big/);
  });

  it('names a missing image, and says so when there are no sample photos', async () => {
    const missing = await dispatch(service, 'startLab', {
      experiment: 'race',
      imageIds: ['nope'],
      workers: 1,
      runs: 1,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bare = new PixelPoolService({ host: 'web', settingsDir: null, sampleDir: null });
    try {
      const none = await dispatch(bare, 'startLab', { experiment: 'race', workers: 1, runs: 1 });
      expect(none).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(none.ok || none.error.message).toMatch(/add one on the Images panel/);
    } finally {
      await bare.dispose();
    }
  });
});

describe('findSampleDir', () => {
  it('finds the photos that ship in assets/photos from the service folder', () => {
    expect(findSampleDir(__dirname)).toBe(join(__dirname, '../../assets/photos'));
  });
});
