/**
 * The speedup chart's x axis, which stops where the machine does: worker counts up to the cores sit at
 * their own value, and the ideal line ends at the cores; counts above the cores (oversubscribed) are
 * placed one step apart in a separate band after them, so that 16 workers on 2 cores neither stretches
 * the axis nor pretends the ideal keeps rising.
 */

export interface SpeedupAxis {
  cores: number;
  /** Where the ideal line and the in-core part of the axis end (≤ cores). */
  inCoreEnd: number;
  /** Measured counts above the cores, ascending. */
  oversubscribed: number[];
  domain: [number, number];
  /** The shaded band of oversubscribed counts, in axis positions; null when there are none. */
  band: [number, number] | null;
  /** Tick positions, ascending. */
  ticks: number[];
  /** Where a worker count is drawn. */
  position(workers: number): number;
  /** The worker count a tick position stands for (for the tick label). */
  label(position: number): string;
  /** The ideal (n×) line: from 1 worker to inCoreEnd. */
  ideal: { x: number; speedup: number }[];
}

export function speedupAxis(workerCounts: readonly number[], cores: number): SpeedupAxis {
  const c = Math.max(1, Math.floor(cores));
  const counts = [...new Set(workerCounts.filter((n) => n >= 1))].sort((a, b) => a - b);
  const over = counts.filter((n) => n > c);
  const inCore = counts.filter((n) => n <= c);
  // With oversubscribed counts measured the in-core part runs to the cores (the band starts there);
  // else to the largest count measured (at least 2, when the machine has 2).
  const inCoreEnd = over.length ? c : Math.min(c, Math.max(2, ...inCore));
  const overPosition = new Map(over.map((n, i) => [n, inCoreEnd + i + 1]));
  const position = (n: number) => (n <= c ? n : (overPosition.get(n) ?? inCoreEnd + over.length + 1));
  const lastPosition = inCoreEnd + over.length;
  const pad = inCoreEnd === 1 ? 0.5 : 0;
  const domain: [number, number] = [1 - pad, over.length ? lastPosition + 0.5 : inCoreEnd + pad];
  const band: [number, number] | null = over.length ? [inCoreEnd + 0.5, lastPosition + 0.5] : null;

  const inCoreTicks =
    inCoreEnd <= 8
      ? Array.from({ length: inCoreEnd }, (_, i) => i + 1)
      : [...new Set([1, ...inCore, inCoreEnd])].sort((a, b) => a - b);
  const ticks = [...inCoreTicks, ...over.map((n) => position(n))];
  const byPosition = new Map<number, number>([...over.map((n) => [position(n), n] as const)]);
  const label = (p: number) => String(byPosition.get(p) ?? p);
  const ideal = [
    { x: 1, speedup: 1 },
    { x: inCoreEnd, speedup: inCoreEnd },
  ];
  return { cores: c, inCoreEnd, oversubscribed: over, domain, band, ticks, position, label, ideal };
}

/** Whole-number y ticks from 0 to a top that shows the ideal's end, every measured point and its interval. */
export function speedupTicks(idealTop: number, highest: number): { max: number; ticks: number[] } {
  const max = Math.ceil(Math.max(1, idealTop, highest) + 0.25);
  const step = max > 10 ? 2 : 1;
  return { max, ticks: Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step) };
}
