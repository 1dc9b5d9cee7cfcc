import { describe, expect, it } from 'vitest';
import type { BenchmarkRunView } from '../api/types';
import { readReport } from './report-adapter';
import { fakeReport, fakeRun } from './sample-reports';
import { splitView } from './time-split';

const serial = fakeRun({
  mode: 'serial',
  workers: 1,
  transport: null,
  medianMs: 200,
  speedup: 1,
  efficiency: 1,
  split: { decode: 300, compute: 200, encode: 500 },
});

describe('splitView', () => {
  it('from the filter stage: the same decode and encode beside each run, and the end-to-end estimate', () => {
    const view = splitView(readReport(fakeReport([serial, fakeRun({ medianMs: 100, speedup: 2 })]), 2));
    expect(view?.kind).toBe('estimate');
    expect(view?.rows.map((r) => r.segments.map((s) => s.ms))).toEqual([
      [300, 200, 500],
      [300, 100, 500],
    ]);
    // (300 + 200 + 500) / (300 + 100 + 500)
    expect(view?.jobSpeedup).toBeCloseTo(1000 / 900, 12);
    expect(view?.caption).toMatch(/^Estimate\..*about 1\.11× instead of 2\.00× for the filter stage/);
  });

  it('from the engine\u2019s job runs: their measured split, idle included', () => {
    const job = (r: ReturnType<typeof fakeRun>) => ({ ...r, scope: 'job' });
    const report = fakeReport([
      serial,
      fakeRun({}),
      job({ ...serial, split: { decode: 300, compute: 200, encode: 500 } }),
      job(
        fakeRun({
          speedup: 1.2,
          split: {
            decode: 300,
            dispatch: 5,
            compute: 110,
            reassemble: 3,
            encode: 400,
            idle: 20,
          } as BenchmarkRunView['split'],
        }),
      ),
    ]);
    const view = splitView(readReport(report, 2));
    expect(view?.kind).toBe('measured');
    expect(view?.rows[1].segments.map((s) => s.key)).toEqual([
      'decode',
      'dispatch',
      'compute',
      'reassemble',
      'encode',
      'idle',
    ]);
    expect(view?.jobSpeedup).toBe(1.2);
    expect(view?.caption).toMatch(/End to end: 1\.20×/);
  });

  it('draws nothing without a serial and a pool run', () => {
    expect(splitView(readReport(fakeReport([serial]), 2))).toBeNull();
  });
});
