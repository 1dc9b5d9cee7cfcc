/**
 * The submitter of a distributed batch: plans the batch as a local one does (the same inputs, the same
 * names, plan.ts and OutputFolder.choose, settled in input order before any host writes), puts one job
 * per image in the queue, and turns what the worker hosts report into the local batch's events and
 * result, so the CLI's progress bar, ETA, summary and exit codes are the local batch's.
 *
 * Idempotent: a job's id is a hash of its input, output and options (job.ts, imageJobId), so
 * submitting the same batch again while its jobs wait or run adds nothing; a job of that id that
 * finished before this submission started is removed and added again, so this run's outcome is
 * what is reported. Cancelling removes the batch's jobs that no host has taken and waits a while for
 * those running; their hosts write them whole or not at all (temp name + rename).
 */
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { JobsOptions, Queue, QueueEvents } from 'bullmq';
import { messageOf, OptionError } from '../../shared/errors';
import { DEFAULT_OUTPUT_FORMAT } from '../../shared/formats';
import { DEFAULT_KERNELS, DEFAULT_SCHEDULE } from '../../shared/kernels';
import { metadataChoice } from '../../shared/metadata';
import { mirroredFolders } from '../batch/folders';
import { checkBatchOptions } from '../batch/index';
import { collectInputs, realPathOrAbsolute } from '../batch/inputs';
import { OutputFolder } from '../batch/output';
import { filePlanner } from '../batch/plan';
import { type FileRef, startRecording } from '../batch/recorder';
import type { BatchHooks, BatchOptions, BatchResult } from '../batch/types';
import { DEFAULT_QUALITY } from '../images/index';
import { describeIssues } from '../service/schemas';
import {
  IMAGE_JOB,
  IMAGE_QUEUE,
  type ImageJob,
  type ImageJobResult,
  imageJobId,
  imageJobResultSchema,
  JOB_VERSION,
} from './job';
import {
  BACKOFF_MS,
  connectionOptions,
  JOB_ATTEMPTS,
  KEEP_COMPLETED_SECONDS,
  KEEP_FAILED_SECONDS,
  loadBullMQ,
  probeRedis,
} from './queue-client';
import type { RedisTarget } from './redis-url';

export interface QueuedBatchOptions {
  redis: RedisTarget;
  /** How long a cancel waits for the jobs worker hosts are running (default 30 s). */
  cancelWaitMs?: number;
  /** How long to try to reach Redis before giving up (default 15 s). */
  connectTimeoutMs?: number;
  /** Lines about the queue itself (a lost connection); without the password. */
  log?(line: string): void;
  /**
   * How many worker hosts listen on the queue, told once the jobs are in and then every few seconds
   * while the batch runs (0: the batch waits for one). Not told when Redis does not say (an ACL
   * without CLIENT LIST).
   */
  onWorkerHosts?(count: number): void;
  /** The queue to submit to (default IMAGE_QUEUE; the machines experiment has queues of its own, enrolment.ts). */
  queue?: string;
  /** Every image a host finished, with its position in the batch: what its host says of it (its timeline). */
  onImageResult?(index: number, result: ImageJobResult): void;
}

export interface HostShare {
  name: string;
  images: number;
  megapixels: number;
}

export interface QueuedBatchResult extends BatchResult {
  /**
   * Per worker host (--name), in the order the hosts first reported: the images it wrote or left alone
   * and their megapixels. Not its busy time: a host runs several jobs at once, each waiting its turn on
   * the pool, so their times overlap and would add up to more than the batch took.
   */
  hosts: HostShare[];
  /** Jobs still running on worker hosts when a cancel stopped waiting: they are written whole, or not at all. */
  abandoned: number;
}

/** Redis could not be reached: the user's setup (exit 1), said with the redacted URL. */
export class QueueUnreachableError extends Error {
  override readonly name = 'QueueUnreachableError';
}

/** Jobs added per round trip while the batch is still being planned: the hosts start on the first ones. */
const ADD_CHUNK = 50;
/** How often jobs whose events were missed (a reconnect) are looked up, and how many at a time. */
const POLL_MS = 2000;
const POLL_BATCH = 500;
/** States a job can be removed in: no host holds it. */
const REMOVABLE = new Set(['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children']);

interface Pending {
  file: FileRef;
  job: ImageJob;
}

