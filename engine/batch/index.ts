/**
 * Batch editing: files and folders in, the pipeline applied, files out. Three stages joined by
 * bounded queues (producer/consumer, as in DESIGN.md):
 *
 *   decode (sharp) ──[queue: 1]──▶ filter (pool, 2 images at a time) ──[queue: 1]──▶ encode + write
 *
 * Each stage holds at most its concurrency in images and each queue its capacity, so at most
 * MAX_IMAGES_IN_FLIGHT decoded images exist at any time, whether the batch has 5 files or 5,000.
 * A bad file fails alone; a broken output folder (read-only, full) stops the batch; cancelling
 * stops it too. Either way no partial or temporary file is left behind.
 */
import { basename, extname, resolve } from 'node:path';
import { resolvePipeline } from '../../workers/filters/index';
import type { PipelineStep, ResolvedStep } from '../../workers/filters/types';
import {
  checkQuality,
  DEFAULT_QUALITY,
  decodeImage,
  encodeImage,
  type InputFormat,
  OUTPUT_EXTENSIONS,
  OUTPUT_FORMATS,
  type OutputFormat,
  probeImage,
} from '../images/index';
import { FilterPool, runSerial, type Transport } from '../pool/index';
import type { RawImage } from '../types';
import { collectInputs, realPathOrAbsolute } from './inputs';
import { DEFAULT_NAME_PATTERN, expandNamePattern, padIndex, validateNamePattern } from './naming';
import {
  CONFLICT_POLICIES,
  type ConflictPolicy,
  nodeOutputFs,
  OutputFolder,
  OutputFolderError,
  type OutputFs,
} from './output';
import { BoundedQueue, DONE } from './queue';

export { DEFAULT_NAME_PATTERN, NamePatternError } from './naming';
export { CONFLICT_POLICIES, type ConflictPolicy, OutputFolderError } from './output';

export interface BatchOptions {
  /** Files and folders; folders are searched recursively for image files. */
  inputs: readonly string[];
  outDir: string;
  steps: readonly PipelineStep[];
  /** Pool size (default: the number of cores). Ignored when `pool` is given or `serial` is set. */
  workers?: number;
  /** Run the kernels on this thread, one image at a time, with no pool (the baseline). */
  serial?: boolean;
  /**
   * A pool to use instead of starting one (left running afterwards), or a function that starts one
   * (called once the inputs and the output folder are known to be fine; terminated afterwards).
   */
  pool?: FilterPool | (() => Promise<FilterPool>);
  /**
   * Default: the pool's own (`shared`). Memory stays flat with it: the pool reuses its shared buffers
   * from image to image (its arena holds at most two per image in flight).
   */
  transport?: Transport;
  /** Output format; default: the input's format when it can be written (JPEG, PNG, WebP, AVIF), else PNG. */
  format?: OutputFormat;
  /** 1-100, default 80. */
  quality?: number;
  /** Default "{name}-edited.{ext}"; placeholders {name}, {index}, {ext}, {filter}. */
  namePattern?: string;
  /** What to do when the output name exists: suffix (default), skip, overwrite. */
  onConflict?: ConflictPolicy;
  /** Largest image accepted, in pixels (default: the images module's limit). */
  maxPixels?: number;
  /** Test seam: replaces some file-system calls of the output writer. */
  io?: Partial<OutputFs>;
}

export type BatchFileState = 'running' | 'done' | 'skipped' | 'failed';

export interface BatchStats {
  total: number;
  /** Files written. */
  done: number;
  failed: number;
  skipped: number;
  elapsedMs: number;
  /** Megapixels of the files written so far. */
  megapixelsDone: number;
  imagesPerSecond: number;
  megapixelsPerSecond: number;
  /** Estimated time left, from the rate so far; null until the first file is finished. */
  etaMs: number | null;
}

