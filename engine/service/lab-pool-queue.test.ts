import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, JobSnapshot, PixelPoolEvent } from '../../shared/contract';
import { type LabPoolResult, type LabQueueResult, POOL_METHODS } from '../../shared/lab';
import { writePhoto } from '../images/test-fixtures';
import { dispatch } from './dispatch';
import { closeLabTestService, labTestJobs, labTestService } from './lab/test-jobs';
import type { PixelPoolService } from './service';

let dir: string;
let service: PixelPoolService;
const events: PixelPoolEvent[] = [];
const { call, cancelledAtOnce, finished, progressOf } = labTestJobs(() => service, events);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-lab-pq-'));
  await mkdir(join(dir, 'samples'));
  await writePhoto(join(dir, 'samples/a.png'), { format: 'png', width: 64, height: 40 });
  await writePhoto(join(dir, 'samples/b.png'), { format: 'png', width: 40, height: 56 });
  await writePhoto(join(dir, 'mine.png'), { format: 'png', width: 50, height: 30 });
  service = labTestService(dir, events);
});

afterAll(() => closeLabTestService(service, dir));

describe('startLab pool', () => {
  it('runs every method on the sample photos, with the error from a child, progress and a snapshot', async () => {
    const { jobId } = await call<{ jobId: string }>('startLab', {
      experiment: 'pool',
      steps: [{ id: 'gaussian-blur', params: { sigma: 2 } }],
      workers: 2,
      rounds: 2,
    });
    const result = await finished<LabPoolResult>(jobId);
    expect(result).toMatchObject({
      experiment: 'pool',
      images: [
        { name: 'a.png', sample: true },
        { name: 'b.png', sample: true },
      ],
      filters: 'gaussian-blur:sigma=2',
      workers: 2,
      rounds: 2,
      photos: [
        { label: 'a.png', width: 64, height: 40 },
        { label: 'b.png', width: 40, height: 56 },
      ],
      cores: expect.any(Number),
    });
    expect(result.methods.map((m) => m.name)).toEqual([...POOL_METHODS]);
    for (const m of result.methods) {
      expect(m.arrivals.map((a) => a.index).sort()).toEqual([0, 1]);
      expect(m.roundsMs).toHaveLength(2);
    }
    expect(result.childError).toMatchObject({
      name: 'PipelineError',
      callbackGotIt: true,
      getReraised: true,
    });
    expect(result.childError?.stack).toMatch(/at checkStepsInWorker \(.*filter\.worker\.js/);
    // Two decodes, then 2 rounds x 5 methods: the last step is the whole.
    const progress = progressOf(jobId);
    expect(progress.at(-1)).toMatchObject({ done: 12, total: 12 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    const snapshot = await call<JobSnapshot>('getJob', { jobId });
    expect(snapshot).toMatchObject({ kind: 'lab', state: 'done', request: { experiment: 'pool' }, result });
  });

  it('runs on the library photos asked for', async () => {
    const { added } = await call<{ added: { id: string }[] }>('addPaths', { paths: [join(dir, 'mine.png')] });
    const { jobId } = await call<{ jobId: string }>('startLab', {
      experiment: 'pool',
      imageIds: [added[0].id],
      steps: [{ id: 'invert' }],
      workers: 1,
      rounds: 1,
    });
    const result = await finished<LabPoolResult>(jobId);
    expect(result.images).toEqual([{ name: 'mine.png', sample: false }]);
    expect(result.filters).toBe('invert');
  });

  it('cancels between methods: the job ends cancelled, with no result', async () => {
    expect(
      await cancelledAtOnce({
        experiment: 'pool',
        steps: [{ id: 'invert' }],
        workers: 1,
        rounds: 100,
      }),
    ).toBe('cancelled');
  });
});

describe('startLab queue', () => {
  it('runs each capacity on the sample photos, ending on the sentinel, with progress', async () => {
    const { jobId } = await call<{ jobId: string }>('startLab', {
      experiment: 'queue',
      steps: [{ id: 'invert' }],
      workers: 2,
      capacities: [1, 0],
    });
    const result = await finished<LabQueueResult>(jobId);
    expect(result).toMatchObject({
      experiment: 'queue',
      images: [
        { name: 'a.png', sample: true },
        { name: 'b.png', sample: true },
      ],
      filters: 'invert',
      workers: 2,
      sampleEveryMs: 10,
    });
    expect(result.capacities.map((c) => c.capacity)).toEqual([1, 0]);
    for (const run of result.capacities) {
      expect(run.endedWithSentinel).toBe(true);
      expect(run.processed.map((p) => p.index).sort()).toEqual([0, 1]);
      if (run.capacity > 0) expect(run.maxDepths.decoded).toBeLessThanOrEqual(run.capacity);
    }
    expect(progressOf(jobId).at(-1)).toMatchObject({ done: 3, total: 3, label: 'Done' });
  });

  it('cancels the run in flight: the job ends cancelled, with no result', async () => {
    expect(
      await cancelledAtOnce({
        experiment: 'queue',
        steps: [{ id: 'median', params: { radius: 8 } }],
        workers: 1,
        capacities: [1, 2, 3, 4, 5, 0],
      }),
    ).toBe('cancelled');
  });
});

describe('startLab pool and queue requests', () => {
  it('refuses requests outside the schema, saying which field', async () => {
    const pool = { experiment: 'pool', steps: [{ id: 'invert' }], workers: 2, rounds: 3 };
    const queue = { experiment: 'queue', steps: [{ id: 'invert' }], workers: 2, capacities: [1, 4, 0] };
    const cases: [unknown, RegExp][] = [
      [{ ...pool, rounds: 0 }, /rounds/],
      [{ ...pool, rounds: 101 }, /rounds/],
      [{ ...pool, workers: 65 }, /workers/],
      [{ ...pool, steps: undefined }, /steps/],
      [{ ...pool, steps: [{ id: 'Not An Id' }] }, /steps/],
      [{ ...pool, capacities: [1] }, /capacities|Unrecognized/],
      [{ ...queue, capacities: [] }, /capacities/],
      [{ ...queue, capacities: [-1] }, /capacities/],
      [{ ...queue, capacities: [1.5] }, /capacities/],
      [{ ...queue, capacities: [1001] }, /capacities/],
      [{ ...queue, capacities: [1, 1] }, /capacities: must not repeat a capacity/],
      [{ ...queue, capacities: [1, 2, 3, 4, 5, 6, 7] }, /capacities/],
      [{ ...queue, rounds: 3 }, /rounds|Unrecognized/],
    ];
    for (const [payload, field] of cases) {
      const response: ApiResponse = await dispatch(service, 'startLab', payload);
      expect(response.ok, JSON.stringify(payload)).toBe(false);
      if (!response.ok) {
        expect(response.error.code).toBe('bad-request');
        expect(response.error.message).toMatch(/^Invalid startLab request: /);
        expect(response.error.message, JSON.stringify(payload)).toMatch(field);
      }
    }
  });

  it('refuses a pipeline the filters reject before any job starts', async () => {
    for (const experiment of ['pool', 'queue']) {
      const extra = experiment === 'pool' ? { rounds: 1 } : { capacities: [1] };
      const response = await dispatch(service, 'startLab', {
        experiment,
        steps: [{ id: 'gaussian-blur', params: { sigma: -1 } }],
        workers: 1,
        ...extra,
      });
      expect(response).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
      expect(response.ok || response.error.message).toMatch(/sigma/);
    }
  });
});