export async function runQueuedBatch(
  opts: BatchOptions,
  queued: QueuedBatchOptions,
  hooks: BatchHooks = {},
): Promise<QueuedBatchResult> {
  const edit = checkBatchOptions(opts);
  if (opts.serial)
    throw new OptionError('--serial', 'left out with --redis', true, 'the worker hosts run their own pools');
  const signal = hooks.signal;
  const { redact } = queued.redis;
  const log = (line: string) => queued.log?.(redact(line));
  const started = performance.now();
  const submittedAt = Date.now();
  const outDir = resolve(opts.outDir);
  const collected = await collectInputs(opts.inputs, { exclude: outDir });
  const { files } = collected;
  const { recorder, recordProblems } = startRecording(
    collected,
    outDir,
    started,
    (event) => hooks.onProgress?.(event),
    opts.kernels ?? DEFAULT_KERNELS,
  );
  const hosts = new Map<string, HostShare>();
  const finish = (cancelled: boolean, abandoned: number): QueuedBatchResult => ({
    ...recorder.finish(cancelled, 0),
    hosts: [...hosts.values()],
    abandoned,
  });
  if (files.length === 0) {
    recordProblems();
    return finish(false, 0);
  }

  const inputRealPaths = new Set(await Promise.all(files.map(realPathOrAbsolute)));
  const folder = await OutputFolder.open(outDir, opts.onConflict ?? 'suffix', inputRealPaths);
  const plan = filePlanner(opts, edit, files.length);
  const folders = mirroredFolders(files);

  const connectMs = queued.connectTimeoutMs ?? 15_000;
  await probeRedis(queued.redis, connectMs).catch((err: unknown) => {
    throw new QueueUnreachableError(`Cannot reach Redis at ${queued.redis.shown}: ${redact(messageOf(err))}`);
  });
  const { Queue, QueueEvents } = await loadBullMQ();
  const queueName = queued.queue ?? IMAGE_QUEUE;
  const queue: Queue = new Queue(queueName, {
    connection: connectionOptions(queued.redis, 'pixelpool-submitter'),
  });
  const events: QueueEvents = new QueueEvents(queueName, {
    connection: connectionOptions(queued.redis, 'pixelpool-submitter-events'),
  });
  let lastError: string | undefined;
  const onError = (err: unknown) => {
    const message = messageOf(err);
    if (message !== lastError) log(`Redis at ${queued.redis.shown}: ${message}`);
    lastError = message;
  };
  queue.on('error', onError);
  events.on('error', onError);

  const pending = new Map<string, Pending>();
  let wake: () => void = () => {};
  const changed = () => wake();
  const settleDone = (id: string, answer: unknown) => {
    const entry = pending.get(id);
    if (entry === undefined) return;
    // Whoever can write to the Redis can complete a job: a result is checked before it is believed.
    const parsed = imageJobResultSchema.safeParse(answer);
    if (!parsed.success) {
      settleFailed(
        id,
        `${entry.job.input}: the worker host's answer was malformed (${describeIssues(parsed.error)})`,
      );
      return;
    }
    const result = parsed.data;
    pending.delete(id);
    queued.onImageResult?.(entry.file.index, result);
    const share = hosts.get(result.host) ?? { name: result.host, images: 0, megapixels: 0 };
    share.images += 1;
    share.megapixels += result.megapixels;
    hosts.set(result.host, share);
    if (result.written)
      recorder.written({ ...entry.file, megapixels: result.megapixels }, result.output, result.bytes);
    else recorder.skipped(entry.file, result.output);
    changed();
  };
  const settleFailed = (id: string, reason: string) => {
    const entry = pending.get(id);
    if (entry === undefined) return;
    pending.delete(id);
    recorder.failed(entry.file, new Error(redact(reason)));
    changed();
  };
  events.on('completed', ({ jobId, returnvalue }) => settleDone(jobId, returnvalue));
  events.on('failed', ({ jobId, failedReason }) => settleFailed(jobId, failedReason));

  try {
    await untilReady(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), connectMs, () => {
      const why = lastError === undefined ? 'no answer' : lastError;
      return new QueueUnreachableError(
        `Cannot reach Redis at ${queued.redis.shown} within ${connectMs / 1000} s: ${redact(why)}`,
      );
    });
    recorder.start(files, 'queue');
    recordProblems();

    const jobOptions = (jobId: string): JobsOptions => ({
      jobId,
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: BACKOFF_MS },
      removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
      removeOnFail: { age: KEEP_FAILED_SECONDS },
    });
    const add = async (chunk: [string, Pending][]) => {
      for (const [id, entry] of chunk) pending.set(id, entry);
      await queue.addBulk(
        chunk.map(([id, { job }]) => ({ name: IMAGE_JOB, data: job, opts: jobOptions(id) })),
      );
      // A job of the same id that ended before this submission is an earlier batch's: run it again.
      for (const [id, { job }] of chunk) {
        const there = await queue.getJob(id);
        const finished = there?.finishedOn !== undefined && there.timestamp < submittedAt;
        if (there === undefined || !finished || !pending.has(id)) continue;
        await queue.remove(id);
        await queue.add(IMAGE_JOB, job, jobOptions(id));
      }
    };

    const overwrite = (opts.onConflict ?? 'suffix') === 'overwrite';
    let chunk: [string, Pending][] = [];
    for (let index = 0; index < files.length && !signal?.aborted; index++) {
      const file: FileRef = { index, path: files[index], startedAt: performance.now() };
      recorder.running(file);
      try {
        const planned = await plan(index, file.path, file.startedAt, folders.get(file.path));
        const choice = await folder.choose(planned.fileName);
        if (choice.skipped) {
          recorder.skipped(file, choice.path);
          continue;
        }
        const input = resolve(file.path);
        const job: ImageJob = {
          v: JOB_VERSION,
          input,
          outDir,
          fileName: relative(folder.path, choice.path),
          overwrite,
          steps: jobSteps(opts.steps),
          format: opts.format ?? DEFAULT_OUTPUT_FORMAT,
          quality: opts.quality ?? DEFAULT_QUALITY,
          ...metadataChoice(opts),
          kernels: opts.kernels ?? DEFAULT_KERNELS,
          schedule: opts.schedule ?? DEFAULT_SCHEDULE,
        };
        chunk.push([imageJobId(job, await stat(input)), { file, job }]);
      } catch (err) {
        recorder.failed(file, err);
      }
      if (chunk.length >= ADD_CHUNK) {
        await add(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0 && !signal?.aborted) await add(chunk);

    // Events can be missed across a reconnect: jobs not heard of are looked up, a few hundred a tick.
    const poll = async () => {
      const ids = [...pending.keys()].slice(0, POLL_BATCH);
      for (const id of ids) {
        const job = await queue.getJob(id);
        if (job === undefined) {
          settleFailed(id, `${pending.get(id)?.job.input}: its job left the queue unfinished`);
        } else if (job.finishedOn !== undefined) {
          // A finished job without a result failed: every result of a worker host is an object.
          if (job.returnvalue) settleDone(id, job.returnvalue);
          else settleFailed(id, job.failedReason ?? `${job.data.input}: failed`);
        }
      }
    };

    // CLIENT LIST, which getWorkersCount reads, may be refused by an ACL: then nothing is told.
    let hostsCheckedAt = Number.NEGATIVE_INFINITY;
    const countHosts = async () => {
      if (queued.onWorkerHosts === undefined || performance.now() - hostsCheckedAt < POLL_MS) return;
      hostsCheckedAt = performance.now();
      const count = await queue.getWorkersCount().catch(() => undefined);
      if (count !== undefined) queued.onWorkerHosts(count);
    };

    const cancelled = () => signal?.aborted === true;
    let cancelDeadline: number | undefined;
    if (pending.size > 0) await countHosts();
    while (pending.size > 0) {
      if (cancelled()) {
        cancelDeadline ??= performance.now() + (queued.cancelWaitMs ?? 30_000);
        for (const id of [...pending.keys()]) {
          if (!REMOVABLE.has(await queue.getJobState(id))) continue;
          // 0: a host took it meanwhile (its lock stops the removal); it is waited for as running.
          if ((await queue.remove(id)) === 1) pending.delete(id);
        }
        if (pending.size === 0 || performance.now() >= cancelDeadline) break;
      }
      await new Promise<void>((resolveWait) => {
        const timer = setTimeout(resolveWait, cancelled() ? 250 : POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolveWait();
        };
        signal?.addEventListener('abort', wake, { once: true });
      });
      signal?.removeEventListener('abort', wake);
      if (pending.size > 0 && !cancelled()) {
        await poll();
        await countHosts();
      }
    }
    return finish(cancelled(), pending.size);
  } finally {
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

/** The steps as a job carries them (JSON): parameters left unset are left out. */
function jobSteps(steps: BatchOptions['steps']): ImageJob['steps'] {
  return steps.map((step) => ({
    id: step.id,
    ...(step.params === undefined
      ? {}
      : {
          params: Object.fromEntries(
            Object.entries(step.params).filter(
              (entry): entry is [string, string | number] => entry[1] !== undefined,
            ),
          ),
        }),
    ...(step.enabled === undefined ? {} : { enabled: step.enabled }),
  }));
}

async function untilReady(ready: Promise<unknown>, ms: number, failure: () => Error): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(failure()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
