/**
 * The lab's `cores` experiment: oversubscription. The same pipeline on the same decoded photos through
 * pools of 1 up to twice as many workers as the machine has cores, the worker counts taking turns round
 * after round, so that the throughput at each count is read against the others measured at the same
 * time. Past the cores more threads only share them: the experiment says where adding workers stopped
 * helping (Python's advice: `Pool(processes=os.cpu_count())`).
 */

import { availableParallelism } from 'node:os';
import { checkWholeNumber } from '../../shared/errors';
import type { PipelineStep } from '../../workers/filters/types';
import { median } from '../benchmark/statistics';
import { FilterPool } from '../pool/index';
import type { LabeledImage } from '../pool/types';

export interface CoresPoint {
  workers: number;
  /** Median over the runs of the time to filter every image, ms. */
  ms: number;
  runsMs: number[];
  megapixelsPerSecond: number;
  /** Throughput over the 1-worker pool's. */
  speedup: number;
}

export interface CoresReport {
  cores: number;
  images: number;
  megapixels: number;
  runs: number;
  points: CoresPoint[];
  /**
   * The worker count after which no larger one was at least `GAIN_THAT_COUNTS` faster: where adding
   * workers stopped helping.
   */
  stopsHelpingAt: number;
}

/** A throughput gain smaller than this (5%) is within this machine's run-to-run noise. */
export const GAIN_THAT_COUNTS = 1.05;

export interface CoresOptions {
  /** Largest pool (default twice the cores). */
  maxWorkers?: number;
  /** Timed runs per worker count (default 3), after one untimed run of each. */
  runs?: number;
  /** The cores to count on (default os.availableParallelism()). */
  cores?: number;
}

/** The smallest worker count that no larger count beat by GAIN_THAT_COUNTS. */
export function whereItStopsHelping(
  points: readonly Pick<CoresPoint, 'workers' | 'megapixelsPerSecond'>[],
): number {
  for (const point of points) {
    const better = points.some(
      (other) =>
        other.workers > point.workers &&
        other.megapixelsPerSecond >= point.megapixelsPerSecond * GAIN_THAT_COUNTS,
    );
    if (!better) return point.workers;
  }
  return points.at(-1)?.workers ?? 1;
}

export async function runCores(
  images: readonly LabeledImage[],
  steps: readonly PipelineStep[],
  options: CoresOptions = {},
): Promise<CoresReport> {
  const cores = options.cores ?? availableParallelism();
  const maxWorkers = options.maxWorkers ?? 2 * cores;
  const runs = options.runs ?? 3;
  checkWholeNumber('the largest pool', maxWorkers, 1);
  checkWholeNumber('runs', runs, 1);
  const megapixels = images.reduce((sum, image) => sum + (image.width * image.height) / 1e6, 0);
  const counts = Array.from({ length: maxWorkers }, (_, k) => k + 1);
  const pools: FilterPool[] = [];
  try {
    for (const size of counts) pools.push(await FilterPool.create({ size }));
    // Each pool's images in its own shared memory, once: the runs time the filtering, not the copies.
    const shared = pools.map((pool) => images.map((image) => pool.shareImage(image)));
    const timeOnce = async (k: number): Promise<number> => {
      const start = performance.now();
      const results = await pools[k].map(
        shared[k].map((s) => s.image),
        steps,
        { output: 'shared' },
      );
      const ms = performance.now() - start;
      for (const result of results) result.release();
      return ms;
    };
    for (let k = 0; k < pools.length; k++) await timeOnce(k);
    const samples = counts.map((): number[] => []);
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < pools.length; k++) samples[k].push(await timeOnce(k));
    }
    const points = counts.map((workers, k): CoresPoint => {
      const ms = median(samples[k]);
      return { workers, ms, runsMs: samples[k], megapixelsPerSecond: megapixels / (ms / 1000), speedup: 0 };
    });
    for (const point of points) point.speedup = point.megapixelsPerSecond / points[0].megapixelsPerSecond;
    return {
      cores,
      images: images.length,
      megapixels,
      runs,
      points,
      stopsHelpingAt: whereItStopsHelping(points),
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.terminate()));
  }
}
