import { describe, expect, it } from 'vitest';
import { batchStats, type StatsSource } from './stats';

const source = (over: Partial<StatsSource> = {}): StatsSource => ({
  total: 10,
  processed: 0,
  skipped: 0,
  failed: [],
  megapixels: 0,
  ...over,
});

describe('batchStats', () => {
  it('has no rate and no time left before anything is finished', () => {
    expect(batchStats(source(), 0)).toEqual({
      total: 10,
      done: 0,
      failed: 0,
      skipped: 0,
      elapsedMs: 0,
      rate: 0,
      etaMs: null,
      megapixelsDone: 0,
      megapixelsPerSecond: 0,
    });
    expect(batchStats(source(), 5000).etaMs).toBeNull();
  });

  it('counts written, failed and skipped files in the rate and the time left, written ones only in megapixels', () => {
    const stats = batchStats(
      source({ processed: 2, skipped: 1, failed: [{ path: '/x.jpg', error: 'x' }], megapixels: 24 }),
      2000,
    );
    expect([stats.done, stats.failed, stats.skipped]).toEqual([2, 1, 1]);
    expect(stats.rate).toBe(2); // 4 files in 2 s
    expect(stats.etaMs).toBe(3000); // 6 left at 2 a second
    expect([stats.megapixelsDone, stats.megapixelsPerSecond]).toEqual([24, 12]);
  });

  it('has nothing left once every file is finished', () => {
    expect(batchStats(source({ total: 3, processed: 3, megapixels: 3 }), 1500).etaMs).toBe(0);
  });
});
