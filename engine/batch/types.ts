/**
 * The shapes a batch is asked for and answers with. The counts and per-file fields the UI shows are
 * declared once, in shared/contract.ts; the engine extends them with what only its own callers read
 * (megapixel figures for the CLI, the lists of outputs, the in-flight peak), so a field the UI and the
 * CLI both show cannot mean two things.
 */
import type { BatchFileReport, BatchFileState, BatchStats, BatchSummary } from '../../shared/contract';
import type { OutputFormatChoice } from '../../shared/formats';
import type { KernelChoice, Schedule } from '../../shared/kernels';
import type { MetadataMode } from '../../shared/metadata';
import type { PoolKind } from '../../shared/pools';
import type { PipelineStep } from '../../workers/filters/types';
import type { ImageErrorKind } from '../images/errors';
import type { MemoryBudget } from '../memory/budget';
import type { FilterPool, Transport } from '../pool/index';
import type { ConflictPolicy, OutputFs, RerunPolicy } from './output';

export interface BatchOptions {
  /** Files and folders; folders are searched recursively for image files. */
  inputs: readonly string[];
  outDir: string;
  steps: readonly PipelineStep[];
  /** Pool size (default: the number of cores). Ignored when `pool` is given or `serial` is set. */
  workers?: number;
  /**
   * The baseline: the whole job on one core. One image at a time, decode, filter (on this thread, no
   * pool) and encode one after the other, libvips on one thread.
   */
  serial?: boolean;
  /** Which kernels filter (default DEFAULT_KERNELS, WebAssembly); the bytes are the same. */
  kernels?: KernelChoice;
  /** How images are spread over the workers (default 'auto'; shared/kernels.ts). Ignored when serial. */
  schedule?: Schedule;
  /** Worker threads (default) or child processes, for a pool the batch starts (PoolOptions.pool). */
  poolKind?: PoolKind;
  /**
   * A pool to use instead of starting one (left running afterwards), or a function that starts one
   * (called once the inputs and the output folder are known to be fine; terminated afterwards). The
   * start event reports `workers` (else the number of cores) as its size.
   */
  pool?: FilterPool | (() => Promise<FilterPool>);
  /**
   * Default: the pool's own (`shared`). Memory stays flat with it: the pool reuses its shared buffers
   * from image to image (its arena holds at most two per image in flight).
   */
  transport?: Transport;
  /** Output format; 'same' or absent: the input's format when it can be written (JPEG, PNG, WebP, AVIF), else PNG. */
  format?: OutputFormatChoice;
  /** 1-100, default 80. */
  quality?: number;
  /** Each input's EXIF, XMP, IPTC, profile and density in its output (default 'keep'; engine/images/metadata.ts). */
  metadata?: MetadataMode;
  /** With 'keep': the GPS location left out of EXIF and XMP. Default false. */
  stripGps?: boolean;
  /** Default "{name}-edited.{ext}"; placeholders {name}, {index}, {ext}, {filter}, and {dir} in front. */
  namePattern?: string;
  /** Mirror the inputs' folders under the output folder: {dir} in front of the pattern (engine/batch/folders.ts). */
  keepFolders?: boolean;
  /** What to do when the output name exists: suffix (default), skip, overwrite. */
  onConflict?: ConflictPolicy;
  /**
   * The output name of a one-file batch, settled beforehand by whoever submitted it (a distributed
   * batch names every file before any host writes one: engine/distributed/submit.ts); the name
   * pattern is not applied. A path below `outDir` (shared/naming.ts, outputNameProblem).
   */
  outputName?: string;
  /** What an output already there under its name means (default 'distinct'; output.ts, RerunPolicy). */
  rerun?: RerunPolicy;
  /** Largest image accepted, in pixels (default: the images module's limit). */
  maxPixels?: number;
  /** Test seam: replaces some file-system calls of the output writer. */
  io?: Partial<OutputFs>;
  /** Bytes the images in flight may take (default: the process's budget, shared with previews). */
  memory?: MemoryBudget;
}

/** The states the engine reports; the service adds 'queued' and 'cancelled' around them. */
export type EngineFileState = Extract<BatchFileState, 'running' | 'done' | 'skipped' | 'failed'>;

/** Times are unrounded here; the error names the input's full path. */
export interface BatchFileEvent extends BatchFileReport<EngineFileState> {
  type: 'file';
  megapixels: number | null;
}

export interface BatchRunStats extends BatchStats {
  /** Megapixels of the files written so far. */
  megapixelsDone: number;
  megapixelsPerSecond: number;
}

export type BatchEvent =
  | {
      type: 'start';
      total: number;
      files: readonly string[];
      outDir: string;
      /** 'queue': a distributed batch, whose worker hosts run the pools (engine/distributed/submit.ts). */
      workers: number | 'serial' | 'queue';
      /** The kernels asked for; the result says which ran. */
      kernels: KernelChoice;
    }
  | BatchFileEvent
  | { type: 'progress'; stats: BatchRunStats };

export interface BatchHooks {
  onProgress?: (event: BatchEvent) => void;
  signal?: AbortSignal;
}

export interface BatchOutput {
  input: string;
  output: string;
  bytes: number;
  ms: number;
  megapixels: number;
}

/**
 * What runBatch resolves to. Unlike the UI's BatchSummary it keeps every file's outcome (the CLI lists
 * them), so its `failed` is the list and `processed` is the count the UI calls `done`.
 */
export interface BatchResult
  extends Pick<BatchSummary, 'outDir' | 'total' | 'skipped' | 'elapsedMs' | 'cancelled'> {
  processed: number;
  skippedFiles: { input: string; output: string }[];
  /** `kind` when the file itself is at fault (an ImageError): trying it again would fail the same way. */
  failed: { path: string; error: string; kind?: ImageErrorKind }[];
  /** Files in input folders that are not images (by extension): not counted in `total`, left alone. */
  ignored: string[];
  outputs: BatchOutput[];
  /** Megapixels of the images written. */
  megapixels: number;
  /** Most decoded images alive at once (bounded by maxImagesInFlight in lanes.ts). */
  peakImagesInFlight: number;
  /** The kernels that filtered: 'js' if WebAssembly was asked for and could not run (then `kernelsFallback` says why). */
  kernels: KernelChoice;
  kernelsFallback?: string;
}
