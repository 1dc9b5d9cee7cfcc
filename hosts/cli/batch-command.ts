import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import {
  BatchError,
  type BatchEvent,
  type BatchResult,
  type BatchRunStats,
  checkBatchOptions,
  runBatch,
} from '../../engine/batch/index';
import type { ConflictPolicy } from '../../engine/batch/output';
import { loadPipeline } from '../../engine/pipeline-spec';
import { FilterPool } from '../../engine/pool/index';
import { OptionError } from '../../shared/errors';
import type { OutputFormatChoice } from '../../shared/formats';
import { KERNEL_INFO, type KernelChoice, type Schedule } from '../../shared/kernels';
import type { MetadataMode } from '../../shared/metadata';
import type { PoolKind } from '../../shared/pools';
import { formatBytes, formatDuration, plural } from './format';
import { pipelineArgument } from './presets-command';
import { queuedBatchCommand } from './queued-batch-command';
import { handleInterrupts } from './signals';

export interface BatchCommandOptions {
  out: string;
  filters?: string;
  preset?: string;
  workers?: number;
  serial?: boolean;
  kernels: KernelChoice;
  schedule: Schedule;
  pool: PoolKind;
  format: OutputFormatChoice;
  quality: number;
  metadata: MetadataMode;
  stripGps?: boolean;
  name: string;
  keepFolders?: boolean;
  onConflict: ConflictPolicy;
  /** A distributed batch: the jobs go to this Redis, worker hosts run them (queued-batch-command.ts). */
  redis?: string;
}

function rateText(stats: BatchRunStats): string {
  if (stats.elapsedMs < 1 || stats.done === 0) return '-- MP/s';
  return `${stats.megapixelsPerSecond.toFixed(1)} MP/s, ${stats.rate.toFixed(2)} images/s`;
}

function makeBar(): SingleBar {
  return new SingleBar({
    stream: process.stderr,
    format: ' {bar} {value}/{total} images | {rate} | ETA {etaText} | {failedText}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    etaBuffer: 20,
  });
}

/** Names of non-image files the summary lists before it counts the rest. */
const IGNORED_SHOWN = 5;

export function formatSummary(summary: BatchResult): string {
  const lines: string[] = [];
  const seconds = summary.elapsedMs / 1000;
  const throughput =
    summary.processed > 0 && seconds > 0
      ? ` (${summary.megapixels.toFixed(1)} MP, ${(summary.megapixels / seconds).toFixed(1)} MP/s)`
      : '';
  const head = summary.cancelled ? 'Cancelled: wrote' : 'Wrote';
  lines.push(
    `${head} ${summary.processed} of ${plural(summary.total, 'image')} to ${summary.outDir} ` +
      `in ${formatDuration(summary.elapsedMs)}${throughput}.`,
  );
  if (summary.skipped > 0) {
    lines.push(`Skipped ${summary.skipped} (output already there, --on-conflict skip):`);
    for (const s of summary.skippedFiles) lines.push(`  ${s.input} -> ${s.output}`);
  }
  if (summary.ignored.length > 0) {
    // As the app says it ("not images, not listed"): named, so a file that was meant to be edited is seen.
    const shown = summary.ignored.slice(0, IGNORED_SHOWN).map((p) => basename(p));
    const more = summary.ignored.length - shown.length;
    lines.push(
      `Left alone ${plural(summary.ignored.length, 'file')} that ${summary.ignored.length === 1 ? 'is' : 'are'} not an image (by extension): ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`,
    );
  }
  if (summary.failed.length > 0) {
    lines.push(`Failed ${summary.failed.length}:`);
    for (const f of summary.failed) lines.push(`  ${f.error}`);
  }
  if (summary.cancelled)
    lines.push('No partial files were left behind; files not listed above were not processed.');
  if (summary.kernelsFallback !== undefined) lines.push(`Note: ${summary.kernelsFallback}.`);
  const bytes = summary.outputs.reduce((sum, o) => sum + o.bytes, 0);
  if (summary.outputs.length > 0)
    lines.push(`Output: ${plural(summary.outputs.length, 'file')}, ${formatBytes(bytes)}.`);
  return `${lines.join('\n')}\n`;
}

