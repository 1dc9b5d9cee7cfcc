import { describe, expect, it } from 'vitest';
import type { BenchmarkRunView } from '../api/types';
import { readReport, SPLIT_KEYS } from './report-adapter';
import { fakeReport, fakeRun, fakeSerial } from './test-fixtures';
import { splitView } from './time-split';

const serial = fakeSerial;

describe('splitView', () => {
  it('from the filter stage: the same decode and encode beside each run, and the end-to-end estimate', () => {
    const view = splitView(readReport(fakeReport([serial, fakeRun({ medianMs: 100, speedup: 2 })]), 2));
    expect(view?.kind).toBe('estimate');
    expect(view?.rows.map((r) => r.segments.map((s) => s.ms))).toEqual([
      [300, 180, 400],
      [300, 100, 400],
    ]);
    // (300 + 180 + 400) / (300 + 100 + 400)
    expect(view?.jobSpeedup).toBeCloseTo(880 / 800, 12);
    expect(view?.caption).toMatch(/^Estimate\..*about 1\.10× instead of 2\.00× for the filter stage/);
  });

  it('from the engine\u2019s job runs: their measured split, idle included', () => {
    const job = (r: ReturnType<typeof fakeRun>) => ({ ...r, scope: 'job' as const });
    const report = fakeReport([
      serial,
      fakeRun({}),
      job(serial),
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
    // Every part of the job, idle included, in the order of the stages.
    expect(view?.rows[1].segments.map((s) => s.key)).toEqual(SPLIT_KEYS);
    expect(view?.jobSpeedup).toBe(1.2);
    expect(view?.caption).toMatch(/End to end: 1\.20×/);
  });

  it('draws nothing without a serial and a pool run', () => {
    expect(splitView(readReport(fakeReport([serial]), 2))).toBeNull();
  });
});
