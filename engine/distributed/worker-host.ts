/**
 * A worker host: takes image jobs from the queue and runs each as a one-file batch on this machine's
 * pool, through runBatch itself, so a job's output is byte for byte what a local batch writes (the
 * same decode, pipeline, encode and temp-name-and-rename commit).
 *
 * Why a one-file runBatch per job: every promise of the local batch (memory admission, no partial file,
 * inputs never written, a bad file failing alone) holds for a job without a second code path. The
 * output's name comes from the job (the submitter settled it) and a file already there with this job's
 * very bytes counts as written (RerunPolicy 'same-bytes-written'), so a job run twice — its first host
 * died after the rename — writes its output once.
 *
 * Failures: a refused job (malformed, unknown filter, paths outside the roots) and a file at fault
 * (ImageError) fail at once with BullMQ's UnrecoverableError: every host would fail them alike. Anything
 * else (the output folder, the pool) is thrown plainly, so BullMQ retries it with backoff, possibly on
 * another host.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { messageOf } from '../../shared/errors';
import type { PoolKind } from '../../shared/pools';
import { maxImagesInFlight, runBatch } from '../batch/index';
import type { BatchResult } from '../batch/types';
import { FilterPool } from '../pool/index';
import {
  checkImageJob,
  IMAGE_QUEUE,
  type ImageJobProgress,
  type ImageJobResult,
  JobRefusedError,
} from './job';
import { connectionOptions, DEFAULT_STALL_SECONDS, loadBullMQ, MAX_STALLED } from './queue-client';
import type { RedisTarget } from './redis-url';
import type { Roots } from './roots';

export interface WorkerHostOptions {
  redis: RedisTarget;
  /** How this host names itself in the queue and in every result (--name). */
  name: string;
  roots: Roots;
  /** The pool's workers (default: one per core). */
  workers?: number;
  poolKind?: PoolKind;
  /** Images taken from the queue at once (default: as many as a local batch keeps in flight). */
  jobs?: number;
  /** BullMQ's lock duration and stalled-check interval, in seconds (queue-client.ts). */
  stallSeconds?: number;
  /** Starts the pool (the CLI wraps it to keep its signal handlers). */
  createPool?: (opts: { size?: number; pool?: PoolKind }) => Promise<FilterPool>;
  /** Every line the host has to say; already without the password. */
  log(line: string): void;
}

export interface WorkerHost {
  /** Images taken at once. */
  readonly concurrency: number;
  /** Stops taking jobs and resolves once the running ones are finished and reported. */
  drain(): Promise<void>;
  /**
   * Stops the running jobs without reporting them: their temp files are removed and the jobs stay
   * locked until the lock runs out, when another host takes them (BullMQ's stalled-job check).
   */
  abandon(): Promise<void>;
}

export async function startWorkerHost(opts: WorkerHostOptions): Promise<WorkerHost> {
  const { Worker, UnrecoverableError } = await loadBullMQ();
  const { log, roots, name } = opts;
  const { redact } = opts.redis;
  const stallMs = (opts.stallSeconds ?? DEFAULT_STALL_SECONDS) * 1000;
  const create = opts.createPool ?? ((o) => FilterPool.create(o));
  const pool = await create({ size: opts.workers, pool: opts.poolKind });
  const concurrency = opts.jobs ?? maxImagesInFlight(opts.workers ?? availableParallelism());
  const abandoning = new AbortController();
  const runs = new Set<Promise<unknown>>();

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<ImageJobResult> => {
    const startedAt = performance.now();
    const queuedMs = Math.max(0, Date.now() - job.timestamp);
    let checked: Awaited<ReturnType<typeof checkImageJob>>;
    try {
      checked = await checkImageJob(job.data, roots);
    } catch (err) {
      if (err instanceof JobRefusedError) throw new UnrecoverableError(redact(err.message));
      throw err;
    }
    const progress: ImageJobProgress = { host: name, state: 'running' };
    await job.updateProgress(progress);
    log(`started ${checked.input} -> ${join(checked.outDir, checked.fileName)} (job ${job.id})`);
    const stop = signal ? AbortSignal.any([abandoning.signal, signal]) : abandoning.signal;
    const run = runBatch(
      {
        inputs: [checked.input],
        outDir: checked.outDir,
        outputName: checked.fileName,
        onConflict: checked.overwrite ? 'overwrite' : 'skip',
        rerun: 'same-bytes-written',
        steps: checked.steps,
        format: checked.format,
        quality: checked.quality,
        metadata: checked.metadata,
        stripGps: checked.stripGps,
        kernels: checked.kernels,
        schedule: checked.schedule,
        pool,
      },
      { signal: stop },
    );
    runs.add(run);
    let result: BatchResult;
    try {
      result = await run;
    } catch (err) {
      // The output folder failed as a whole (BatchError), not the file: worth another try, maybe elsewhere.
      throw new Error(redact(`${checked.input}: ${messageOf(err)}`));
    } finally {
      runs.delete(run);
    }
    if (result.cancelled) {
      // Abandoned: never reported, so the job stays locked and comes back when the lock runs out.
      if (abandoning.signal.aborted) await new Promise<never>(() => {});
      throw new UnrecoverableError(`${checked.input}: cancelled on ${name}`);
    }
    const failure = result.failed[0];
    if (failure !== undefined) {
      const reason = redact(failure.error);
      throw failure.kind === undefined ? new Error(reason) : new UnrecoverableError(reason);
    }
    const written = result.outputs[0];
    const skipped = result.skippedFiles[0];
    if (written === undefined && skipped === undefined)
      throw new UnrecoverableError(`${checked.input}: not an image this host would edit`);
    return {
      host: name,
      output: written?.output ?? skipped.output,
      written: written !== undefined,
      bytes: written?.bytes ?? 0,
      megapixels: written?.megapixels ?? 0,
      ms: performance.now() - startedAt,
      queuedMs,
    };
  };

  const worker = new Worker(IMAGE_QUEUE, processor, {
    connection: connectionOptions(opts.redis, `pixelpool-worker-${name}`),
    name,
    concurrency,
    lockDuration: stallMs,
    stalledInterval: stallMs,
    maxStalledCount: MAX_STALLED,
  });
  worker.on('error', (err) => log(`error: ${redact(messageOf(err))}`));
  worker.on('completed', (job, result: ImageJobResult) =>
    log(
      `${result.written ? 'wrote' : 'left alone (another file was there)'} ${result.output} in ${Math.round(result.ms)} ms (job ${job.id})`,
    ),
  );
  worker.on('failed', (job, err) => log(`failed job ${job?.id ?? '?'}: ${redact(err.message)}`));
  await worker.waitUntilReady();

  return {
    concurrency,
    async drain() {
      try {
        await worker.close();
      } finally {
        await pool.terminate();
      }
    },
    async abandon() {
      abandoning.abort();
      await Promise.allSettled([...runs]);
      await pool.terminate();
    },
  };
}
