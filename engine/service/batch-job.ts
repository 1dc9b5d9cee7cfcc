import { basename } from 'node:path';
import type {
  BatchFileStatus,
  BatchStats,
  BatchSummary,
  ImageEntry,
  JobState,
  PixelPoolEvent,
  StartBatchRequest,
} from '../../shared/contract';
import { messageOf } from '../../shared/errors';
import { DEFAULT_POOL_KIND, type PoolKind } from '../../shared/pools';
import {
  BatchError,
  type BatchEvent,
  type BatchHooks,
  type BatchOptions,
  type BatchResult,
  runBatch,
} from '../batch/index';
import type { RedisTarget } from '../distributed/redis-url';
import type { FilterPool } from '../pool/index';
import { noteWritten, type WrittenFile } from './batch-outputs';
import { withoutPath } from './errors';
import type { BatchRecord, JobManager } from './jobs';

export interface BatchJobContext {
  jobs: JobManager;
  emit(event: PixelPoolEvent): void;
  /** The service's long-lived pool of that kind (used when the request asks for its size). */
  pool(kind: PoolKind): Promise<FilterPool>;
  poolSize: number;
  /** Starts a pool of another size for one batch (terminated when the batch is over). */
  startPool(size: number, kind: PoolKind): Promise<FilterPool>;
}

function initialStats(total: number): BatchStats {
  return { done: 0, failed: 0, skipped: 0, total, elapsedMs: 0, rate: 0, etaMs: null };
}

/** The contract's fields only (the engine's megapixel figures stay off the wire), in whole ms. */
function wireStats(s: BatchStats): BatchStats {
  return {
    done: s.done,
    failed: s.failed,
    skipped: s.skipped,
    total: s.total,
    elapsedMs: Math.round(s.elapsedMs),
    rate: s.rate,
    etaMs: s.etaMs === null ? null : Math.round(s.etaMs),
  };
}

/** How long a batch on worker hosts tries to reach Redis: a wrong URL fails within seconds, not 15. */
export const QUEUE_CONNECT_MS = 5000;

/**
 * Starts a batch job: the engine's runBatch over the chosen images, or with `queue` runQueuedBatch
 * (worker hosts through Redis; loaded only then, so a local batch never loads BullMQ), its events turned
 * into per-file status and progress events, the summary kept for a reloaded renderer. Cancelling aborts
 * the run: runBatch leaves no partial or temporary file behind, runQueuedBatch removes the jobs no host
 * has taken and waits for those running. `request` is kept as it is (the caller takes the password out of
 * its URL); the password is in `queue` only, and every error of the queue passes its redact.
 */
