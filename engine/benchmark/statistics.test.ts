/**
 * The statistics against known values and seeded distributions: no clock, no timing, deterministic.
 */
import { describe, expect, it } from 'vitest';
import {
  median,
  medianIndex,
  medianInterval,
  pairSpeedups,
  quantileOfSorted,
  relativeHalfWidth,
  seededRandom,
  spread,
  summarizePairs,
  tukeyOutliers,
} from './statistics';

/** A standard normal draw (Box-Muller) from a seeded uniform stream. */
function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * n pairs of a serial time (true median 150 ms) and a pool time (true median 80 ms), each log-normal, both
 * multiplied by the same per-pair drift of the machine: the true median of serial/pool is 150/80.
 */
function seededPairs(
  random: () => number,
  n: number,
  drift: () => number,
  sigma = 0.05,
): { serial: number[]; pool: number[] } {
  const serial: number[] = [];
  const pool: number[] = [];
  for (let i = 0; i < n; i++) {
    const machine = drift();
    serial.push(150 * machine * Math.exp(sigma * normal(random)));
    pool.push(80 * machine * Math.exp(sigma * normal(random)));
  }
  return { serial, pool };
}
const TRUE_RATIO = 150 / 80;

describe('median, medianIndex, quantiles', () => {
  it('gives known values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
    expect(medianIndex([10, 30, 21, 40, 25])).toBe(4);
    expect(medianIndex([10, 30, 21, 40])).toBe(1); // median 25.5: 30 and 21 tie, the first wins
    const sorted = [1, 2, 3, 4];
    expect(quantileOfSorted(sorted, 0)).toBe(1);
    expect(quantileOfSorted(sorted, 0.25)).toBe(1.75); // R's type 7
    expect(quantileOfSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileOfSorted(sorted, 1)).toBe(4);
  });
});

describe('pairSpeedups', () => {
  it('divides each serial time by the pool time of its pair', () => {
    expect(pairSpeedups([100, 300], [50, 100])).toEqual([2, 3]);
    expect(() => pairSpeedups([1, 2], [1])).toThrow(/pairs/);
  });
});

describe('spread', () => {
  it('gives the mean, the sample standard deviation, cv, min and max', () => {
    const s = spread([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.cv).toBeCloseTo(Math.sqrt(32 / 7) / 5, 12);
    expect([s.min, s.max]).toEqual([2, 9]);
    expect(spread([7])).toMatchObject({ mean: 7, sd: 0, cv: 0, min: 7, max: 7 });
  });

  it("reads the issue's two clusters 1.7x apart as a cv far above 10%", () => {
    expect(spread([618, 877, 848, 887, 683]).cv).toBeCloseTo(0.158, 3);
  });
});

describe('tukeyOutliers (1.5 IQR beyond the quartiles)', () => {
  it('finds a high and a low outlier on hand-made data', () => {
    // Quartiles 11.25 and 13.75, IQR 2.5: fences 7.5 and 17.5.
    const high = tukeyOutliers([10, 11, 12, 13, 14, 100]);
    expect(high.low).toBeCloseTo(11.25 - 3.75, 12);
    expect(high.high).toBeCloseTo(13.75 + 3.75, 12);
    expect(high.indices).toEqual([5]);
    expect(tukeyOutliers([50, 100, 101, 102, 103, 104]).indices).toEqual([0]);
  });

  it('keeps values on the fences, finds none in tight data, and none in fewer than 4 values', () => {
    // [1, 2, 3, 4, 8.5]: Q1 2, Q3 4, upper fence exactly 7: 8.5 is out, 7 would not be.
    expect(tukeyOutliers([1, 2, 3, 4, 8.5]).indices).toEqual([4]);
    expect(tukeyOutliers([1, 2, 3, 4, 7]).indices).toEqual([]);
    expect(tukeyOutliers([1.9, 1.91, 1.89, 1.92, 1.9, 1.88]).indices).toEqual([]);
    // Tight data has tight fences: 1.88 is 1.5 IQR below Q1 when the others sit within 0.01.
    expect(tukeyOutliers([1.9, 1.91, 1.88, 1.92, 1.9]).indices).toEqual([2]);
    expect(tukeyOutliers([1, 1, 1000]).indices).toEqual([]);
  });

  it("does not call the issue's second cluster outliers (it is not a few stray points)", () => {
    expect(tukeyOutliers([618, 877, 848, 887, 683]).indices).toEqual([]);
  });
});

describe('seededRandom', () => {
  it('is deterministic and uniform on [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(seededRandom(8)()).not.toBe(seededRandom(7)());
  });
});

