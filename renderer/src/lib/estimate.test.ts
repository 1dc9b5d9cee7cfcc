import { describe, expect, it } from 'vitest';
import {
  type BenchmarkPlan,
  conservativeRate,
  describeEta,
  estimateBenchmark,
  eta,
  modelledSpeedup,
  type RateSource,
  roundEstimate,
} from './estimate';
import {
  addBenchmark,
  addPreview,
  createMeasurementStore,
  type Measurements,
  rateSource,
} from './measurements';

const plan: BenchmarkPlan = {
  megapixels: 16,
  images: 4,
  workers: [1, 2],
  transports: ['shared'],
  repeat: 5,
  cores: 2,
};
const source = (serialMpPerSecond: number, measured?: RateSource['measured']): RateSource => ({
  kind: 'table',
  serialMpPerSecond,
  measured,
  from: 'test',
});

describe('conservativeRate', () => {
  it('adds the filters up, and heavier parameters cost more', () => {
    const sobel = conservativeRate([{ id: 'sobel' }]);
    const both = conservativeRate([{ id: 'sobel' }, { id: 'invert' }]);
    expect(both).toBeLessThan(sobel);
    expect(conservativeRate([{ id: 'gaussian-blur', params: { sigma: 10 } }])).toBeLessThan(
      conservativeRate([{ id: 'gaussian-blur', params: { sigma: 2 } }]),
    );
    // Disabled steps do not run; a filter the table does not know is taken as a costly one.
    expect(conservativeRate([{ id: 'sobel' }, { id: 'median', enabled: false }])).toBe(sobel);
    expect(conservativeRate([{ id: 'some-new-filter' }])).toBe(10);
  });
});

describe('estimateBenchmark', () => {
  it('models the engine: per scope, warm-up, then per round and configuration a primed serial and pool run side by side', () => {
    // 16 MP at 100 MP/s = 160 ms (+12 ms overhead) per serial filter run; decode + encode 16 x 40 ms.
    const measured = [
      { workers: 1, transport: 'shared', speedup: 1 },
      { workers: 2, transport: 'shared', speedup: 2 },
    ];
    const filterOnly = estimateBenchmark({ ...plan, scope: 'filter' }, source(100, measured));
    const serial = 160 + 12;
    const pools = [serial / 1 + 30, serial / 2 + 30];
    const round = pools.reduce((sum, p) => sum + 2 * (serial + 30) + 2 * p, 0);
    const expected = 16 * 40 + 2 * 300 + (serial + pools[0] + pools[1]) + 5 * round;
    expect(filterOnly.bound).toBe('about');
    expect(filterOnly.seconds).toBeCloseTo(expected / 1000, 6);
    // Both scopes (the default): the whole job's runs add decode and encode to every run.
    const both = estimateBenchmark(plan, source(100, measured)).seconds;
    const job = estimateBenchmark({ ...plan, scope: 'job' }, source(100, measured)).seconds;
    expect(both).toBeCloseTo(filterOnly.seconds + job - (16 * 40) / 1000, 6);
    expect(job).toBeGreaterThan(filterOnly.seconds);
  });
  it('times the whole job in both schedules, and the sharp script per worker count for a lone blur or sobel', () => {
    const measured = [
      { workers: 1, transport: 'shared', schedule: 'strips', speedup: 1 },
      { workers: 1, transport: 'shared', schedule: 'images', speedup: 1 },
      { workers: 2, transport: 'shared', schedule: 'strips', speedup: 2 },
      { workers: 2, transport: 'shared', schedule: 'images', speedup: 2 },
    ];
    const job = { ...plan, scope: 'job' as const };
    const without = estimateBenchmark(job, { ...source(100), jobMeasured: measured }).seconds;
    // 16 MP: serial job run 160 + 12 + 640 ms; 1 and 2 workers, each in two schedules.
    const serial = 160 + 12 + 640;
    const pools = [serial + 30, serial + 30, serial / 2 + 30, serial / 2 + 30];
    const round = (runs: number[]) => runs.reduce((sum, p) => sum + 2 * (serial + 30) + 2 * p, 0);
    const expected = 640 + 2 * 300 + (serial + pools.reduce((a, b) => a + b, 0)) + 5 * round(pools);
    expect(without).toBeCloseTo(expected / 1000, 6);
    // The script: once per worker count, paired with a serial run like the pools.
    const scripts = [(160 + 640) / 2, (160 + 640) / 2];
    const withScript = estimateBenchmark(
      { ...job, reference: true },
      { ...source(100), jobMeasured: measured },
    ).seconds;
    expect(withScript).toBeCloseTo(
      (expected + scripts.reduce((a, b) => a + b, 0) + 5 * round(scripts)) / 1000,
      6,
    );
  });
  it('grows with the repeats, the configurations and the megapixels, and shrinks with a faster rate', () => {
    const base = estimateBenchmark(plan, source(100)).seconds;
    expect(estimateBenchmark({ ...plan, repeat: 10 }, source(100)).seconds).toBeGreaterThan(base);
    expect(
      estimateBenchmark({ ...plan, transports: ['shared', 'copy'] }, source(100)).seconds,
    ).toBeGreaterThan(base);
    expect(estimateBenchmark({ ...plan, megapixels: 74 }, source(100)).seconds).toBeGreaterThan(base);
    expect(estimateBenchmark(plan, source(200)).seconds).toBeLessThan(base);
  });
  it('says "at most" the time budget, unless even the three rounds adaptive mode always runs take longer', () => {
    expect(estimateBenchmark({ ...plan, timeBudgetSeconds: 600 }, source(100))).toEqual({
      seconds: 600,
      bound: 'at most',
    });
    const least = estimateBenchmark({ ...plan, repeat: 3 }, source(10)).seconds;
    expect(estimateBenchmark({ ...plan, repeat: 9, timeBudgetSeconds: 1 }, source(10))).toEqual({
      seconds: least,
      bound: 'about',
    });
  });
  it('assumes no gain past the cores and less for the copying transports', () => {
    expect(modelledSpeedup(4, 'shared', 2)).toBeLessThan(modelledSpeedup(2, 'shared', 2));
    expect(modelledSpeedup(2, 'copy', 2)).toBeLessThan(modelledSpeedup(2, 'shared', 2));
    expect(modelledSpeedup(2, 'shared', 2)).toBeLessThan(2);
  });
});

