/** The pipe experiment as a service job: its result, progress, cancel and the requests refused. */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, JobSnapshot, PixelPoolEvent } from '../../shared/contract';
import { PIPE_CHANNEL_NAMES } from '../../shared/lab';
import { dispatch } from './dispatch';
import { closeLabTestService, labTestJobs, labTestService } from './lab/test-jobs';
import type { PixelPoolService } from './service';

let dir: string;
let service: PixelPoolService;
const events: PixelPoolEvent[] = [];
const { call, cancelledAtOnce, ended } = labTestJobs(() => service, events);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-lab-pipe-'));
  await mkdir(join(dir, 'samples'));
  await sharp({ create: { width: 300, height: 70, channels: 3, background: { r: 9, g: 80, b: 200 } } })
    .png()
    .toFile(join(dir, 'wide.png'));
  await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 1, g: 2, b: 3 } } })
    .png()
    .toFile(join(dir, 'samples/dot.png'));
  service = labTestService(dir, events);
});

afterAll(() => closeLabTestService(service, dir));

describe('startLab pipe', () => {
  it('sends a library image through the three channels and returns the report, with progress', async () => {
    const { added } = await call<{ added: { id: string }[] }>('addPaths', { paths: [join(dir, 'wide.png')] });
    const { jobId } = await call<{ jobId: string }>('startLab', {
      experiment: 'pipe',
      imageIds: [added[0].id],
      workers: 3,
      runs: 2,
    });
    const { state, result } = await ended(jobId);
    expect(state).toBe('done');
    if (result?.experiment !== 'pipe') throw new Error('no pipe result');
    expect(result).toMatchObject({
      experiment: 'pipe',
      images: [{ name: 'wide.png', sample: false }],
      workers: 3,
      runs: 2,
      intact: true,
      payload: { label: 'wide.png', width: 300, height: 70, bytes: 300 * 70 * 4, transport: 'copy' },
    });
    // 1200-byte rows: 218 whole rows fit in 256 KB, more than the photo has, so one chunk of it all.
    expect(result.payload).toMatchObject({ chunkRows: 70, chunks: 1, chunkBytes: 84_000 });
    expect(result.channels.map((c) => c.name)).toEqual([...PIPE_CHANNEL_NAMES]);
    for (const c of result.channels) {
      expect(c.intact).toBe(true);
      expect(c.mbPerSecond.runs).toHaveLength(2);
    }
    const progress = events.filter((e) => e.type === 'lab-progress' && e.jobId === jobId);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const snapshot = await call<JobSnapshot>('getJob', { jobId });
    expect(snapshot).toMatchObject({ kind: 'lab', state: 'done', request: { experiment: 'pipe' }, result });
  });

  it('runs on the sample photo when no image is named: a 1x1 photo, one 4-byte chunk', async () => {
    const { jobId } = await call<{ jobId: string }>('startLab', { experiment: 'pipe', workers: 2, runs: 1 });
    const { result } = await ended(jobId);
    if (result?.experiment !== 'pipe') throw new Error('no pipe result');
    expect(result.images).toEqual([{ name: 'dot.png', sample: true }]);
    expect(result.payload).toMatchObject({ bytes: 4, chunks: 1 });
    expect(result.intact).toBe(true);
  });

  it('cancels between runs: the job ends cancelled, with no result', async () => {
    expect(
      await cancelledAtOnce({
        experiment: 'pipe',
        workers: 1,
        runs: 100,
      }),
    ).toBe('cancelled');
  });

  it('refuses requests outside the schema', async () => {
    const cases: unknown[] = [
      { experiment: 'pipe', workers: 0, runs: 5 },
      { experiment: 'pipe', workers: 65, runs: 5 },
      { experiment: 'pipe', workers: 2, runs: 0 },
      { experiment: 'pipe', workers: 2, runs: 101 },
      { experiment: 'pipe', workers: 2 },
      { experiment: 'pipe', workers: 2, runs: 5, chunkBytes: 1 },
    ];
    for (const payload of cases) {
      const response: ApiResponse = await dispatch(service, 'startLab', payload);
      expect(response.ok, JSON.stringify(payload)).toBe(false);
      if (!response.ok) expect(response.error.code).toBe('bad-request');
    }
  });
});