export function startBatchJob(
  ctx: BatchJobContext,
  request: StartBatchRequest,
  images: ImageEntry[],
  queue?: RedisTarget,
): string {
  const files: BatchFileStatus[] = images.map((image, index) => ({
    index,
    imageId: image.id,
    input: image.path,
    name: image.name,
    state: 'queued',
    output: null,
    error: null,
    ms: null,
    bytes: null,
  }));
  const byPath = new Map(files.map((file) => [file.input, file]));
  /** What each written file was when the batch renamed it into place, by file index. */
  const identities = new Map<number, WrittenFile['identity']>();

  return ctx.jobs.start<BatchRecord>(
    { kind: 'batch', request, files, stats: initialStats(files.length), result: null, written: [] },
    async (record): Promise<JobState> => {
      const jobId = record.job.jobId;
      const emitStats = () => ctx.emit({ type: 'batch-progress', jobId, stats: { ...record.stats } });
      /** Worker hosts listening on the queue, last told: kept across the engine's progress events. */
      let workerHosts: number | undefined;
      const onWorkerHosts = (count: number) => {
        if (count === workerHosts) return;
        workerHosts = count;
        record.stats = { ...record.stats, workerHosts };
        emitStats();
      };
      const onProgress = (event: BatchEvent) => {
        if (event.type === 'file') {
          const file = byPath.get(event.input) ?? files[event.index];
          if (!file) return;
          file.state = event.state;
          file.output = event.output;
          file.error = event.error === null ? null : withoutPath(event.error, event.input);
          file.ms = event.ms === null ? null : Math.round(event.ms);
          file.bytes = event.bytes;
          // Now, not when the batch ends: a later batch overwriting the file must not become this one's.
          if (file.state === 'done' && file.output !== null)
            identities.set(file.index, noteWritten(file.output));
          ctx.emit({ type: 'batch-file', jobId, file: { ...file } });
        } else if (event.type === 'progress') {
          record.stats = { ...wireStats(event.stats), ...(workerHosts === undefined ? {} : { workerHosts }) };
          const finished = record.stats.done + record.stats.failed + record.stats.skipped;
          ctx.jobs.progress(record, {
            done: finished,
            total: record.stats.total,
            label: `${finished} of ${record.stats.total} files`,
          });
          emitStats();
        }
      };
      const serial = queue === undefined && request.workers === 0;
      const kind = request.pool ?? DEFAULT_POOL_KIND;
      // The service's pool when the size is its own; else one for this batch, which runBatch terminates.
      // Worker hosts run their own pools: none is started here.
      const usePool =
        serial || queue !== undefined
          ? undefined
          : request.workers === ctx.poolSize
            ? await ctx.pool(kind)
            : () => ctx.startPool(request.workers, kind);
      /** Files the batch never finished are marked so, and the summary goes out, however it ended. */
      const finish = (summary: BatchResult): void => {
        for (const file of files) {
          if (file.state === 'queued' || file.state === 'running') {
            file.state = 'cancelled';
            ctx.emit({ type: 'batch-file', jobId, file: { ...file } });
          }
        }
        const written: WrittenFile[] = [];
        for (const file of files) {
          const identity = identities.get(file.index);
          if (file.state !== 'done' || file.output === null || identity === undefined) continue;
          written.push({
            file: file.index,
            name: basename(file.output),
            bytes: file.bytes ?? 0,
            path: file.output,
            identity,
          });
        }
        const result: BatchSummary = {
          ...record.stats,
          elapsedMs: Math.round(summary.elapsedMs),
          outDir: summary.outDir,
          cancelled: summary.cancelled,
          outputs: written.map(({ file, name, bytes }) => ({ file, name, bytes })),
          failures: summary.failed.map((f) => ({
            name: basename(f.path),
            error: withoutPath(f.error, f.path),
          })),
          kernels: summary.kernels,
          pool: serial || queue !== undefined ? null : kind,
          ...(hosts === undefined ? {} : { hosts }),
          ...(summary.kernelsFallback === undefined ? {} : { kernelsFallback: summary.kernelsFallback }),
        };
        record.written = written;
        record.result = result;
        ctx.emit({ type: 'batch-done', jobId, summary: result });
      };
      let hosts: BatchSummary['hosts'];
      const run = async (options: BatchOptions, hooks: BatchHooks): Promise<BatchResult> => {
        if (queue === undefined) return runBatch(options, hooks);
        const { runQueuedBatch } = await import('../distributed/submit');
        try {
          const result = await runQueuedBatch(
            { ...options, serial: false, pool: undefined, workers: undefined },
            { redis: queue, connectTimeoutMs: QUEUE_CONNECT_MS, onWorkerHosts },
            hooks,
          );
          hosts = result.hosts;
          return result;
        } catch (error) {
          // A client library's message may quote the URL or the password: neither leaves the service.
          throw new Error(queue.redact(messageOf(error)), { cause: error });
        }
      };
      let summary: BatchResult;
      try {
        summary = await run(
          {
            inputs: files.map((file) => file.input),
            outDir: request.outDir,
            steps: request.steps,
            serial,
            pool: usePool,
            workers: serial ? undefined : request.workers,
            format: request.format,
            quality: request.quality,
            metadata: request.metadata,
            stripGps: request.stripGps,
            namePattern: request.namePattern,
            keepFolders: request.keepFolders,
            onConflict: request.onConflict,
            kernels: request.kernels,
            schedule: request.schedule,
          },
          { signal: record.controller.signal, onProgress },
        );
      } catch (error) {
        // The output folder broke mid-batch (full, read-only): what was written still gets its summary.
        if (error instanceof BatchError) finish(error.summary);
        throw error;
      }
      finish(summary);
      return summary.cancelled ? 'cancelled' : 'done';
    },
  );
}
