/**
 * The lab's `processes` experiment: threads against processes on the same pipeline and photos, the
 * same engine code under both (FilterPool with `pool: 'threads'` or `'processes'`). For each kind:
 * how long a pool takes to start, the memory each worker adds, what moving a photo to a worker and back
 * costs (the `copy` transport under both: a structured clone between threads, an IPC message to a
 * process), and the speedup of N workers over one on the pipeline. Python's `threading` against
 * `multiprocessing.Process`: processes start slower, hold more memory, and pay to serialise every
 * argument, in exchange for running on every core (which threads here do too).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { checkWholeNumber } from '../../shared/errors';
import { POOL_KINDS, type PoolKind } from '../../shared/pools';
import type { PipelineStep } from '../../workers/filters/types';
import { median } from '../benchmark/statistics';
import { FilterPool } from '../pool/index';
import type { LabeledImage } from '../pool/types';

export interface KindResult {
  kind: PoolKind;
  /** Median time to start a pool of `workers` and have every worker ready, ms. */
  startMs: number;
  /** Resident memory each worker adds, MB; null where it cannot be read (not Linux). */
  rssMbPerWorker: number | null;
  /** Median time to send the largest photo to one worker and get it back unchanged, ms. */
  roundTripMs: number;
  /** Median time of the pipeline over every photo with one worker and with `workers`, ms. */
  oneWorkerMs: number;
  allWorkersMs: number;
  /** oneWorkerMs / allWorkersMs. */
  speedup: number;
}

export interface ProcessesReport {
  workers: number;
  images: number;
  megapixels: number;
  runs: number;
  threads: KindResult;
  processes: KindResult;
}

/** VmRSS of a process in MB, from /proc (Linux); null elsewhere. */
function rssMbOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function measureKind(
  kind: PoolKind,
  images: readonly LabeledImage[],
  steps: readonly PipelineStep[],
  workers: number,
  runs: number,
): Promise<KindResult> {
  const starts: number[] = [];
  for (let k = 0; k < runs; k++) {
    let pool: FilterPool | undefined;
    starts.push(await timed(async () => (pool = await FilterPool.create({ size: workers, pool: kind }))));
    await pool?.terminate();
  }
  // Memory per worker as a worker costs it when idle, before any pixels arrive (a run's shared memory
  // and strips would count the images, not the worker).
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const all = await FilterPool.create({ size: workers, pool: kind, transport: 'copy' });
  let rssMbPerWorker: number | null;
  if (kind === 'processes') {
    const sizes = all.threadIds.map(rssMbOf);
    rssMbPerWorker = sizes.some((mb) => mb === null)
      ? null
      : (sizes as number[]).reduce((a, b) => a + b, 0) / sizes.length;
  } else {
    // Threads share this process: what the pool added, per thread (never below 0: the garbage
    // collector may give back more than the threads took meanwhile).
    rssMbPerWorker = Math.max(0, (process.memoryUsage().rss / 2 ** 20 - rssBefore) / workers);
  }
  const one = await FilterPool.create({ size: 1, pool: kind, transport: 'copy' });
  try {
    const largest = images.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    // An empty pipeline: the photo goes to one worker as one strip and comes back as it was.
    const roundTrip = () => one.apply(largest, [], { stripRows: largest.height });
    await roundTrip();
    await one.map(images, steps);
    await all.map(images, steps);
    const trips: number[] = [];
    const oneMs: number[] = [];
    const allMs: number[] = [];
    for (let k = 0; k < runs; k++) {
      trips.push(await timed(roundTrip));
      oneMs.push(await timed(() => one.map(images, steps)));
      allMs.push(await timed(() => all.map(images, steps)));
    }
    const oneWorkerMs = median(oneMs);
    const allWorkersMs = median(allMs);
    return {
      kind,
      startMs: median(starts),
      rssMbPerWorker,
      roundTripMs: median(trips),
      oneWorkerMs,
      allWorkersMs,
      speedup: oneWorkerMs / allWorkersMs,
    };
  } finally {
    await Promise.all([one.terminate(), all.terminate()]);
  }
}

export async function runProcesses(
  images: readonly LabeledImage[],
  steps: readonly PipelineStep[],
  options: { workers?: number; runs?: number } = {},
): Promise<ProcessesReport> {
  const workers = options.workers ?? availableParallelism();
  const runs = options.runs ?? 3;
  if (images.length === 0) throw new RangeError('processes: at least one image is needed');
  checkWholeNumber('workers', workers, 1);
  checkWholeNumber('runs', runs, 1);
  const results = {} as Record<PoolKind, KindResult>;
  for (const kind of POOL_KINDS) results[kind] = await measureKind(kind, images, steps, workers, runs);
  return {
    workers,
    images: images.length,
    megapixels: images.reduce((sum, image) => sum + (image.width * image.height) / 1e6, 0),
    runs,
    threads: results.threads,
    processes: results.processes,
  };
}
