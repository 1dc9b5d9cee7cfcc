import { amdahlSpeedup } from '../../shared/amdahl';
import { bootstrapMedians, median, percentileInterval } from './statistics';
import type { AmdahlFit } from './types';

export { amdahlSpeedup };

function squaredError(points: readonly { workers: number; speedup: number }[], f: number): number {
  let sum = 0;
  for (const p of points) sum += (p.speedup - amdahlSpeedup(f, p.workers)) ** 2;
  return sum;
}

/**
 * Least-squares fit of the serial fraction f in S(n) = 1 / (f + (1 - f) / n), f within [0, 1].
 * The error is not convex in f in general, so scan a grid first and then refine around the best cell
 * by golden-section search. Points at n = 1 carry no information (S(1) = 1 for every f) and are ignored.
 * Returns null when no point has n > 1.
 */
export function fitAmdahl(measured: readonly { workers: number; speedup: number }[]): AmdahlFit | null {
  const points = measured.filter((p) => p.workers > 1 && Number.isFinite(p.speedup) && p.speedup > 0);
  if (points.length === 0) return null;

  const steps = 1000;
  let best = 0;
  let bestError = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= steps; i++) {
    const error = squaredError(points, i / steps);
    if (error < bestError) {
      bestError = error;
      best = i / steps;
    }
  }
  let lo = Math.max(0, best - 1 / steps);
  let hi = Math.min(1, best + 1 / steps);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (squaredError(points, a) <= squaredError(points, b)) hi = b;
    else lo = a;
  }
  const mid = (lo + hi) / 2;
  const f = squaredError(points, mid) <= bestError ? mid : best;

  return {
    serialFraction: f,
    maxSpeedup: f > 0 ? 1 / f : null,
    rmse: Math.sqrt(squaredError(points, f) / points.length),
    points: measured.map((p) => ({
      workers: p.workers,
      speedup: p.speedup,
      predicted: amdahlSpeedup(f, p.workers),
    })),
  };
}

/** One configuration's pairs: the worker count and its per-pair speedups. */
export interface PairedPoint {
  workers: number;
  speedups: readonly number[];
}

/**
 * fitAmdahl over the median per-pair speedup of each point, with a 95% percentile-bootstrap interval of f:
 * every point's pairs are resampled (with replacement), their medians refitted, 2000 times from a fixed
 * seed. Returns null when no point has more than one worker.
 */
export function fitAmdahlWithInterval(
  points: readonly PairedPoint[],
): (AmdahlFit & { serialFractionCI: [number, number] }) | null {
  const fit = fitAmdahl(points.map((p) => ({ workers: p.workers, speedup: median(p.speedups) })));
  if (!fit) return null;
  const fitted = points.filter((p) => p.workers > 1);
  const fractions = bootstrapMedians(fitted.map((p) => p.speedups)).map(
    (medians) =>
      fitAmdahl(medians.map((speedup, i) => ({ workers: fitted[i].workers, speedup })))?.serialFraction ??
      fit.serialFraction,
  );
  return { ...fit, serialFractionCI: percentileInterval(fractions) };
}
