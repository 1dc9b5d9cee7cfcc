/**
 * The one place where what happened to a file becomes both the result and the events about it, so
 * a listener's last 'progress' and the result runBatch returns always count the same files.
 */
import { messageOf } from '../../shared/errors';
import type { KernelChoice } from '../../shared/kernels';
import { ImageError } from '../images/errors';
import type { CollectedInputs } from './inputs';
import { batchStats } from './stats';
import type { BatchEvent, BatchFileEvent, BatchResult, BatchRunStats, EngineFileState } from './types';

/** A file of the batch, and when its work began (its events' `ms` count from then). */
export interface FileRef {
  index: number;
  path: string;
  startedAt: number;
}

type FileDetails = Partial<Pick<BatchFileEvent, 'output' | 'error' | 'bytes' | 'megapixels'>>;

export class BatchRecorder {
  readonly result: BatchResult;

  constructor(
    outDir: string,
    total: number,
    private readonly startedAt: number,
    private readonly emit: (event: BatchEvent) => void,
    kernels: KernelChoice,
  ) {
    this.result = {
      outDir,
      total,
      processed: 0,
      skipped: 0,
      skippedFiles: [],
      ignored: [],
      failed: [],
      outputs: [],
      elapsedMs: 0,
      megapixels: 0,
      cancelled: false,
      peakImagesInFlight: 0,
      kernels,
    };
  }

  /** An image was filtered with the JS kernels although WebAssembly was asked for: the batch says why. */
  kernelsFellBack(reason: string): void {
    this.result.kernels = 'js';
    this.result.kernelsFallback ??= reason;
  }

  start(files: readonly string[], workers: number | 'serial' | 'queue'): void {
    const { total, outDir, kernels } = this.result;
    this.emit({ type: 'start', total, files, outDir, workers, kernels });
  }

  running(file: FileRef): void {
    this.report(file, 'running', null);
  }

  failed(file: FileRef, err: unknown): void {
    const error = messageOf(err);
    this.result.failed.push(
      err instanceof ImageError ? { path: file.path, error, kind: err.kind } : { path: file.path, error },
    );
    this.report(file, 'failed', this.since(file), { error });
  }

  /** Files of the input folders that are not images: reported, never opened. */
  ignored(paths: readonly string[]): void {
    this.result.ignored.push(...paths);
  }

  skipped(file: FileRef, output: string): void {
    this.result.skipped++;
    this.result.skippedFiles.push({ input: file.path, output });
    this.report(file, 'skipped', this.since(file), { output });
  }

  written(file: FileRef & { megapixels: number }, output: string, bytes: number): void {
    const ms = this.since(file);
    const { megapixels } = file;
    this.result.processed++;
    this.result.megapixels += megapixels;
    this.result.outputs.push({ input: file.path, output, bytes, ms, megapixels });
    this.report(file, 'done', ms, { output, bytes, megapixels });
  }

  /** Closes the result; the last 'progress' carries the same elapsed time as the result. */
  finish(cancelled: boolean, peakImagesInFlight: number): BatchResult {
    this.result.cancelled = cancelled;
    this.result.peakImagesInFlight = peakImagesInFlight;
    this.result.elapsedMs = performance.now() - this.startedAt;
    this.emit({ type: 'progress', stats: batchStats(this.result, this.result.elapsedMs) });
    return this.result;
  }

  private stats(): BatchRunStats {
    return batchStats(this.result, performance.now() - this.startedAt);
  }

  private since(file: FileRef): number {
    return performance.now() - file.startedAt;
  }

  private report(file: FileRef, state: EngineFileState, ms: number | null, details: FileDetails = {}): void {
    this.emit({
      type: 'file',
      index: file.index,
      input: file.path,
      state,
      output: null,
      error: null,
      ms,
      bytes: null,
      megapixels: null,
      ...details,
    });
    if (state !== 'running') this.emit({ type: 'progress', stats: this.stats() });
  }
}

/**
 * The recorder of a batch over collected inputs (a local batch's or a queued one's), the non-images
 * already noted; `recordProblems` fails the inputs that could not be read, after the files, in input order.
 */
export function startRecording(
  collected: CollectedInputs,
  outDir: string,
  startedAt: number,
  emit: (event: BatchEvent) => void,
  kernels: KernelChoice,
): { recorder: BatchRecorder; recordProblems(): void } {
  const { files, problems, ignored } = collected;
  const recorder = new BatchRecorder(outDir, files.length + problems.length, startedAt, emit, kernels);
  recorder.ignored(ignored);
  const recordProblems = () =>
    problems.forEach((problem, k) => {
      recorder.failed({ index: files.length + k, path: problem.path, startedAt }, new Error(problem.error));
    });
  return { recorder, recordProblems };
}
