import { describe, expect, it } from 'vitest';
import { amdahlSpeedup, fitAmdahl, fitAmdahlWithInterval } from './amdahl';
import { seededRandom } from './statistics';

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

describe('fitAmdahlWithInterval', () => {
  /** n per-pair speedups around Amdahl's S(workers) for f, each with seeded multiplicative noise of ±spread. */
  function pairs(f: number, workers: number, n: number, random: () => number, spread = 0.04): number[] {
    return Array.from({ length: n }, () => amdahlSpeedup(f, workers) * (1 + spread * (2 * random() - 1)));
  }

  it('fits the median pair of each point and brackets the true f with its 95% interval', () => {
    const random = seededRandom(11);
    const points = [1, 2, 4].map((workers) => ({ workers, speedups: pairs(0.1, workers, 15, random) }));
    const fit = fitAmdahlWithInterval(points);
    expect(fit?.serialFraction).toBeCloseTo(0.1, 1);
    const [low, high] = fit?.serialFractionCI ?? [0, 0];
    expect(low).toBeLessThanOrEqual(0.1);
    expect(high).toBeGreaterThanOrEqual(0.1);
    expect(low).toBeLessThanOrEqual(fit?.serialFraction ?? 0);
    expect(high).toBeGreaterThanOrEqual(fit?.serialFraction ?? 1);
    expect(fitAmdahlWithInterval(points)).toEqual(fit); // seeded: the same pairs give the same interval
  });

  it('gives a wider interval for noisier pairs', () => {
    const width = (spread: number) => {
      const random = seededRandom(3);
      const fit = fitAmdahlWithInterval([{ workers: 2, speedups: pairs(0.05, 2, 9, random, spread) }]);
      return (fit?.serialFractionCI[1] ?? 0) - (fit?.serialFractionCI[0] ?? 0);
    };
    expect(width(0.2)).toBeGreaterThan(width(0.02) * 3);
  });

  it('has nothing to fit without a point on more than one worker', () => {
    expect(fitAmdahlWithInterval([{ workers: 1, speedups: [0.98, 1.01] }])).toBeNull();
  });
});
