import { describe, expect, it } from 'vitest';
import { photoLikePixels } from '../images/test-fixtures';
import { runProcesses } from './processes';

describe('runProcesses', () => {
  it('measures threads and processes on the same photos, every figure a number', async () => {
    const images = [31, 48].map((width) => ({
      data: new Uint8Array(photoLikePixels(width, 20, 4)),
      width,
      height: 20,
    }));
    const steps: { done: number; total: number }[] = [];
    const report = await runProcesses(images, [{ id: 'invert' }], {
      workers: 3,
      runs: 2,
      checkMachine: false,
      onStep: (done, total) => steps.push({ done, total }),
    });
    expect([report.workers, report.images, report.runs, report.filters]).toEqual([3, 2, 2, 'invert']);
    // Every step reported once, in order, up to the total (2 kinds x (2 starts, memory, warm-up, 2 x 4)).
    const upTo = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
    expect(steps.map((s) => s.done)).toEqual([...upTo(0, 12), ...upTo(12, 24)]);
    expect(new Set(steps.map((s) => s.total))).toEqual(new Set([24]));
    for (const kind of ['threads', 'processes'] as const) {
      const r = report[kind];
      expect(r.kind).toBe(kind);
      for (const figure of [r.startMs, r.roundTripMs, r.oneWorkerMs, r.allWorkersMs, r.speedup]) {
        expect(Number.isFinite(figure) && figure > 0, kind).toBe(true);
      }
      if (process.platform === 'linux') expect(r.rssMbPerWorker, kind).not.toBeNull();
      expect([r.startRunsMs.length, r.roundTripRunsMs.length]).toEqual([2, 2]);
      // The speedup at every count from 1 to the workers, each against the 1-worker pool's median.
      expect(r.points.map((p) => p.workers)).toEqual([1, 2, 3]);
      expect(r.points[0].speedup).toBe(1);
      for (const p of r.points) {
        expect(p.runsMs).toHaveLength(2);
        expect(p.speedup).toBeCloseTo(r.points[0].ms / p.ms, 9);
      }
      expect([r.oneWorkerMs, r.allWorkersMs, r.speedup]).toEqual([
        r.points[0].ms,
        r.points[2].ms,
        r.points[2].speedup,
      ]);
    }
    expect(report.machine.warnings).toEqual([]);
    expect(report.noise.noisyAbove).toBe(0.1);
    for (const s of report.noise.noisy) expect(s.cv).toBeGreaterThan(0.1);
  });

  it('stops when cancelled, rejecting with the reason and leaving no pool behind', async () => {
    const image = { data: new Uint8Array(photoLikePixels(40, 30, 4)), width: 40, height: 30 };
    const controller = new AbortController();
    const run = runProcesses([image], [{ id: 'invert' }], {
      workers: 2,
      runs: 50,
      checkMachine: false,
      onStep: (done) => {
        if (done === 3) controller.abort(new Error('cancelled by the test'));
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow(/cancelled by the test|aborted/i);
  });

  it('refuses no images', async () => {
    await expect(runProcesses([], [{ id: 'invert' }])).rejects.toThrow(/at least one image/);
  });
});
