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
 * Beside the batch queue it always serves, a host listens on a machines experiment's queue while the
 * experiment names it (enrolment.ts), announces itself in Redis while it runs (host-registry.ts), and
 * stamps every job's times and its pool tasks' on Redis's clock (redis-clock.ts), so that the
 * experiment can draw every host's workers on one time axis.
 *
 * Failures: a refused job (malformed, unknown filter, paths outside the roots) and a file at fault
 * (ImageError) fail at once with BullMQ's UnrecoverableError: every host would fail them alike. Anything
 * else (the output folder, the pool) is thrown plainly, so BullMQ retries it with backoff, possibly on
 * another host.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Job, Worker, WorkerOptions } from 'bullmq';
import { messageOf } from '../../shared/errors';
import { DEFAULT_POOL_KIND, type PoolKind } from '../../shared/pools';
import { maxImagesInFlight, runBatch } from '../batch/index';
import type { BatchResult } from '../batch/types';
import { FilterPool, type TaskEvent } from '../pool/index';
import { ENROLMENT_POLL_MS, readEnrolment } from './enrolment';
import { announceHost, HOST_RENEW_MS, withdrawHost } from './host-registry';
import {
  checkImageJob,
  IMAGE_QUEUE,
  type ImageJobProgress,
  type ImageJobResult,
  type ImageJobTimeline,
  JobRefusedError,
} from './job';
import {
  connectionOptions,
  DEFAULT_STALL_SECONDS,
  loadBullMQ,
  loadIoredis,
  MAX_STALLED,
  stallTimings,
} from './queue-client';
import { type ClockReading, readRedisClock } from './redis-clock';
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
  /** The stall interval, in seconds: the longest a job of this host, if it dies, waits to be taken back (queue-client.ts). */
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

/** How often a host reads Redis's clock again (clocks drift apart by a few ms a minute at most). */
const CLOCK_EVERY_MS = 30_000;

