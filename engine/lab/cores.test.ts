import { describe, expect, it } from 'vitest';
import { photoLikePixels } from '../images/test-fixtures';
import { runCores, whereItStopsHelping } from './cores';

describe('whereItStopsHelping', () => {
  const at = (mps: number[]) =>
    mps.map((megapixelsPerSecond, k) => ({ workers: k + 1, megapixelsPerSecond }));
  it('is the first count that no larger count beats by 5% or more', () => {
    expect(whereItStopsHelping(at([100, 190, 195, 180]))).toBe(2);
    expect(whereItStopsHelping(at([100, 104, 103]))).toBe(1);
    expect(whereItStopsHelping(at([100, 150, 160, 200]))).toBe(4);
  });
});

describe('runCores', () => {
  it('times every worker count up to the largest, each run filtering every image', async () => {
    const images = [37, 64].map((width) => ({
      data: new Uint8Array(photoLikePixels(width, 29, 4)),
      width,
      height: 29,
      label: `w${width}`,
    }));
    const done: number[] = [];
    const report = await runCores(images, [{ id: 'invert' }], {
      maxWorkers: 3,
      runs: 2,
      cores: 2,
      checkMachine: false,
      onStep: (step, total) => {
        expect(total).toBe(9);
        done.push(step);
      },
    });
    // The start, then the warm-up of each count and each run of each count.
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.filters).toBe('invert');
    expect(report.machine.warnings).toEqual([]);
    expect(report.noise.noisy.every((s) => s.cv > report.noise.noisyAbove)).toBe(true);
    expect(report.points.map((p) => p.workers)).toEqual([1, 2, 3]);
    expect(report.points.map((p) => p.runsMs.length)).toEqual([2, 2, 2]);
    expect(report.points[0].speedup).toBe(1);
    expect(report).toMatchObject({ cores: 2, images: 2, runs: 2 });
    expect(report.megapixels).toBeCloseTo(((37 + 64) * 29) / 1e6, 9);
    expect([1, 2, 3]).toContain(report.stopsHelpingAt);
  });

  it('stops when cancelled, rejecting with the reason', async () => {
    const image = { data: new Uint8Array(photoLikePixels(40, 30, 4)), width: 40, height: 30 };
    const controller = new AbortController();
    const run = runCores([image], [{ id: 'invert' }], {
      maxWorkers: 2,
      runs: 100,
      checkMachine: false,
      signal: controller.signal,
      onStep: (step) => {
        if (step === 3) controller.abort(new Error('cancelled by the test'));
      },
    });
    await expect(run).rejects.toThrow();
  });

  it('refuses a pool of no workers', async () => {
    await expect(runCores([], [{ id: 'invert' }], { maxWorkers: 0 })).rejects.toThrow(
      /whole number >= 1, got 0/,
    );
  });
});
