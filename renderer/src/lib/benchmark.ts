import { BENCHMARK_SCHEDULE_INFO } from '../../../shared/contract';
import type { BenchmarkRunView } from '../api/types';

/**
 * A short name for one configuration: "Serial", "2 workers · shared"; in the whole job, where two
 * schedules run, "2 workers · shared · whole images", and the reference "sharp script · 2 at once".
 */
export function runLabel(
  run: Pick<BenchmarkRunView, 'scope' | 'mode' | 'workers' | 'transport' | 'schedule'>,
): string {
  if (run.mode === 'serial') return 'Serial';
  if (run.mode === 'reference') return `sharp script · ${run.workers} at once`;
  const pool = `${run.workers} worker${run.workers === 1 ? '' : 's'} · ${run.transport ?? '?'}`;
  return run.scope === 'job' && run.schedule
    ? `${pool} · ${BENCHMARK_SCHEDULE_INFO[run.schedule].title}`
    : pool;
}

/**
 * The largest worker count the forms offer: twice the cores, and at least 4, so that a small machine can
 * show oversubscription too.
 */
export function oversubscribedWorkers(cores: number): number {
  return Math.max(4, cores * 2);
}

/** Worker counts worth offering: every count up to the cores, then a few beyond to show oversubscription. */
export function workerChoices(cores: number, maxWorkers: number): number[] {
  const counts = new Set<number>();
  if (cores <= 6) for (let n = 1; n <= cores; n++) counts.add(n);
  else {
    for (let n = 1; n < cores; n *= 2) counts.add(n);
    counts.add(cores);
  }
  counts.add(oversubscribedWorkers(cores));
  return [...counts].filter((n) => n >= 1 && n <= maxWorkers).sort((a, b) => a - b);
}
