/**
 * The speedup chart's x axis, which stops where the machine does: worker counts up to the cores sit at
 * their own value, and the ideal line ends at the cores; counts above the cores (oversubscribed) are
 * placed one step apart in a separate band after them, so that 16 workers on 2 cores neither stretches
 * the axis nor pretends the ideal keeps rising.
 */
import { BENCHMARK_SCHEDULE_INFO } from '../../../shared/contract';
import type { BenchmarkMode, BenchmarkSchedule } from '../api/types';

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

export interface ChartRunFacts {
  mode: BenchmarkMode;
  schedule?: BenchmarkSchedule | null;
  workers: number;
  speedup: number;
  efficiency: number;
  speedupCI: readonly [number, number] | null;
}

export interface ChartFitFacts {
  trusted: boolean;
  note: string | null;
}

/**
 * What the chart shows, in words, under it: where the axis and the ideal stop, what the shaded band
 * is, what the whiskers are, and each oddity a reader should not have to hover to learn about.
 */
export function speedupChartNotes(
  runs: readonly ChartRunFacts[],
  axis: SpeedupAxis,
  fit: ChartFitFacts | null,
): string[] {
  const pool = runs.filter((r) => r.mode === 'pool');
  const notes: string[] = [];
  notes.push(
    axis.inCoreEnd === axis.cores
      ? `The ideal (n×) stops at ${axis.cores} worker${axis.cores === 1 ? '' : 's'}: this machine has ${axis.cores} core${axis.cores === 1 ? '' : 's'}.`
      : `The axis ends at ${axis.inCoreEnd} workers, the most measured; this machine has ${axis.cores} cores.`,
  );
  if (axis.oversubscribed.length) {
    const list = axis.oversubscribed.join(', ');
    notes.push(
      `Shaded: ${list} workers, more workers than the ${axis.cores} cores. They take turns on the cores, so no gain is expected there; the dashed line only joins them to the rest.`,
    );
  }
  if (pool.some((r) => r.speedupCI)) notes.push('Whiskers: the 95% interval of each speedup.');
  const one = pool.filter((r) => r.workers === 1 && r.efficiency > 1);
  if (one.length) {
    const worst = one.reduce((a, b) => (b.efficiency > a.efficiency ? b : a));
    notes.push(
      `1 worker at ${worst.speedup.toFixed(2)}× (${Math.round(worst.efficiency * 100)}% efficiency): a pool of one cannot beat one thread, so about ${Math.round((worst.efficiency - 1) * 100)}% of every figure here is noise.`,
    );
  }
  if (pool.some((r) => r.speedup > axis.cores))
    notes.push(
      `Points above ${axis.cores}× are more than this machine's cores can give: noise, see the warnings.`,
    );
  if (pool.some((r) => r.schedule === 'images') && pool.some((r) => r.schedule === 'strips')) {
    const { strips, images } = BENCHMARK_SCHEDULE_INFO;
    notes.push(
      `Round dots: ${strips.title} (${strips.idea}); square dots: ${images.title} (${images.idea}).`,
    );
  }
  if (runs.some((r) => r.mode === 'reference'))
    notes.push(
      'Grey, dotted: the sharp script, as many files at once as the pool has workers (x), its speedup over the same one-thread job: the reference PixelPool is compared with.',
    );
  if (fit && !fit.trusted)
    notes.push(`No Amdahl curve: ${fit.note ?? 'the fit is not trusted for this run.'}`);
  else if (fit?.note) notes.push(`Amdahl fit: ${fit.note}`);
  return notes;
}