export async function startWorkerHost(opts: WorkerHostOptions): Promise<WorkerHost> {
  const { Worker, UnrecoverableError } = await loadBullMQ();
  const { Redis } = await loadIoredis();
  const { log, roots, name } = opts;
  const { redact } = opts.redis;
  const stallMs = (opts.stallSeconds ?? DEFAULT_STALL_SECONDS) * 1000;
  const create = opts.createPool ?? ((o) => FilterPool.create(o));
  const pool = await create({ size: opts.workers, pool: opts.poolKind });
  const concurrency = opts.jobs ?? maxImagesInFlight(opts.workers ?? availableParallelism());
  const abandoning = new AbortController();
  const runs = new Set<Promise<unknown>>();

  // The pool labels each task with its image's input path (run-batch.ts): the running job of that input collects it.
  // Two jobs of one input (two outputs of it) share a list, kept while either runs.
  const collecting = new Map<string, { tasks: TaskEvent[]; jobs: number }>();
  const stopListening = pool.onTask((event) => collecting.get(event.label)?.tasks.push(event));

  // Announcements, the clock and the enrolment go through a connection of their own, so that they
  // never wait behind a worker's blocking read.
  const control = new Redis(connectionOptions(opts.redis, `pixelpool-worker-${name}-control`));
  control.on('error', () => {});
  let clock: ClockReading = await readRedisClock(control);
  let clockReadAt = performance.now();
  const onRedisClock = (epochMs: number) => epochMs + clock.offsetMs;

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<ImageJobResult> => {
    const startedAt = performance.now();
    const startedEpoch = performance.timeOrigin + startedAt;
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
    const collected = collecting.get(checked.input) ?? { tasks: [], jobs: 0 };
    collected.jobs += 1;
    collecting.set(checked.input, collected);
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
      collected.jobs -= 1;
      if (collected.jobs === 0) collecting.delete(checked.input);
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
    const endedAt = performance.now();
    const timeline: ImageJobTimeline = {
      startedAt: onRedisClock(startedEpoch),
      endedAt: onRedisClock(performance.timeOrigin + endedAt),
      tasks: collected.tasks
        .filter((t) => t.startedAt >= startedEpoch)
        .map((t) => ({
          worker: t.workerId,
          startedAt: onRedisClock(t.startedAt),
          endedAt: onRedisClock(t.endedAt),
        })),
      clockUncertaintyMs: clock.uncertaintyMs,
    };
    return {
      host: name,
      output: written?.output ?? skipped.output,
      written: written !== undefined,
      bytes: written?.bytes ?? 0,
      megapixels: written?.megapixels ?? 0,
      ms: endedAt - startedAt,
      queuedMs,
      timeline,
    };
  };

  const workerOptions: WorkerOptions = {
    connection: connectionOptions(opts.redis, `pixelpool-worker-${name}`),
    name,
    concurrency,
    ...stallTimings(stallMs),
    maxStalledCount: MAX_STALLED,
  };
  const startWorker = (queue: string): Worker => {
    const worker = new Worker(queue, processor, workerOptions);
    worker.on('error', (err) => log(`error: ${redact(messageOf(err))}`));
    worker.on('completed', (job, result: ImageJobResult) =>
      log(
        `${result.written ? 'wrote' : 'left alone (another file was there)'} ${result.output} in ${Math.round(result.ms)} ms (job ${job.id})`,
      ),
    );
    worker.on('failed', (job, err) => log(`failed job ${job?.id ?? '?'}: ${redact(err.message)}`));
    // Emitted by the host whose stalled check took the job back, whichever host had it.
    worker.on('stalled', (jobId) =>
      log(`took back job ${jobId}: its host went silent for the stall interval`),
    );
    return worker;
  };
  const worker = startWorker(IMAGE_QUEUE);
  await worker.waitUntilReady();

  // The control loop: the host's entry, the clock, and the machines experiment's queue while it names this host.
  const me = {
    name,
    workers: pool.size,
    pool: opts.poolKind ?? DEFAULT_POOL_KIND,
    cores: availableParallelism(),
    jobs: concurrency,
  };
  let enrolled: { queue: string; worker: Worker } | undefined;
  let stopped = false;
  let announcedAt = Number.NEGATIVE_INFINITY;
  let lastProblem: string | undefined;
  const leave = async () => {
    const was = enrolled;
    enrolled = undefined;
    if (was === undefined) return;
    await was.worker.close();
    log(`left the machines experiment's queue ${was.queue}`);
  };
  const tick = async () => {
    if (performance.now() - announcedAt >= HOST_RENEW_MS) {
      await announceHost(control, me);
      announcedAt = performance.now();
    }
    if (performance.now() - clockReadAt >= CLOCK_EVERY_MS) {
      clock = await readRedisClock(control);
      clockReadAt = performance.now();
    }
    const enrolment = await readEnrolment(control);
    const queue = enrolment?.hosts.includes(name) ? enrolment.queue : undefined;
    if (queue === enrolled?.queue) return;
    await leave();
    if (queue === undefined || stopped) return;
    const joined = startWorker(queue);
    enrolled = { queue, worker: joined };
    await joined.waitUntilReady();
    log(`joined the machines experiment's queue ${queue}`);
  };
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  const loop = () => {
    ticking = tick()
      .then(() => {
        lastProblem = undefined;
      })
      .catch((err: unknown) => {
        const problem = redact(messageOf(err));
        if (problem !== lastProblem) log(`the control connection: ${problem}`);
        lastProblem = problem;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, ENROLMENT_POLL_MS);
      });
  };
  loop();
  const stopControl = async (withdraw: boolean) => {
    stopped = true;
    clearTimeout(timer);
    await ticking;
    await leave().catch(() => undefined);
    if (withdraw) await withdrawHost(control, name).catch(() => undefined);
    control.disconnect();
  };

  return {
    concurrency,
    async drain() {
      try {
        await stopControl(true);
        await worker.close();
      } finally {
        stopListening();
        await pool.terminate();
      }
    },
    async abandon() {
      abandoning.abort();
      await Promise.allSettled([...runs]);
      stopListening();
      await pool.terminate();
      void stopControl(false).catch(() => undefined);
    },
  };
}
