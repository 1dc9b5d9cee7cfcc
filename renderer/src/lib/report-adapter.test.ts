import { describe, expect, it } from 'vitest';
import { bestRun, readReport } from './report-adapter';
import { fakeAmdahl, fakeReport, fakeSerial, fakeRun as run } from './test-fixtures';

const serial = fakeSerial;
const job = { scope: 'job' as const };

describe('readReport', () => {
  it('groups the runs by scope and keys them by scope, mode, workers and transport', () => {
    const model = readReport(
      fakeReport([serial, run({}), { ...serial, ...job }, run({ ...job, speedup: 1.23 })]),
      2,
    );
    expect(model.scopes).toEqual(['filter', 'job']);
    expect(model.runs.filter.map((r) => r.key)).toEqual(['filter-serial-1-none', 'filter-pool-2-shared']);
    expect(model.runs.job.map((r) => r.key)).toEqual(['job-serial-1-none', 'job-pool-2-shared']);
    expect(bestRun(model.runs.job)?.speedup).toBe(1.23);
  });

  it('a filter-only report has one scope', () => {
    expect(readReport(fakeReport([serial, run({})], { scope: 'filter' }), 2).scopes).toEqual(['filter']);
  });

  it('passes the engine\u2019s statistics, warnings and fits through as they are', () => {
    const report = fakeReport(
      [
        serial,
        run({
          speedupCI: [1.8, 1.91],
          cv: 0.02,
          minMs: 95,
          maxMs: 105,
          outliers: 1,
          warnings: ['engine says so'],
        }),
        { ...serial, ...job, split: { decode: 300, compute: 180, encode: 400, idle: 20 } },
        run({ ...job, speedup: 1.23 }),
      ],
      {
        warnings: ['top from engine'],
        jobAmdahl: fakeAmdahl({ serialFraction: 0.6, trusted: false, note: 'decode and encode' }),
      },
    );
    const model = readReport(report, 2);
    expect(model.runs.filter[1]).toMatchObject({
      speedupCI: [1.8, 1.91],
      cv: 0.02,
      minMs: 95,
      maxMs: 105,
      outliers: 1,
      warnings: ['engine says so'],
    });
    expect(model.warnings).toEqual(['top from engine']);
    expect(model.runs.job[0].split.idle).toBe(20);
    expect(model.amdahl.filter?.serialFractionCI).toEqual([0.03, 0.07]);
    expect(model.amdahl.job).toMatchObject({
      serialFraction: 0.6,
      trusted: false,
      note: 'decode and encode',
    });
  });

  it('marks pools with more workers than cores', () => {
    const model = readReport(fakeReport([serial, run({ workers: 4 }), run({ workers: 2 })]), 2);
    expect(model.runs.filter.map((r) => r.oversubscribed)).toEqual([false, true, false]);
  });
});
