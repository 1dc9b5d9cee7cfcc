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
import {
  type LabProcessesKind,
  type LabProcessesPoint,
  type LabProcessesReport,
  pipelineSpecOf,
  workerCountsUpTo,
} from '../../shared/lab/processes';
import { POOL_KINDS, type PoolKind } from '../../shared/pools';
import type { PipelineStep } from '../../workers/filters/types';
import { median } from '../benchmark/statistics';
import { FilterPool } from '../pool/index';
import type { LabeledImage } from '../pool/types';
import type { SlotSpawner } from '../pool/worker-slot';
import { noiseOf, spreadOf, withMachineCheck } from './machine';

/** The report's shapes are declared once, in shared/lab/processes.ts, for the CLI and the app alike. */
export type KindResult = LabProcessesKind;
export type ProcessesPoint = LabProcessesPoint;
export type ProcessesReport = LabProcessesReport;

export interface ProcessesOptions {
  /** Workers of each kind in the largest pool (default one per core). */
  workers?: number;
  /** Timed runs of each figure (default 3). */
  runs?: number;
  /** Called after each step, with the steps done, the steps in all and what comes next. */
  onStep?: (done: number, total: number, label: string) => void;
  /** Stops the experiment at its next step (a pipeline in flight is cancelled): it rejects with the reason. */
  signal?: AbortSignal;
  /** Time a calibration loop before and after, to tell a busy machine (default true). */
  checkMachine?: boolean;
  /** How the processes are started (the desktop app's utilityProcess); left out, child_process.fork. */
  processSpawner?: SlotSpawner;
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

/** The steps of one kind, for progress: the starts, the memory, the warm-up, then each run's figures. */
function stepsPerKind(runs: number, counts: number): number {
  return runs + 2 + runs * (1 + counts);
}

interface KindContext {
  images: readonly LabeledImage[];
  steps: readonly PipelineStep[];
  workers: number;
  runs: number;
  counts: readonly number[];
  signal?: AbortSignal;
  processSpawner?: SlotSpawner;
  /** One step done; `next` says what comes. */
  step(next: string): void;
}

async function measureKind(kind: PoolKind, ctx: KindContext): Promise<KindResult> {
  const { images, steps, workers, runs, counts, signal } = ctx;
  const startRunsMs: number[] = [];
  for (let k = 0; k < runs; k++) {
    signal?.throwIfAborted();
    let pool: FilterPool | undefined;
    startRunsMs.push(
      await timed(
        async () =>
          (pool = await FilterPool.create({ size: workers, pool: kind, processSpawner: ctx.processSpawner })),
      ),
    );
    await pool?.terminate();
    ctx.step(k + 1 < runs ? `${kind}: start-up ${k + 2}/${runs}` : `${kind}: memory per worker`);
  }
  signal?.throwIfAborted();
  // Memory per worker as a worker costs it when idle, before any pixels arrive (a run's shared memory
  // and strips would count the images, not the worker).
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const pools: FilterPool[] = [];
  try {
    const largestPool = await FilterPool.create({
      size: workers,
      pool: kind,
      transport: 'copy',
      processSpawner: ctx.processSpawner,
    });
    pools.push(largestPool);
    let rssMbPerWorker: number | null;
    if (kind === 'processes') {
      const sizes = largestPool.threadIds.map(rssMbOf);
      rssMbPerWorker = sizes.some((mb) => mb === null)
        ? null
        : (sizes as number[]).reduce((a, b) => a + b, 0) / sizes.length;
    } else {
      // Threads share this process: what the pool added, per thread (never below 0: the garbage
      // collector may give back more than the threads took meanwhile).
      rssMbPerWorker = Math.max(0, (process.memoryUsage().rss / 2 ** 20 - rssBefore) / workers);
    }
    ctx.step(`${kind}: warming up ${counts.length} pools`);
    // One pool per worker count (the largest is the one just measured), the counts taking turns run
    // after run so that each is read against the others measured at the same time.
    const byCount = new Map<number, FilterPool>([[workers, largestPool]]);
    for (const size of counts) {
      signal?.throwIfAborted();
      if (byCount.has(size)) continue;
      const pool = await FilterPool.create({
        size,
        pool: kind,
        transport: 'copy',
        processSpawner: ctx.processSpawner,
      });
      pools.push(pool);
      byCount.set(size, pool);
    }
    const one = byCount.get(1) as FilterPool;
    const largest = images.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    // An empty pipeline: the photo goes to one worker as one strip and comes back as it was.
    const roundTrip = () => one.apply(largest, [], { stripRows: largest.height, signal });
    const run = (pool: FilterPool) => pool.map(images, steps, { signal });
    await roundTrip();
    for (const size of counts) await run(byCount.get(size) as FilterPool);
    ctx.step(`${kind}: run 1/${runs}, round trip`);
    const roundTripRunsMs: number[] = [];
    const countRunsMs = counts.map((): number[] => []);
    for (let k = 0; k < runs; k++) {
      roundTripRunsMs.push(await timed(roundTrip));
      ctx.step(`${kind}: run ${k + 1}/${runs}, ${counts[0]} worker`);
      for (const [i, size] of counts.entries()) {
        countRunsMs[i].push(await timed(() => run(byCount.get(size) as FilterPool)));
        const next = counts[i + 1];
        ctx.step(
          next !== undefined
            ? `${kind}: run ${k + 1}/${runs}, ${next} workers`
            : k + 1 < runs
              ? `${kind}: run ${k + 2}/${runs}, round trip`
              : `${kind}: done`,
        );
      }
    }
    const oneMs = median(countRunsMs[0]);
    const points = counts.map((size, i): LabProcessesPoint => {
      const ms = median(countRunsMs[i]);
      return { workers: size, ms, runsMs: countRunsMs[i], speedup: oneMs / ms };
    });
    const top = points.at(-1) as LabProcessesPoint;
    return {
      kind,
      startMs: median(startRunsMs),
      startRunsMs,
      rssMbPerWorker,
      roundTripMs: median(roundTripRunsMs),
      roundTripRunsMs,
      oneWorkerMs: oneMs,
      allWorkersMs: top.ms,
      speedup: top.speedup,
      points,
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.terminate()));
  }
}