describe('medianInterval (95% percentile bootstrap of the median)', () => {
  it('is a deterministic function of the values, and contains the median', () => {
    const values = [1.91, 1.85, 1.88, 1.95, 1.8, 1.9, 1.87];
    const ci = medianInterval(values);
    expect(medianInterval([...values])).toEqual(ci);
    expect(ci[0]).toBeLessThanOrEqual(median(values));
    expect(ci[1]).toBeGreaterThanOrEqual(median(values));
    expect(ci[0]).toBeGreaterThanOrEqual(Math.min(...values));
    expect(ci[1]).toBeLessThanOrEqual(Math.max(...values));
  });

  it('is a point for one value or identical values', () => {
    expect(medianInterval([1.5])).toEqual([1.5, 1.5]);
    expect(medianInterval([2, 2, 2, 2])).toEqual([2, 2]);
  });

  it('is [min, max] for 5 values (the 2.5% tails are each the extreme order statistic)', () => {
    expect(medianInterval([5, 1, 4, 2, 3])).toEqual([1, 5]);
  });

  it('covers the true ratio in about 95% of 400 seeded trials of 10 log-normal pairs', () => {
    const random = seededRandom(20_260_101);
    // The machine's speed drifts widely from pair to pair (log-normal, sigma 0.25: 1.7x between its
    // 10th and 90th percentiles), and each run has its own 5% noise on top.
    const drift = () => Math.exp(0.25 * normal(random));
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const { serial, pool } = seededPairs(random, 10, drift);
      const [low, high] = medianInterval(pairSpeedups(serial, pool), { seed: t + 1 });
      if (low <= TRUE_RATIO && TRUE_RATIO <= high) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
    expect(covered / trials).toBeLessThanOrEqual(0.99);
  });

  it('covers it with 20 pairs of noisier runs too, and the interval narrows as pairs are added', () => {
    const random = seededRandom(99);
    const drift = () => Math.exp(0.25 * normal(random));
    let covered = 0;
    const widths: Record<number, number[]> = { 5: [], 20: [] };
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const { serial, pool } = seededPairs(random, 20, drift, 0.1);
      const speedups = pairSpeedups(serial, pool);
      const ci = medianInterval(speedups, { seed: t + 1 });
      if (ci[0] <= TRUE_RATIO && TRUE_RATIO <= ci[1]) covered++;
      widths[20].push(ci[1] - ci[0]);
      const five = medianInterval(speedups.slice(0, 5), { seed: t + 1 });
      widths[5].push(five[1] - five[0]);
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
    expect(covered / trials).toBeLessThanOrEqual(0.99);
    expect(median(widths[20])).toBeLessThan(median(widths[5]) * 0.7);
  });
});

describe('summarizePairs', () => {
  it('cancels drift shared by the two runs of a pair: two clusters 1.7x apart leave the speedup alone', () => {
    // The serial samples fell in two clusters 1.7x apart. If the pool run next to each serial run
    // saw the same machine, every pair's ratio is the true one and the interval is tight around it.
    const random = seededRandom(5);
    const { serial, pool } = seededPairs(random, 10, () => (random() < 0.5 ? 1 : 1.7), 0.01);
    expect(spread(serial).cv).toBeGreaterThan(0.2);
    const summary = summarizePairs(serial, pool);
    expect(summary.speedups).toHaveLength(10);
    expect(Math.abs(summary.median / TRUE_RATIO - 1)).toBeLessThan(0.01);
    expect(summary.interval[0]).toBeLessThanOrEqual(summary.median);
    expect(summary.interval[1]).toBeGreaterThanOrEqual(summary.median);
    expect(summary.relativeHalfWidth).toBeLessThan(0.01);
  });

  it('counts an outlying pair without letting it move the median', () => {
    const serial = [150, 151, 149, 150, 152, 150, 300];
    const pool = [80, 80, 80, 81, 80, 79, 80];
    const summary = summarizePairs(serial, pool);
    expect(summary.outliers).toBe(1);
    expect(summary.median).toBeCloseTo(1.8875, 9); // the middle of the seven; the 3.75x pair is not in it
  });

  it('gives the relative half-width of an interval', () => {
    expect(relativeHalfWidth([1.9, 2.1], 2)).toBeCloseTo(0.05, 12);
    expect(relativeHalfWidth([1, 1], 0)).toBe(Infinity);
  });
});