export type BatchEvent =
  | { type: 'start'; total: number; files: readonly string[]; outDir: string; workers: number | 'serial' }
  | {
      type: 'file';
      index: number;
      input: string;
      state: BatchFileState;
      output: string | null;
      error: string | null;
      ms: number | null;
      bytes: number | null;
      megapixels: number | null;
    }
  | { type: 'progress'; stats: BatchStats };

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

export interface BatchSummary {
  outDir: string;
  total: number;
  processed: number;
  skipped: number;
  skippedFiles: { input: string; output: string }[];
  failed: { path: string; error: string }[];
  outputs: BatchOutput[];
  elapsedMs: number;
  /** Megapixels of the images written. */
  megapixels: number;
  cancelled: boolean;
  /** Most decoded images alive at once (bounded by MAX_IMAGES_IN_FLIGHT). */
  peakImagesInFlight: number;
}

/** The batch stopped as a whole (the output folder failed). `summary` says what was done before. */
export class BatchError extends Error {
  override readonly name = 'BatchError';
  constructor(
    message: string,
    readonly summary: BatchSummary,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

const DECODE_CONCURRENCY = 1;
const DECODED_QUEUE = 1;
/** Two images in the pool at once keep the workers fed while the main thread prepares or collects one. */
const POOL_FILTER_CONCURRENCY = 2;
const FILTERED_QUEUE = 1;
const WRITE_CONCURRENCY = 1;
export const MAX_IMAGES_IN_FLIGHT =
  DECODE_CONCURRENCY + DECODED_QUEUE + POOL_FILTER_CONCURRENCY + FILTERED_QUEUE + WRITE_CONCURRENCY;

interface Filterer {
  concurrency: number;
  label: number | 'serial';
  run(image: RawImage, label: string, signal: AbortSignal): Promise<RawImage>;
  close(): Promise<void>;
}

async function makeFilterer(opts: BatchOptions): Promise<Filterer> {
  const steps = opts.steps;
  if (opts.serial) {
    return {
      concurrency: 1,
      label: 'serial',
      async run(image, _label, signal) {
        // Let queued I/O and a pending cancel through before the thread is busy with one image.
        await new Promise((r) => setImmediate(r));
        signal.throwIfAborted();
        return runSerial(image, steps);
      },
      close: async () => {},
    };
  }
  const transport = opts.transport;
  const owned = !(opts.pool instanceof FilterPool);
  const pool =
    opts.pool instanceof FilterPool
      ? opts.pool
      : await (opts.pool ?? (() => FilterPool.create({ size: opts.workers, transport })))();
  return {
    concurrency: POOL_FILTER_CONCURRENCY,
    label: pool.size,
    async run(image, label, signal) {
      return (await pool.apply(image, steps, { label, signal, transport })).image;
    },
    close: () => (owned ? pool.terminate() : Promise.resolve()),
  };
}

function writableFormat(input: InputFormat): OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(input) ? (input as OutputFormat) : 'png';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Planned {
  index: number;
  path: string;
  startedAt: number;
  fileName: string;
  format: OutputFormat;
  megapixels: number;
}
interface Decoded extends Planned {
  image: RawImage;
}

/**
 * Checks everything about the options that does not need the disk: a typo fails the batch before it
 * starts. Returns the resolved pipeline.
 */
export function checkBatchOptions(opts: BatchOptions): ResolvedStep[] {
  const resolved = resolvePipeline(opts.steps); // throws PipelineError naming the filter and the parameter
  validateNamePattern(opts.namePattern ?? DEFAULT_NAME_PATTERN);
  checkQuality(opts.quality ?? DEFAULT_QUALITY);
  if (opts.format !== undefined && !OUTPUT_FORMATS.includes(opts.format)) {
    throw new RangeError(`format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${String(opts.format)}`);
  }
  if (opts.onConflict !== undefined && !CONFLICT_POLICIES.includes(opts.onConflict)) {
    throw new RangeError(
      `on-conflict must be one of ${CONFLICT_POLICIES.join(', ')}, got ${String(opts.onConflict)}`,
    );
  }
  if (opts.workers !== undefined && (!Number.isInteger(opts.workers) || opts.workers < 1)) {
    throw new RangeError(`workers must be a whole number >= 1, got ${opts.workers}`);
  }
  return resolved;
}

export async function runBatch(opts: BatchOptions, hooks: BatchHooks = {}): Promise<BatchSummary> {
  const resolved = checkBatchOptions(opts);
  const started = performance.now();
  const emit = (event: BatchEvent) => hooks.onProgress?.(event);
  const outDir = resolve(opts.outDir);
  const quality = opts.quality ?? DEFAULT_QUALITY;
  const pattern = opts.namePattern ?? DEFAULT_NAME_PATTERN;
  const filterIds = resolved.map((s) => s.filter.id).join('+');

  const { files, problems } = await collectInputs(opts.inputs, { exclude: outDir });
  const inputRealPaths = new Set(await Promise.all(files.map(realPathOrAbsolute)));
  const folder = await OutputFolder.open(outDir, opts.onConflict ?? 'suffix', inputRealPaths, {
    ...nodeOutputFs,
    ...opts.io,
  });

  const summary: BatchSummary = {
    outDir,
    total: files.length + problems.length,
    processed: 0,
    skipped: 0,
    skippedFiles: [],
    failed: [],
    outputs: [],
    elapsedMs: 0,
    megapixels: 0,
    cancelled: false,
    peakImagesInFlight: 0,
  };

  const stats = (): BatchStats => {
    const elapsedMs = performance.now() - started;
    const finished = summary.processed + summary.failed.length + summary.skipped;
    const seconds = elapsedMs / 1000;
    const imagesPerSecond = seconds > 0 ? finished / seconds : 0;
    return {
      total: summary.total,
      done: summary.processed,
      failed: summary.failed.length,
      skipped: summary.skipped,
      elapsedMs,
      megapixelsDone: summary.megapixels,
      imagesPerSecond,
      megapixelsPerSecond: seconds > 0 ? summary.megapixels / seconds : 0,
      etaMs:
        finished > 0 && imagesPerSecond > 0 ? ((summary.total - finished) / imagesPerSecond) * 1000 : null,
    };
  };
  const fileEvent = (
    index: number,
    input: string,
    state: BatchFileState,
    extra: Partial<Omit<Extract<BatchEvent, { type: 'file' }>, 'type' | 'index' | 'input' | 'state'>> = {},
  ) => {
    emit({
      type: 'file',
      index,
      input,
      state,
      output: null,
      error: null,
      ms: null,
      bytes: null,
      megapixels: null,
      ...extra,
    });
    if (state !== 'running') emit({ type: 'progress', stats: stats() });
  };

  let live = 0;
  const retain = () => {
    live++;
    summary.peakImagesInFlight = Math.max(summary.peakImagesInFlight, live);
  };
  const fail = (index: number, path: string, err: unknown, startedAt: number) => {
    const error = messageOf(err);
    summary.failed.push({ path, error });
    fileEvent(index, path, 'failed', { error, ms: performance.now() - startedAt });
  };

  const filterer = await makeFilterer(opts);
  emit({ type: 'start', total: summary.total, files, outDir, workers: filterer.label });
  problems.forEach((problem, k) => {
    fail(files.length + k, problem.path, new Error(problem.error), started);
  });

  const stop = new AbortController();
  let fatal: OutputFolderError | undefined;
  const onUserAbort = () => stop.abort();
  if (hooks.signal?.aborted) stop.abort();
  hooks.signal?.addEventListener('abort', onUserAbort, { once: true });

  const decoded = new BoundedQueue<Decoded>(DECODED_QUEUE);
  const filtered = new BoundedQueue<Decoded>(FILTERED_QUEUE);
  stop.signal.addEventListener(
    'abort',
    () => {
      live -= decoded.abort().length + filtered.abort().length;
    },
    { once: true },
  );

  const plan = async (index: number, path: string, startedAt: number): Promise<Planned> => {
    const info = await probeImage(path, { maxPixels: opts.maxPixels });
    const format = opts.format ?? writableFormat(info.format);
    const fileName = expandNamePattern(pattern, {
      name: basename(path, extname(path)),
      index: padIndex(index, files.length),
      ext: OUTPUT_EXTENSIONS[format],
      filter: filterIds,
    });
    return { index, path, startedAt, fileName, format, megapixels: info.megapixels };
  };

  const skip = (item: Planned, output: string) => {
    summary.skipped++;
    summary.skippedFiles.push({ input: item.path, output });
    fileEvent(item.index, item.path, 'skipped', { output, ms: performance.now() - item.startedAt });
  };

  const decodeStage = async () => {
    for (let index = 0; index < files.length && !stop.signal.aborted; index++) {
      const path = files[index];
      const startedAt = performance.now();
      fileEvent(index, path, 'running');
      try {
        const item = await plan(index, path, startedAt);
        if (await folder.wouldSkip(item.fileName)) {
          skip(item, resolve(folder.path, item.fileName));
          continue;
        }
        const image = await decodeImage(path, { maxPixels: opts.maxPixels });
        retain();
        if (!(await decoded.put({ ...item, image }))) live--;
      } catch (err) {
        if (!stop.signal.aborted) fail(index, path, err, startedAt);
      }
    }
    decoded.close();
  };

  const filterStage = async () => {
    for (let item = await decoded.take(); item !== DONE; item = await decoded.take()) {
      try {
        const image = await filterer.run(item.image, item.path, stop.signal);
        if (!(await filtered.put({ ...item, image }))) live--;
      } catch (err) {
        live--;
        if (!stop.signal.aborted) fail(item.index, item.path, err, item.startedAt);
      }
    }
  };

  const writeStage = async () => {
    for (let item = await filtered.take(); item !== DONE; item = await filtered.take()) {
      try {
        const data = await encodeImage(item.image, { format: item.format, quality, label: item.fileName });
        const outcome = await folder.write(item.fileName, data, () => stop.signal.aborted);
        if (outcome === 'cancelled') continue;
        if (!outcome.written) {
          skip(item, outcome.path);
          continue;
        }
        const ms = performance.now() - item.startedAt;
        summary.processed++;
        summary.megapixels += item.megapixels;
        summary.outputs.push({
          input: item.path,
          output: outcome.path,
          bytes: outcome.bytes,
          ms,
          megapixels: item.megapixels,
        });
        fileEvent(item.index, item.path, 'done', {
          output: outcome.path,
          bytes: outcome.bytes,
          ms,
          megapixels: item.megapixels,
        });
      } catch (err) {
        if (err instanceof OutputFolderError) {
          fatal ??= err;
          stop.abort();
        } else if (!stop.signal.aborted) {
          fail(item.index, item.path, err, item.startedAt);
        }
      } finally {
        live--;
      }
    }
  };

  const filtering = Promise.all(Array.from({ length: filterer.concurrency }, filterStage)).then(() =>
    filtered.close(),
  );
  try {
    await Promise.all([
      Promise.all(Array.from({ length: DECODE_CONCURRENCY }, decodeStage)),
      filtering,
      Promise.all(Array.from({ length: WRITE_CONCURRENCY }, writeStage)),
    ]);
  } finally {
    hooks.signal?.removeEventListener('abort', onUserAbort);
    await filterer.close();
  }

  summary.cancelled = stop.signal.aborted && fatal === undefined;
  summary.elapsedMs = performance.now() - started;
  emit({ type: 'progress', stats: stats() });
  if (fatal) throw new BatchError(fatal.message, summary, fatal);
  return summary;
}
