import { describe, expect, it } from 'vitest';
import type { BenchmarkRunView } from '../api/types';
import { bestRun, readReport } from './report-adapter';
import { fakeReport, fakeSerial, fakeRun as run } from './test-fixtures';
import { coefficientOfVariation } from './warnings';

const serial = fakeSerial;

describe('readReport with today\u2019s fields', () => {
  it('computes the spread from the samples and puts every run in the filter scope', () => {
    const model = readReport(fakeReport([serial, run({})]), 2);
    expect(model.scopes).toEqual(['filter']);
    const pool = model.runs.filter[1];
    expect(pool.cv).toBeCloseTo(coefficientOfVariation([99, 100, 101]) ?? Number.NaN, 12);
    expect([pool.minMs, pool.maxMs]).toEqual([99, 101]);
    expect(pool.speedupCI).toBeNull();
    expect(pool.outliers).toBeNull();
    expect(pool.warnings).toEqual([]);
    expect(model.warnings).toEqual([]);
    expect(model.warningsFromEngine).toBe(false);
    expect(model.amdahl.filter).toMatchObject({ serialFraction: 0.05, trusted: true, note: null });
    expect(model.amdahl.job).toBeNull();
  });

  it('warns of a speedup above the cores, of a 1-worker pool above 100%, and of oversubscription', () => {
    const model = readReport(
      fakeReport([
        serial,
        run({ workers: 1, speedup: 1.05, efficiency: 1.05, split: { compute: 171 } }),
        run({ speedup: 2.44, efficiency: 1.22 }),
        run({ workers: 4, speedup: 1.7, efficiency: 0.43 }),
      ]),
      2,
    );
    const [, one, two, four] = model.runs.filter;
    expect(one.warnings).toHaveLength(1);
    expect(one.warnings[0]).toMatch(/1-worker pool at 105% efficiency.*5% above 100% is measurement noise/);
    expect(two.warnings[0]).toMatch(/2\.44× on 2 cores is more than the cores can give/);
    expect(four.oversubscribed).toBe(true);
    expect(four.warnings[0]).toMatch(/4 workers on 2 cores: more workers than cores/);
    expect(model.warnings.join(' ')).toMatch(/1 run shows a speedup above the number of cores/);
    // A speedup above the cores: the fit reads noise, so it is not shown as the pipeline's.
    expect(model.amdahl.filter).toMatchObject({ trusted: false });
    expect(model.amdahl.filter?.note).toMatch(/above the cores/);
  });

  it('says the cores did not deliver when the workers computed well above the serial time', () => {
    const model = readReport(
      fakeReport([
        serial,
        run({ speedup: 0.96, efficiency: 0.48, split: { compute: 360 } }),
        run({ workers: 4, speedup: 1.5, efficiency: 0.38, split: { compute: 720 } }),
      ]),
      2,
    );
    expect(model.runs.filter[1].warnings[0]).toMatch(/added up to 2\.00× the serial compute/);
    // Oversubscribed workers wait for a core inside their timed compute: no such claim about them.
    expect(model.runs.filter[2].warnings).toHaveLength(1);
    expect(model.runs.filter[2].warnings[0]).toMatch(/more workers than cores/);
    expect(model.amdahl.filter?.trusted).toBe(false);
    expect(model.warnings.join(' ')).toMatch(/The cores did not deliver/);
  });

  it('calls a run noisy above a 10% spread', () => {
    const model = readReport(fakeReport([serial, run({ samplesMs: [618, 877, 848, 887, 683] })]), 2);
    expect(model.runs.filter[1].warnings[0]).toMatch(/^Noisy: the 5 repetitions spread 16%/);
    expect(model.amdahl.filter).toMatchObject({ trusted: true });
    expect(model.amdahl.filter?.note).toMatch(/noisy/);
  });
});

describe('readReport with the engine half\u2019s fields', () => {
  it('reads scope, interval, spread, outliers and warnings from the runs instead of deriving them', () => {
    const engine = (r: BenchmarkRunView, fields: Record<string, unknown>) =>
      ({ ...r, ...fields }) as BenchmarkRunView;
    const report = fakeReport(
      [
        engine(serial, {
          scope: 'filter',
          speedupCI: null,
          cv: 0.01,
          minMs: 170,
          maxMs: 190,
          outliers: 0,
          warnings: [],
        }),
        engine(run({ speedup: 2.44 }), {
          scope: 'filter',
          speedupCI: [1.8, 1.91],
          cv: 0.02,
          minMs: 95,
          maxMs: 105,
          outliers: 1,
          warnings: ['engine says so'],
        }),
        engine(serial, {
          scope: 'job',
          warnings: [],
          split: { decode: 300, compute: 180, encode: 400, idle: 20 },
        }),
        engine(run({ speedup: 1.23 }), { scope: 'job', warnings: [] }),
      ],
      {
        warnings: ['top from engine'],
        scope: 'both',
        amdahl: {
          serialFraction: 0.05,
          transport: 'shared',
          serialFractionCI: [0.02, 0.08],
          trusted: true,
          note: null,
        },
        jobAmdahl: { serialFraction: 0.6, transport: 'shared', trusted: false, note: 'decode and encode' },
      },
    );
    const model = readReport(report, 2);
    expect(model.scopes).toEqual(['filter', 'job']);
    const pool = model.runs.filter[1];
    expect(pool).toMatchObject({ speedupCI: [1.8, 1.91], cv: 0.02, minMs: 95, maxMs: 105, outliers: 1 });
    // The engine's words replace the derived ones (no "above the cores" added beside them).
    expect(pool.warnings).toEqual(['engine says so']);
    expect(model.warnings).toEqual(['top from engine']);
    expect(model.warningsFromEngine).toBe(true);
    expect(model.runs.job[0].split.idle).toBe(20);
    expect(model.amdahl.filter?.serialFractionCI).toEqual([0.02, 0.08]);
    expect(model.amdahl.job).toMatchObject({
      serialFraction: 0.6,
      trusted: false,
      note: 'decode and encode',
    });
    expect(bestRun(model.runs.job)?.speedup).toBe(1.23);
    expect(new Set([...model.runs.filter, ...model.runs.job].map((r) => r.key)).size).toBe(4);
  });
});
