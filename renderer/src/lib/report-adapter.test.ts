import { describe, expect, it } from 'vitest';
import { bestRun, readReport, scriptRuns } from './report-adapter';
import {
  fakeAmdahl,
  fakeReport,
  fakeScriptReference,
  fakeScriptRun,
  fakeSerial,
  fakeRun as run,
} from './test-fixtures';

const serial = fakeSerial;
const job = { scope: 'job' as const };

describe('readReport', () => {
  it('groups the runs by scope and keys them by scope, mode, workers, transport and schedule', () => {
    const model = readReport(
      fakeReport([
        serial,
        run({}),
        { ...serial, ...job },
        run({ ...job, speedup: 1.23 }),
        run({ ...job, schedule: 'images', speedup: 1.31 }),
        fakeScriptRun({ speedup: 2.2 }),
      ]),
      2,
    );
    expect(model.scopes).toEqual(['filter', 'job']);
    expect(model.runs.filter.map((r) => r.key)).toEqual([
      'filter-serial-1-none-none',
      'filter-pool-2-shared-strips',
    ]);
    expect(model.runs.job.map((r) => r.key)).toEqual([
      'job-serial-1-none-none',
      'job-pool-2-shared-strips',
      'job-pool-2-shared-images',
      'job-reference-2-none-none',
    ]);
    // The best is PixelPool's: the script is what it is compared with, not one of its runs.
    expect(bestRun(model.runs.job)?.speedup).toBe(1.31);
    expect(scriptRuns(model.runs.job).map((r) => r.key)).toEqual(['job-reference-2-none-none']);
  });

  it('carries the kernels that ran and the sharp script, or why there is none', () => {
    const plain = readReport(fakeReport([serial, run({})]), 2);
    expect(plain.kernels).toEqual({ ran: 'wasm', fallback: null });
    expect(plain.script).toBeNull();
    const fell = readReport(
      fakeReport([serial, run({})], {
        kernels: 'js',
        kernelsFallback: 'no SIMD here',
        jobReference: fakeScriptReference,
      }),
      2,
    );
    expect(fell.kernels).toEqual({ ran: 'js', fallback: 'no SIMD here' });
    expect(fell.script).toEqual({ kind: 'measured', reference: fakeScriptReference });
    const none = readReport(fakeReport([serial], { jobReferenceMissing: 'No sharp script: invert.' }), 2);
    expect(none.script).toEqual({ kind: 'missing', reason: 'No sharp script: invert.' });
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
