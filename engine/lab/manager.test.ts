import { describe, expect, it } from 'vitest';
import { runManager } from './manager';

describe('runManager', () => {
  it('counts every update, by message and in shared memory, and says what each cost', async () => {
    const steps: [number, number, string][] = [];
    const report = await runManager(2, 2000, {
      checkMachine: false,
      onStep: (done, total, label) => steps.push([done, total, label]),
    });
    expect(steps).toEqual([
      [0, 2, 'message: 4000 updates'],
      [1, 2, 'shared: 4000 updates'],
      [2, 2, 'Done'],
    ]);
    expect(report.machine.warnings).toEqual([]);
    expect([report.workers, report.updatesPerWorker, report.updates]).toEqual([2, 2000, 4000]);
    expect(report.results.map((r) => [r.mode, r.counted])).toEqual([
      ['message', 4000],
      ['shared', 4000],
    ]);
    for (const r of report.results) expect(r.microsecondsPerUpdate).toBeCloseTo((r.ms * 1000) / 4000, 6);
  });

  it('stops a mode in flight when cancelled: it rejects with the reason, long before the updates are done', async () => {
    const controller = new AbortController();
    const run = runManager(2, 50_000_000, {
      checkMachine: false,
      signal: controller.signal,
      onStep: (done) => {
        if (done === 0) setTimeout(() => controller.abort(new Error('cancelled by the test')), 50);
      },
    });
    await expect(run).rejects.toThrow('cancelled by the test');
  });

  it('refuses no updates', async () => {
    await expect(runManager(1, 0)).rejects.toThrow(/updates must be a whole number >= 1, got 0/);
  });
});
