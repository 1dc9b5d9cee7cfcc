/**
 * The lab's `cores` experiment: oversubscription. The same pipeline on the same decoded photos through
 * pools of 1 up to twice as many workers as the machine has cores, the worker counts taking turns round
 * after round, so that the throughput at each count is read against the others measured at the same
 * time. Past the cores more threads only share them: the experiment says where adding workers stopped
 * helping (Python's advice: `Pool(processes=os.cpu_count())`).
 */

import { availableParallelism } from 'node:os';
import { checkWholeNumber } from '../../shared/errors';
import {
  GAIN_THAT_COUNTS,
  type LabCoresPoint,
  type LabCoresReport,
  whereItStopsHelping,
} from '../../shared/lab/cores';
import { pipelineSpecOf } from '../../shared/lab/processes';
import type { PipelineStep } from '../../workers/filters/types';
import { median } from '../benchmark/statistics';
import { FilterPool } from '../pool/index';
import type { LabeledImage } from '../pool/types';
import { noiseOf, spreadOf, withMachineCheck } from './machine';

/** The report's shapes and the rule of where it stops helping are in shared/lab/cores.ts, for the CLI and the app. */
export type CoresPoint = LabCoresPoint;
export type CoresReport = LabCoresReport;
export { GAIN_THAT_COUNTS, whereItStopsHelping };

export interface CoresOptions {
  /** Largest pool (default twice the cores). */
  maxWorkers?: number;
  /** Timed runs per worker count (default 3), after one untimed run of each. */
  runs?: number;
  /** The cores to count on (default os.availableParallelism()). */
  cores?: number;
  /** Called after each run of a count, with the runs done, the runs in all and what comes next. */
  onStep?: (done: number, total: number, label: string) => void;
  /** Stops the experiment at its next run (a run in flight is cancelled): it rejects with the reason. */
  signal?: AbortSignal;
  /** Time a calibration loop before and after, to tell a busy machine (default true). */
  checkMachine?: boolean;
}

export async function runCores(
  images: readonly LabeledImage[],
  steps: readonly PipelineStep[],
  options: CoresOptions = {},
): Promise<CoresReport> {
  const cores = options.cores ?? availableParallelism();
  const maxWorkers = options.maxWorkers ?? 2 * cores;
  const runs = options.runs ?? 3;
  const { signal, onStep } = options;
  checkWholeNumber('the largest pool', maxWorkers, 1);
  checkWholeNumber('runs', runs, 1);
  const megapixels = images.reduce((sum, image) => sum + (image.width * image.height) / 1e6, 0);
  const counts = Array.from({ length: maxWorkers }, (_, k) => k + 1);
  // Progress: the warm-up of every count, then every count's every run.
  const total = counts.length * (runs + 1);
  let done = 0;
  const step = (next: string) => onStep?.(++done, total, next);
  const pools: FilterPool[] = [];
  try {
    onStep?.(0, total, `Starting ${counts.length} pools, warming up 1 worker`);
    for (const size of counts) {
      signal?.throwIfAborted();
      pools.push(await FilterPool.create({ size }));
    }
    // Each pool's images in its own shared memory, once: the runs time the filtering, not the copies.
    const shared = pools.map((pool) => images.map((image) => pool.shareImage(image)));
    const timeOnce = async (k: number): Promise<number> => {
      signal?.throwIfAborted();
      const start = performance.now();
      const results = await pools[k].map(
        shared[k].map((s) => s.image),
        steps,
        { output: 'shared', signal },
      );
      const ms = performance.now() - start;
      for (const result of results) result.release();
      return ms;
    };
    const label = (round: number, k: number) =>
      round === 0 ? `Warming up ${counts[k]} workers` : `Run ${round}/${runs}: ${counts[k]} workers`;
    const next = (round: number, k: number) =>
      k + 1 < counts.length ? label(round, k + 1) : round < runs ? label(round + 1, 0) : 'Done';
    const { result: samples, machine } = await withMachineCheck(
      options.checkMachine ?? true,
      async () => {
        for (let k = 0; k < pools.length; k++) {
          await timeOnce(k);
          step(next(0, k));
        }
        const samples = counts.map((): number[] => []);
        for (let round = 0; round < runs; round++) {
          for (let k = 0; k < pools.length; k++) {
            samples[k].push(await timeOnce(k));
            step(next(round + 1, k));
          }
        }
        return samples;
      },
      signal,
    );
    const points = counts.map((workers, k): CoresPoint => {
      const ms = median(samples[k]);
      return { workers, ms, runsMs: samples[k], megapixelsPerSecond: megapixels / (ms / 1000), speedup: 0 };
    });
    for (const point of points) point.speedup = point.megapixelsPerSecond / points[0].megapixelsPerSecond;
    return {
      filters: pipelineSpecOf(steps),
      cores,
      images: images.length,
      megapixels,
      runs,
      points,
      stopsHelpingAt: whereItStopsHelping(points),
      machine,
      noise: noiseOf(
        points.map((p, k) => spreadOf(`${counts[k]} worker${counts[k] === 1 ? '' : 's'}`, p.runsMs)),
      ),
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.terminate()));
  }
}