describe('roundEstimate', () => {
  it('rounds as a person would say it', () => {
    expect(roundEstimate(0.2)).toBe('1 s');
    expect(roundEstimate(7.2)).toBe('8 s');
    expect(roundEstimate(38)).toBe('40 s');
    expect(roundEstimate(163)).toBe('2 min 40 s');
    expect(roundEstimate(180)).toBe('3 min');
    expect(roundEstimate(1500)).toBe('25 min');
    expect(roundEstimate(Number.NaN)).toBe('–');
  });
});

describe('eta', () => {
  it('counts the estimate down until the progress has a rate', () => {
    expect(eta(0, null, 3000, 40)).toEqual({ seconds: 37, from: 'estimate' });
    expect(eta(0, { atMs: 200, done: 1, total: 10 }, 1000, 40)).toEqual({ seconds: 39, from: 'estimate' });
    expect(eta(0, null, 50_000, 40)).toBeNull();
    expect(eta(0, null, 1000)).toBeNull();
  });
  it('extrapolates the steps done so far, minus the time since the last one', () => {
    // 4 of 10 steps in 8 s: 2 s a step, 6 left = 12 s, 1 s of which has passed.
    expect(eta(0, { atMs: 8000, done: 4, total: 10 }, 9000, 40)).toEqual({ seconds: 11, from: 'progress' });
    expect(eta(0, { atMs: 8000, done: 4, total: 10 }, 60_000)).toEqual({ seconds: 0, from: 'progress' });
    expect(eta(0, { atMs: 8000, done: 10, total: 10 }, 8000)).toEqual({ seconds: 0, from: 'progress' });
  });
});

describe('rateSource', () => {
  const steps = [{ id: 'sobel' }];
  const bench = {
    jobId: 'j1',
    pipelineKey: '[{"id":"sobel","params":[]}]',
    atMs: Date.parse('2026-01-01T10:42:00Z'),
    megapixels: 16,
    serialMpPerSecond: 90,
    jobSerialMpPerSecond: null,
    runs: [{ scope: 'filter' as const, workers: 2, transport: 'shared', speedup: 1.9 }],
  };
  it('prefers a benchmark of the same pipeline, then its preview, then the table', () => {
    let m: Measurements = { benchmarks: [], previews: [] };
    expect(rateSource(m, steps, 2).kind).toBe('table');
    // A cold preview, slower than the conservative table (sobel: 33 MP/s), is not used.
    m = addPreview(m, { pipelineKey: bench.pipelineKey, atMs: 1, mpPerSecond: 20, workers: 2 });
    expect(rateSource(m, steps, 2).kind).toBe('table');
    m = addPreview(m, { pipelineKey: bench.pipelineKey, atMs: 2, mpPerSecond: 100, workers: 2 });
    expect(rateSource(m, steps, 2)).toMatchObject({ kind: 'preview', serialMpPerSecond: 50 });
    m = addBenchmark(m, bench);
    expect(rateSource(m, steps, 2)).toMatchObject({ kind: 'benchmark', serialMpPerSecond: 90 });
    expect(rateSource(m, steps, 2).measured).toEqual(bench.runs);
    // Another pipeline knows none of it.
    expect(rateSource(m, [{ id: 'emboss' }], 2).kind).toBe('table');
  });
  it('keeps one benchmark per job and the fastest preview per pipeline', () => {
    let m: Measurements = { benchmarks: [], previews: [] };
    m = addBenchmark(addBenchmark(m, bench), { ...bench, serialMpPerSecond: 95 });
    expect(m.benchmarks.map((b) => b.serialMpPerSecond)).toEqual([95]);
    m = addPreview(addPreview(m, { pipelineKey: 'k', atMs: 1, mpPerSecond: 1, workers: 1 }), {
      pipelineKey: 'k',
      atMs: 2,
      mpPerSecond: 2,
      workers: 1,
    });
    expect(m.previews.map((p) => p.mpPerSecond)).toEqual([2]);
    // A slower (cold) one after it does not replace it.
    m = addPreview(m, { pipelineKey: 'k', atMs: 3, mpPerSecond: 1.5, workers: 1 });
    expect(m.previews.map((p) => p.mpPerSecond)).toEqual([2]);
  });
  it('notifies subscribers of the store only on a change', () => {
    const store = createMeasurementStore();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.update((m) => m);
    store.update((m) => addBenchmark(m, bench));
    off();
    store.update((m) => addBenchmark(m, { ...bench, jobId: 'j2' }));
    expect(calls).toBe(1);
    expect(store.get().benchmarks).toHaveLength(2);
  });
});

describe('describeEta', () => {
  it('says the time left and whether it is still the estimate', () => {
    expect(describeEta({ seconds: 24, from: 'progress' })).toBe('about 25 s left');
    expect(describeEta({ seconds: 38, from: 'estimate' })).toBe('about 40 s left (from the estimate)');
    expect(describeEta({ seconds: 0.2, from: 'progress' })).toBe('finishing');
    expect(describeEta(null)).toBe('');
  });
});
