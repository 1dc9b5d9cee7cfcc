import { describe, expect, it } from 'vitest';
import { amdahlSpeedup, fitAmdahl } from './amdahl';

describe('fitAmdahl', () => {
  it('recovers the serial fraction from exact synthetic speedups', () => {
    for (const f of [0, 0.02, 0.1, 0.35, 1]) {
      const points = [1, 2, 4, 8, 16].map((workers) => ({ workers, speedup: amdahlSpeedup(f, workers) }));
      const fit = fitAmdahl(points);
      expect(fit?.serialFraction).toBeCloseTo(f, 6);
      expect(fit?.rmse).toBeCloseTo(0, 6);
      expect(fit?.maxSpeedup ?? null).toEqual(f === 0 ? null : expect.closeTo(1 / f, 3));
    }
  });

  it('recovers it closely from noisy speedups, and from a single two-worker point', () => {
    const f = 0.05;
    const noise = [0.02, -0.03, 0.01, -0.02];
    const points = [2, 3, 4, 6].map((workers, i) => ({
      workers,
      speedup: amdahlSpeedup(f, workers) + noise[i],
    }));
    expect(fitAmdahl(points)?.serialFraction).toBeCloseTo(f, 2);
    // One point determines f exactly: 1.9x on 2 workers means f = 2/1.9 - 1.
    expect(fitAmdahl([{ workers: 2, speedup: 1.9 }])?.serialFraction).toBeCloseTo(2 / 1.9 - 1, 6);
  });

  it('clamps to [0, 1]: superlinear speedups give 0, slowdowns give 1', () => {
    expect(fitAmdahl([{ workers: 2, speedup: 2.3 }])?.serialFraction).toBe(0);
    expect(fitAmdahl([{ workers: 2, speedup: 0.7 }])?.serialFraction).toBe(1);
  });

  it('has nothing to fit without a run on more than one worker', () => {
    expect(fitAmdahl([])).toBeNull();
    expect(fitAmdahl([{ workers: 1, speedup: 0.98 }])).toBeNull();
  });

  it('reports the model beside each measured point', () => {
    const fit = fitAmdahl([
      { workers: 1, speedup: 0.97 },
      { workers: 2, speedup: 1.9 },
    ]);
    expect(fit?.points.map((p) => p.workers)).toEqual([1, 2]);
    expect(fit?.points[0].predicted).toBeCloseTo(1, 12);
    expect(fit?.points[1].predicted).toBeCloseTo(1.9, 6);
  });
});
