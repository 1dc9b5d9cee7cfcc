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
    const report = await runProcesses(images, [{ id: 'invert' }], { workers: 2, runs: 1 });
    expect([report.workers, report.images, report.runs]).toEqual([2, 2, 1]);
    for (const kind of ['threads', 'processes'] as const) {
      const r = report[kind];
      expect(r.kind).toBe(kind);
      for (const figure of [r.startMs, r.roundTripMs, r.oneWorkerMs, r.allWorkersMs, r.speedup]) {
        expect(Number.isFinite(figure) && figure > 0, kind).toBe(true);
      }
      if (process.platform === 'linux') expect(r.rssMbPerWorker, kind).not.toBeNull();
    }
  });

  it('refuses no images', async () => {
    await expect(runProcesses([], [{ id: 'invert' }])).rejects.toThrow(/at least one image/);
  });
});
