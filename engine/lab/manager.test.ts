import { describe, expect, it } from 'vitest';
import { runManager } from './manager';

describe('runManager', () => {
  it('counts every update, by message and in shared memory, and says what each cost', async () => {
    const report = await runManager(2, 2000);
    expect([report.workers, report.updatesPerWorker, report.updates]).toEqual([2, 2000, 4000]);
    expect(report.results.map((r) => [r.mode, r.counted])).toEqual([
      ['message', 4000],
      ['shared', 4000],
    ]);
    for (const r of report.results) expect(r.microsecondsPerUpdate).toBeCloseTo((r.ms * 1000) / 4000, 6);
  });

  it('refuses no updates', async () => {
    await expect(runManager(1, 0)).rejects.toThrow(/updates must be a whole number >= 1, got 0/);
  });
});
