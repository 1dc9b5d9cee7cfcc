/**
 * The benchmark's statistics. Pure: no I/O, no clock, no Math.random (every resampling is seeded, so a
 * report is a deterministic function of its samples).
 *
 * The method, after hyperfine, criterion and pyperf, for a machine whose speed drifts by up to 1.7x from
 * one run to the next (shared caches, memory, frequency; CPU time drifts as much as wall time):
 * - serial and pool runs are measured in adjacent pairs, and the speedup is computed *per pair*
 *   (serial ms / pool ms of the same pair), so drift slower than a pair cancels out of each ratio;
 * - the pairs' speedups are summarised by their **median** (robust to a pair hit by a hiccup);
 * - its uncertainty is a **95% percentile-bootstrap interval of the median** (2000 resamples, seeded).
 *   The bootstrap needs no assumption about the shape of the ratios' distribution, which on this
 *   machine is bimodal at times. With few pairs it is close to the distribution-free order-statistic
 *   interval (with 5 pairs both are about [min, max], which covers the true median 94% of the time);
 *   statistics.test.ts checks its coverage over seeded log-normal trials;
 * - spread: the coefficient of variation (sample standard deviation / mean), min and max;
 * - outliers: **Tukey's fences**, outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR] with quartiles by linear
 *   interpolation (as criterion does). Counted and reported, never dropped: the median needs no trimming.
 */

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  return medianOfSorted([...values].sort((a, b) => a - b));
}

function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Index of the sample closest to the median: its breakdown is the one reported. */
export function medianIndex(values: readonly number[]): number {
  const m = median(values);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i] - m) < Math.abs(values[best] - m)) best = i;
  return best;
}

/** The p-quantile (0..1) of sorted values, linear interpolation between order statistics (R's type 7). */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty list');
  const at = (sorted.length - 1) * Math.min(Math.max(p, 0), 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Speedup of each pair: serial ms / pool ms of the same pair. The lists must be as long as each other. */
export function pairSpeedups(serialMs: readonly number[], poolMs: readonly number[]): number[] {
  if (serialMs.length !== poolMs.length) {
    throw new RangeError(`pairs: ${serialMs.length} serial samples for ${poolMs.length} pool samples`);
  }
  return serialMs.map((s, i) => s / poolMs[i]);
}

/**
 * mulberry32: a small, fast, seeded PRNG with uniform output in [0, 1). Good enough for resampling. (The
 * kernels' tests have the same generator in workers/test-images.ts, a test-only file.)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BOOTSTRAP_RESAMPLES = 2000;
export const CONFIDENCE = 0.95;
/** Every interval of a report is drawn from this seed, so the same samples give the same interval. */
export const BOOTSTRAP_SEED = 0x5eed_cafe;

export interface BootstrapOptions {
  resamples?: number;
  /** 0.95 for a 95% interval. */
  confidence?: number;
  seed?: number;
}

/**
 * Medians of `resamples` bootstrap resamples of each list (drawn with replacement, same size as the list),
 * from one seeded stream: `medians[b][k]` is the median of resample b of `lists[k]`. Lists resampled
 * together share the stream, so a fit over them (Amdahl's f) is resampled consistently.
 */
export function bootstrapMedians(
  lists: readonly (readonly number[])[],
  resamples = BOOTSTRAP_RESAMPLES,
  seed = BOOTSTRAP_SEED,
): number[][] {
  for (const list of lists) if (list.length === 0) throw new RangeError('bootstrap of an empty list');
  const random = seededRandom(seed);
  const out: number[][] = [];
  const scratch = lists.map((list) => new Float64Array(list.length));
  for (let b = 0; b < resamples; b++) {
    out.push(
      lists.map((list, k) => {
        const draw = scratch[k];
        for (let i = 0; i < list.length; i++) draw[i] = list[Math.floor(random() * list.length)];
        draw.sort();
        return medianOfSorted(draw as unknown as number[]);
      }),
    );
  }
  return out;
}

/** The central `confidence` interval of a bootstrap distribution, by its percentiles. */
export function percentileInterval(estimates: readonly number[], confidence = CONFIDENCE): [number, number] {
  const sorted = [...estimates].sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return [quantileOfSorted(sorted, tail), quantileOfSorted(sorted, 1 - tail)];
}

/**
 * The 95% (by default) percentile-bootstrap confidence interval of the median of `values`. One value
 * gives [value, value]: no interval can be had from it, which the warnings say (warnings.ts).
 */
export function medianInterval(values: readonly number[], opts: BootstrapOptions = {}): [number, number] {
  const medians = bootstrapMedians([values], opts.resamples, opts.seed).map(([m]) => m);
  return percentileInterval(medians, opts.confidence);
}

export interface Spread {
  mean: number;
  /** Sample standard deviation (n - 1); 0 for one value. */
  sd: number;
  /** Coefficient of variation: sd / mean. */
  cv: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('spread of an empty list');
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, cv: mean !== 0 ? sd / mean : 0, min: Math.min(...values), max: Math.max(...values) };
}

/** Tukey's fences: 1.5 IQR beyond the quartiles. */
export const TUKEY_K = 1.5;

export interface Outliers {
  /** Values below `low` or above `high` are outliers. */
  low: number;
  high: number;
  /** Positions of the outliers in the input. */
  indices: number[];
}

/** Tukey's fences on `values`; fewer than 4 values have no quartiles worth the name and give no outlier. */
export function tukeyOutliers(values: readonly number[], k = TUKEY_K): Outliers {
  if (values.length < 4) return { low: -Infinity, high: Infinity, indices: [] };
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileOfSorted(sorted, 0.25);
  const q3 = quantileOfSorted(sorted, 0.75);
  const low = q1 - k * (q3 - q1);
  const high = q3 + k * (q3 - q1);
  const indices: number[] = [];
  values.forEach((v, i) => {
    if (v < low || v > high) indices.push(i);
  });
  return { low, high, indices };
}

/** What a report says of a list of per-pair speedups. */
export interface PairSummary {
  speedups: number[];
  median: number;
  /** 95% bootstrap interval of the median. */
  interval: [number, number];
  /** Interval half-width / median: "± 2.1%". */
  relativeHalfWidth: number;
  outliers: number;
}

export function summarizePairs(serialMs: readonly number[], poolMs: readonly number[]): PairSummary {
  const speedups = pairSpeedups(serialMs, poolMs);
  const m = median(speedups);
  const interval = medianInterval(speedups);
  return {
    speedups,
    median: m,
    interval,
    relativeHalfWidth: relativeHalfWidth(interval, m),
    outliers: tukeyOutliers(speedups).indices.length,
  };
}

export function relativeHalfWidth([low, high]: readonly [number, number], centre: number): number {
  return centre > 0 ? (high - low) / 2 / centre : Infinity;
}
