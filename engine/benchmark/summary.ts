/**
 * A run of the report from its samples: medians, the per-pair speedup with its interval, the spread, the
 * outliers, the split of the median sample, and the run's warnings.
 */
import type { KernelChoice } from '../../shared/kernels';
import type { Contender, Sample } from './contenders';
import { median, medianIndex, spread, summarizePairs, tukeyOutliers } from './statistics';
import type { BenchmarkRun, BenchmarkScope, TimeSplit } from './types';
import { type RunFacts, runWarnings } from './warnings';

/** The filter scope's decode and encode, timed once beside the runs (the job scope times its own). */
export interface OnceTimes {
  decodeMs: number;
  encodeMs: number;
}

type Measured = Pick<
  BenchmarkRun,
  'medianMs' | 'megapixelsPerSecond' | 'samplesMs' | 'cv' | 'minMs' | 'maxMs'
> & {
  split: TimeSplit;
  workerBusyShare: number[];
};

function measured(samples: readonly Sample[], totalMegapixels: number, once: OnceTimes | null): Measured {
  const samplesMs = samples.map((s) => s.ms);
  const medianMs = median(samplesMs);
  const at = samples[medianIndex(samplesMs)];
  const { cv, min, max } = spread(samplesMs);
  return {
    medianMs,
    megapixelsPerSecond: totalMegapixels / (medianMs / 1000),
    samplesMs,
    cv,
    minMs: min,
    maxMs: max,
    split: once ? { ...at.split, ...once } : { ...at.split },
    workerBusyShare: at.busyMsByWorker.map((ms) => ms / at.ms),
  };
}

/** What the warning rules know of a run: itself, and for a job run the filter scope's twin. */
export function runFacts(
  run: Omit<BenchmarkRun, 'warnings'>,
  runs: readonly Omit<BenchmarkRun, 'warnings'>[],
): RunFacts {
  if (run.scope !== 'job' || run.mode !== 'pool') return run;
  // The filter scope has strips only: both of the job's schedules share its twin.
  const twin = runs.find(
    (r) =>
      r.scope === 'filter' && r.mode === 'pool' && r.workers === run.workers && r.transport === run.transport,
  );
  return { ...run, filterComputeRatio: twin?.computeRatio ?? null };
}

/** Every run with its warnings (warnings.ts). */
export function withWarnings(runs: readonly Omit<BenchmarkRun, 'warnings'>[], cores: number): BenchmarkRun[] {
  return runs.map((run) => ({ ...run, warnings: runWarnings(runFacts(run, runs), cores) }));
}

export function serialRun(
  scope: BenchmarkScope,
  samples: readonly Sample[],
  totalMegapixels: number,
  once: OnceTimes | null,
  kernels: KernelChoice,
): Omit<BenchmarkRun, 'warnings'> {
  const m = measured(samples, totalMegapixels, once);
  return {
    scope,
    mode: 'serial',
    workers: 1,
    transport: null,
    schedule: null,
    kernels,
    ...m,
    speedup: 1,
    speedupCI: [1, 1],
    efficiency: 1,
    outliers: tukeyOutliers(m.samplesMs).indices.length,
    pairs: samples.length,
    pairSpeedups: [],
    computeRatio: null,
  };
}

/**
 * A pool (or sharp script) run from its pairs: `serial[i]` and `pool[i]` were measured side by side.
 * `kernels`: what it ran, null for the script (sharp's own code).
 */
export function poolRun(
  contender: Contender,
  serial: readonly Sample[],
  pool: readonly Sample[],
  totalMegapixels: number,
  once: OnceTimes | null,
  kernels: KernelChoice | null,
): Omit<BenchmarkRun, 'warnings'> {
  const m = measured(pool, totalMegapixels, once);
  const pairs = summarizePairs(
    serial.map((s) => s.ms),
    m.samplesMs,
  );
  // The script's compute is sharp's, inside one call: nothing to compare with the baseline's kernels.
  const computeRatio =
    contender.mode === 'pool'
      ? median(pool.map((p, i) => p.split.computeMs / serial[i].split.computeMs))
      : null;
  return {
    scope: contender.scope,
    mode: contender.mode,
    workers: contender.workers,
    transport: contender.transport,
    schedule: contender.schedule,
    kernels,
    ...m,
    speedup: pairs.median,
    speedupCI: pairs.interval,
    efficiency: pairs.median / contender.workers,
    outliers: pairs.outliers,
    pairs: pool.length,
    pairSpeedups: pairs.speedups,
    computeRatio,
  };
}