export async function runProcesses(
  images: readonly LabeledImage[],
  steps: readonly PipelineStep[],
  options: ProcessesOptions = {},
): Promise<ProcessesReport> {
  const workers = options.workers ?? availableParallelism();
  const runs = options.runs ?? 3;
  if (images.length === 0) throw new RangeError('processes: at least one image is needed');
  checkWholeNumber('workers', workers, 1);
  checkWholeNumber('runs', runs, 1);
  const counts = workerCountsUpTo(workers);
  const total = POOL_KINDS.length * stepsPerKind(runs, counts.length);
  let done = 0;
  const { result, machine } = await withMachineCheck(
    options.checkMachine ?? true,
    async () => {
      const results = {} as Record<PoolKind, KindResult>;
      for (const kind of POOL_KINDS) {
        options.onStep?.(done, total, `${kind}: start-up 1/${runs}`);
        results[kind] = await measureKind(kind, {
          images,
          steps,
          workers,
          runs,
          counts,
          signal: options.signal,
          processSpawner: options.processSpawner,
          step: (next) => options.onStep?.(++done, total, next),
        });
      }
      return results;
    },
    options.signal,
  );
  const { threads, processes } = result;
  const spreads = POOL_KINDS.flatMap((kind) => [
    spreadOf(`${kind}: start-up`, result[kind].startRunsMs),
    spreadOf(`${kind}: round trip`, result[kind].roundTripRunsMs),
    ...result[kind].points.map((p) =>
      spreadOf(`${kind}: ${p.workers} worker${p.workers === 1 ? '' : 's'}`, p.runsMs),
    ),
  ]);
  return {
    filters: pipelineSpecOf(steps),
    workers,
    images: images.length,
    megapixels: images.reduce((sum, image) => sum + (image.width * image.height) / 1e6, 0),
    runs,
    threads,
    processes,
    machine,
    noise: noiseOf(spreads),
  };
}
