import { describe, expect, it } from 'vitest';
import { batchThroughput, timeSaved } from './batch-gain';
import type { BenchmarkMeasurement } from './measurements';

const bench: BenchmarkMeasurement = {
  jobId: 'j',
  pipelineKey: 'k',
  atMs: 1,
  megapixels: 16,
  serialMpPerSecond: 50,
  jobSerialMpPerSecond: null,
  runs: [
    { scope: 'filter', workers: 2, transport: 'shared', speedup: 2 },
    { scope: 'filter', workers: 4, transport: 'copy', speedup: 1.3 },
  ],
};
const facts = { files: 8, megapixels: 100, elapsedMs: 5000, workers: 2 };

describe('batchThroughput', () => {
  it('divides what was written by the time it took', () => {
    expect(batchThroughput(facts)).toEqual({ filesPerSecond: 1.6, mpPerSecond: 20 });
    expect(batchThroughput({ ...facts, megapixels: null })).toEqual({
      filesPerSecond: 1.6,
      mpPerSecond: null,
    });
    expect(batchThroughput({ ...facts, files: 0 })).toEqual({ filesPerSecond: null, mpPerSecond: null });
  });
});

describe('timeSaved', () => {
  it('from the filter stage: the megapixels at the serial rate, minus the same at the pool speedup', () => {
    // 100 MP at 50 MP/s = 2 s of filtering on one thread; at 2x, 1 s: 1 s saved.
    expect(timeSaved(facts, bench, 'shared')).toEqual({
      ok: true,
      oneCoreSeconds: 6,
      savedSeconds: 1,
      basis: 'filter',
      speedup: 2,
      transport: 'shared',
      benchmarkAtMs: 1,
    });
  });
  it('prefers the whole job\u2019s speedup when the benchmark measured it', () => {
    const withJob = {
      ...bench,
      runs: [...bench.runs, { scope: 'job' as const, workers: 2, transport: 'shared', speedup: 1.25 }],
    };
    expect(timeSaved(facts, withJob, 'shared')).toMatchObject({
      ok: true,
      basis: 'job',
      oneCoreSeconds: 6.25,
      savedSeconds: 1.25,
    });
  });
  it('says why there is no estimate', () => {
    expect(timeSaved({ ...facts, workers: 0 }, bench, 'shared')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/one thread/),
    });
    expect(timeSaved(facts, null, 'shared')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Run a benchmark/),
    });
    expect(timeSaved({ ...facts, workers: 3 }, bench, 'shared')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/did not measure 3 workers with the shared transport/),
    });
    expect(timeSaved({ ...facts, megapixels: null }, bench, 'shared')).toMatchObject({ ok: false });
  });
  it('shows a pool slower than one thread as a negative saving', () => {
    const slow = {
      ...bench,
      runs: [{ scope: 'filter' as const, workers: 2, transport: 'shared', speedup: 0.8 }],
    };
    const r = timeSaved(facts, slow, 'shared');
    expect(r.ok && r.savedSeconds).toBeCloseTo(-0.5, 12);
  });
});