/** Said on the first Ctrl-C of a batch, local or queued. */
export function onCancel(): void {
  process.stderr.write(
    'Cancelling: finishing the file being written, removing temp files (Ctrl-C again to quit now)…\n',
  );
}

export interface BatchProgress {
  onProgress(event: BatchEvent): void;
  /** Takes the bar off the terminal (it is also taken off at the first Ctrl-C). */
  stop(): void;
}

/**
 * The batch's header line and progress bar, one for the local and the queued batch; `howItRuns` says
 * how the batch runs (its workers, or its queue).
 */
export function batchProgress(
  signal: AbortSignal,
  howItRuns: (event: Extract<BatchEvent, { type: 'start' }>) => string,
): BatchProgress {
  const bar = makeBar();
  let started = false;
  const stop = () => {
    if (started) bar.stop();
    started = false;
  };
  signal.addEventListener('abort', stop, { once: true });
  return {
    stop,
    onProgress(event) {
      if (event.type === 'start') {
        process.stderr.write(
          `Batch: ${plural(event.total, 'image')} -> ${event.outDir}, ${howItRuns(event)}\n`,
        );
        if (signal.aborted) return;
        bar.start(event.total, 0, { rate: '-- MP/s', etaText: '--', failedText: '0 failed' });
        started = true;
      } else if (event.type === 'progress' && started && !signal.aborted) {
        const s = event.stats;
        bar.update(s.done + s.failed + s.skipped, {
          rate: rateText(s),
          etaText: s.etaMs === null ? '--' : formatDuration(s.etaMs),
          failedText: `${s.failed} failed`,
        });
      }
    },
  };
}

/** `pixelpool batch`: returns the exit code (0 all written, 1 some failed or the folder failed, 130 or 143 cancelled by SIGINT or SIGTERM). */
export async function batchCommand(inputs: string[], opts: BatchCommandOptions): Promise<number> {
  if (opts.serial && opts.workers !== undefined)
    throw new OptionError('--serial', 'left out when --workers is given', true, 'use one or the other');
  const { steps } = await loadPipeline(await pipelineArgument(opts));
  const batchOptions = {
    inputs,
    outDir: opts.out,
    steps,
    serial: opts.serial,
    workers: opts.workers,
    kernels: opts.kernels,
    schedule: opts.schedule,
    poolKind: opts.pool,
    format: opts.format,
    quality: opts.quality,
    metadata: opts.metadata,
    stripGps: opts.stripGps ?? false,
    namePattern: opts.name,
    keepFolders: opts.keepFolders ?? false,
    onConflict: opts.onConflict,
  };
  checkBatchOptions(batchOptions);

  if (opts.redis !== undefined) return queuedBatchCommand(batchOptions, opts.redis);

  let progress: BatchProgress | undefined;
  const interrupts = handleInterrupts(() => {
    progress?.stop();
    onCancel();
  });
  progress = batchProgress(interrupts.signal, (event) => {
    const workers =
      typeof event.workers === 'number'
        ? `${plural(event.workers, 'worker')}${opts.pool === 'processes' ? ' (child processes)' : ''}, ${opts.schedule} schedule`
        : 'serial (1 core)';
    return `${workers}, ${KERNEL_INFO[event.kernels].title} kernels`;
  });
  try {
    // Started by runBatch once the inputs and the output folder are known to be fine, terminated by it too.
    const pool = () =>
      interrupts.guard(() =>
        FilterPool.create({ size: opts.workers, kernels: opts.kernels, pool: opts.pool }),
      );
    const summary = await runBatch(
      { ...batchOptions, pool },
      {
        signal: interrupts.signal,
        onProgress: progress.onProgress,
      },
    );
    progress.stop();
    if (summary.total === 0)
      throw new OptionError('the inputs', 'image files or folders with images', inputs);
    process.stdout.write(formatSummary(summary));
    if (summary.cancelled) return interrupts.cancelledExitCode;
    return summary.failed.length > 0 ? 1 : 0;
  } catch (err) {
    progress.stop();
    if (err instanceof BatchError) {
      process.stdout.write(formatSummary(err.summary));
      process.stderr.write(`pixelpool batch: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    interrupts.dispose();
  }
}
