/**
 * Amdahl's law: with a serial fraction f of the work, n workers give at most
 * S(n) = 1 / (f + (1 - f) / n). The engine fits f to the measured runs with this formula
 * (engine/benchmark/amdahl.ts) and the speedup chart draws the fitted curve with it, so the curve
 * on screen is the model the fit used.
 */
export function amdahlSpeedup(serialFraction: number, workers: number): number {
  const f = Math.min(Math.max(serialFraction, 0), 1);
  return 1 / (f + (1 - f) / workers);
}

/** Points of the curve from 1 to maxWorkers, with a few steps between whole counts for a smooth line. */
export function amdahlCurve(
  serialFraction: number,
  maxWorkers: number,
): { workers: number; speedup: number }[] {
  const points: { workers: number; speedup: number }[] = [];
  const steps = 4;
  for (let i = 0; i <= (maxWorkers - 1) * steps; i++) {
    const n = 1 + i / steps;
    points.push({ workers: n, speedup: amdahlSpeedup(serialFraction, n) });
  }
  return points;
}
