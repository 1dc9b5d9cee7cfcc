/**
 * What the batch job hands runBatch and what it makes of the result, with runBatch replaced: a real
 * engine cannot be made to fall back from WebAssembly on a machine that has it, and the schedule it
 * is given leaves no trace in its result (service.test.ts runs the real engine).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchSummary, ImageEntry, PixelPoolEvent, StartBatchRequest } from '../../shared/contract';
import type { BatchHooks, BatchOptions, BatchResult } from '../batch/index';
import type { FilterPool } from '../pool/index';
import { startBatchJob } from './batch-job';
import { JobManager } from './jobs';

const calls: BatchOptions[] = [];
let fallback: string | undefined;

vi.mock('../batch/index', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../batch/index')>();
  return {
    ...actual,
    runBatch: async (options: BatchOptions, _hooks?: BatchHooks): Promise<BatchResult> => {
      calls.push(options);
      const asked = options.kernels ?? 'wasm';
      return {
        outDir: options.outDir,
        total: options.inputs.length,
        ignored: [],
        processed: options.inputs.length,
        skipped: 0,
        elapsedMs: 12.4,
        cancelled: false,
        skippedFiles: [],
        failed: [],
        outputs: [],
        megapixels: 0,
        peakImagesInFlight: 1,
        ...(asked === 'wasm' && fallback !== undefined
          ? { kernels: 'js', kernelsFallback: fallback }
          : { kernels: asked }),
      };
    },
  };
});

const image: ImageEntry = {
  id: 'img1',
  name: 'leaf.jpg',
  path: '/photos/leaf.jpg',
  width: 4,
  height: 4,
  megapixels: 0,
  format: 'jpeg',
  bytes: 10,
  thumbnail: null,
  addedAt: 0,
};

const request: StartBatchRequest = {
  imageIds: [image.id],
  steps: [{ id: 'invert' }],
  outDir: '/out',
  format: 'png',
  quality: 80,
  namePattern: '{name}.{ext}',
  onConflict: 'suffix',
  workers: 0,
};

/** The pools the job asked the service for: "pool processes", "start 3 processes". */
const asked: string[] = [];
const fakePool = {} as FilterPool;

/** Runs one job to its end and returns the summary it sent. */
function run(req: StartBatchRequest): Promise<BatchSummary> {
  return new Promise((resolve) => {
    const emit = (event: PixelPoolEvent) => {
      if (event.type === 'batch-done') resolve(event.summary);
    };
    const ctx = {
      jobs: new JobManager(emit),
      emit,
      pool: async (kind: string): Promise<FilterPool> => {
        asked.push(`pool ${kind}`);
        return fakePool;
      },
      poolSize: 2,
      startPool: async (size: number, kind: string): Promise<FilterPool> => {
        asked.push(`start ${size} ${kind}`);
        return fakePool;
      },
    };
    startBatchJob(ctx, req, [image]);
  });
}

beforeEach(() => {
  calls.length = 0;
  asked.length = 0;
  fallback = undefined;
});

describe('batch job: kernels and schedule', () => {
  it('hands runBatch the kernels and the schedule asked for, and reports the kernels that ran', async () => {
    const summary = await run({ ...request, kernels: 'js', schedule: 'images' });
    expect(calls).toEqual([expect.objectContaining({ kernels: 'js', schedule: 'images' })]);
    expect(summary.kernels).toBe('js');
    expect('kernelsFallback' in summary).toBe(false);
  });

  it('leaves both to the engine when the request does not say', async () => {
    const summary = await run(request);
    expect(calls[0]?.kernels).toBeUndefined();
    expect(calls[0]?.schedule).toBeUndefined();
    expect(summary.kernels).toBe('wasm');
  });

  it('hands runBatch the output options of the app: metadata, GPS, folders, format', async () => {
    await run({ ...request, format: 'same', metadata: 'strip', stripGps: true, keepFolders: true });
    expect(calls).toEqual([
      expect.objectContaining({ format: 'same', metadata: 'strip', stripGps: true, keepFolders: true }),
    ]);
  });

  it('passes on why WebAssembly did not run', async () => {
    fallback = 'WebAssembly kernels unavailable: this engine has no WebAssembly SIMD (128-bit) support';
    const summary = await run({ ...request, kernels: 'wasm' });
    expect(summary).toMatchObject({ kernels: 'js', kernelsFallback: fallback });
  });
});

describe('batch job: pool kind', () => {
  it("runs on the service's pool of the kind asked for at its size, else on one of its own", async () => {
    const atSize = await run({ ...request, workers: 2, pool: 'processes' });
    expect(asked).toEqual(['pool processes']);
    expect(calls[0]?.pool).toBe(fakePool);
    expect(atSize.pool).toBe('processes');

    const otherSize = await run({ ...request, workers: 3 });
    // A function: runBatch starts it once the inputs are fine, and terminates it afterwards.
    const start = calls[1]?.pool;
    expect(typeof start).toBe('function');
    await (start as () => Promise<FilterPool>)();
    expect(asked).toEqual(['pool processes', 'start 3 threads']);
    expect(otherSize.pool).toBe('threads');
  });

  it('uses no pool for the serial path, and says so', async () => {
    const serial = await run({ ...request, workers: 0, pool: 'processes' });
    expect(asked).toEqual([]);
    expect(calls[0]).toMatchObject({ serial: true, pool: undefined });
    expect(serial.pool).toBeNull();
  });
});
