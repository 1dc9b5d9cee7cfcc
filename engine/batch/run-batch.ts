/**
 * The stage wiring. Stages are joined by bounded queues rather than run file by file so that
 * decoding, filtering and writing overlap, and the queues are bounded so that the overlap costs a
 * fixed number of decoded images (maxImagesInFlight, lanes.ts), whether the batch has 5 files or 5,000.
 *
 * Admission is by memory, not by count alone: each image holds its cost in the memory budget from
 * its decode to its end, so a batch of huge images runs one at a time (see engine/memory/budget.ts).
 *
 * A bad file fails alone; a broken output folder (read-only, full) stops the batch, since every
 * later file would fail the same way; cancelling stops it too. Either way no partial or temporary
 * file is left behind (output.ts).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_KERNELS } from '../../shared/kernels';
import { metadataChoice } from '../../shared/metadata';
import type { EditPlan } from '../edit/plan';
import { decodeForEdit, runStages, stagesAfterDecode } from '../edit/run';
import type { Size } from '../geometry/index';
import { DEFAULT_QUALITY, encodeImage, ImageError, readOutputMetadata } from '../images/index';
import { withSharpSettings } from '../images/sharp-settings';
import { formatBytes, imageCostBytes, type MemoryBudget, processMemoryBudget } from '../memory/budget';
import { type HeldPixels, makeFilterer, poolSize } from './filter-stage';
import { mirroredFolders } from './folders';
import { InFlight, type Lease } from './in-flight';
import { collectInputs, realPathOrAbsolute } from './inputs';
import { type StageShape, stageShape } from './lanes';
import { noGate, oneCore } from './one-core';
import { nodeOutputFs, OutputFolder, OutputFolderError } from './output';
import { checkBatchOptions, filePlanner, type Planned } from './plan';
import { BoundedQueue, DONE } from './queue';
import { startRecording } from './recorder';
import type { BatchHooks, BatchOptions, BatchResult } from './types';

/** The batch stopped as a whole (the output folder failed). `summary` says what was done before. */
export class BatchError extends Error {
  override readonly name = 'BatchError';
  constructor(
    message: string,
    readonly summary: BatchResult,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * An image between its decode and its end. Its pixels (in the pool's shared memory, or its own) sit
 * in a holder that end() empties: a stage's loop variable (and V8's suspended frame of an async
 * function) can keep the last item alive while the stage waits for the next, and that must not keep
 * a gigabyte of pixels alive with it after the image's memory is given back to the budget.
 */
interface Decoded extends Planned {
  pixels: { held: HeldPixels | null };
  /** The file had no alpha: the result is encoded without it (DecodedImage.opaque). */
  opaque: boolean;
  lease: Lease;
}

/** The image is done (written, failed or dropped): its pixels go, then its place in flight and in memory. */
function end(item: Decoded): void {
  letGo(item.pixels);
  item.lease.release();
}

function letGo(pixels: Decoded['pixels']): void {
  pixels.held?.release();
  pixels.held = null;
}

function pixelsOf(item: Decoded): HeldPixels {
  if (!item.pixels.held) throw new Error(`The pixels of ${item.path} were let go before its last stage`);
  return item.pixels.held;
}

export async function runBatch(opts: BatchOptions, hooks: BatchHooks = {}): Promise<BatchResult> {
  const resolved = checkBatchOptions(opts);
  // libvips on one thread per image for the batch's length (lanes.ts); for the baseline that makes the
  // whole job one core's.
  const shape = stageShape(opts.serial ? 'serial' : (poolSize(opts) ?? availableParallelism()));
  return withSharpSettings({ concurrency: shape.vipsThreads }, () => run(opts, hooks, shape, resolved));
}

async function run(
  opts: BatchOptions,
  hooks: BatchHooks,
  shape: StageShape,
  edit: EditPlan,
): Promise<BatchResult> {
  const started = performance.now();
  const outDir = resolve(opts.outDir);
  const quality = opts.quality ?? DEFAULT_QUALITY;
  const metadataOptions = metadataChoice(opts);

  const collected = await collectInputs(opts.inputs, { exclude: outDir });
  const { files } = collected;
  const memory = opts.memory ?? processMemoryBudget();
  const { recorder, recordProblems } = startRecording(
    collected,
    outDir,
    started,
    (event) => hooks.onProgress?.(event),
    opts.kernels ?? DEFAULT_KERNELS,
  );
  if (files.length === 0) {
    // No image: no output folder is created and no worker started for a batch that writes nothing.
    recordProblems();
    return recorder.finish(false, 0);
  }

  const inputRealPaths = new Set(await Promise.all(files.map(realPathOrAbsolute)));
  const folder = await OutputFolder.open(
    outDir,
    opts.onConflict ?? 'suffix',
    inputRealPaths,
    { ...nodeOutputFs, ...opts.io },
    Date.now(),
    opts.rerun,
  );
  const plan = filePlanner(opts, edit, files.length);
  const folders = mirroredFolders(files);
  const stages = stagesAfterDecode(edit);
  const filterer = makeFilterer(opts);
  // One core for the serial baseline: decode, filter and encode take turns (one-core.ts).
  const gate = opts.serial ? oneCore() : noGate;
  recorder.start(files, filterer.label);
  recordProblems();

  const stop = new AbortController();
  /** What stops the batch as a whole: the output folder failing, or the pool that cannot start. */
  let fatal: Error | undefined;
  const onUserAbort = () => stop.abort();
  if (hooks.signal?.aborted) stop.abort();
  hooks.signal?.addEventListener('abort', onUserAbort, { once: true });

  const inFlight = new InFlight();
  const decoded = new BoundedQueue<Decoded>(shape.decodedQueue);
  const filtered = new BoundedQueue<Decoded>(shape.filteredQueue);
  stop.signal.addEventListener(
    'abort',
    () => {
      for (const item of [...decoded.abort(), ...filtered.abort()]) end(item);
    },
    { once: true },
  );
  /** A queue shut by a cancel takes nothing more: the image ends here. */
  const handOn = async (queue: BoundedQueue<Decoded>, item: Decoded) => {
    if (!(await queue.put(item))) end(item);
  };

  // Files are planned one after the other, in input order (plan.ts settles same-named outputs in that
  // order), and handed to the decode lanes as they ask: an async generator serves its callers in turn.
  async function* plannedFiles(): AsyncGenerator<Planned> {
    for (let index = 0; index < files.length && !stop.signal.aborted; index++) {
      const file = { index, path: files[index], startedAt: performance.now() };
      recorder.running(file);
      try {
        const item = await plan(file.index, file.path, file.startedAt, folders.get(file.path));
        if (await folder.wouldSkip(item.fileName))
          recorder.skipped(item, resolve(folder.path, item.fileName));
        else yield item;
      } catch (err) {
        if (!stop.signal.aborted) recorder.failed(file, err);
      }
    }
  }
  const planned = plannedFiles();

  const decodeStage = async () => {
    // next(), not for-await: leaving a for-await loop would close the generator for the other lanes.
    for (let next = await planned.next(); !next.done; next = await planned.next()) {
      const item = next.value;
      try {
        const release = await admit(item.path, item.largest, memory, stop.signal);
        const pixels: Decoded['pixels'] = { held: null };
        let opaque: boolean;
        try {
          // Decoded straight into the memory the filter reads (the pool's shared memory).
          ({ opaque } = await gate.run(() =>
            decodeForEdit(
              item.path,
              edit,
              { maxPixels: opts.maxPixels, probed: item.header },
              async (width, height) => {
                const placed = await filterer.place(width, height);
                pixels.held = { image: { data: placed.bytes, width, height }, release: placed.release };
                return placed.bytes;
              },
            ),
          ));
        } catch (err) {
          letGo(pixels);
          release();
          throw err;
        }
        await handOn(decoded, { ...item, pixels, opaque, lease: inFlight.acquire(release) });
      } catch (err) {
        // The decode places its pixels in the pool's memory: when the pool could not start, that is
        // why this decode failed, and every other would.
        const broken = filterer.failure();
        if (broken) {
          fatal ??= broken;
          stop.abort();
        } else if (!stop.signal.aborted) recorder.failed(item, err);
      }
    }
  };

  const filterStage = async () => {
    for (let item = await decoded.take(); item !== DONE; item = await decoded.take()) {
      try {
        const input = pixelsOf(item);
        const later = files.length - item.index - 1;
        // runStages owns the decoded pixels now: it lets each stage's input go as soon as the next exists.
        item.pixels.held = null;
        item.pixels.held = await gate.run(() =>
          runStages(
            input,
            stages,
            (image, stage) => filterer.run(image, stage.steps, item.path, later, stop.signal),
            item.path,
            stop.signal,
          ),
        );
      } catch (err) {
        end(item);
        if (!stop.signal.aborted) recorder.failed(item, err);
        continue;
      }
      await handOn(filtered, item);
    }
  };

  const writeStage = async () => {
    for (let item = await filtered.take(); item !== DONE; item = await filtered.take()) {
      try {
        const { image } = pixelsOf(item);
        const metadata = await readOutputMetadata(item.path, metadataOptions);
        const data = await gate.run(() =>
          encodeImage(image, {
            format: item.format,
            quality,
            label: item.fileName,
            opaque: item.opaque,
            metadata,
          }),
        );
        const outcome = await folder.write(item.fileName, data, () => stop.signal.aborted);
        if (outcome === 'cancelled') continue;
        if (outcome.written) recorder.written(item, outcome.path, outcome.bytes);
        else recorder.skipped(item, outcome.path);
      } catch (err) {
        if (err instanceof OutputFolderError) {
          fatal ??= err;
          stop.abort();
        } else if (!stop.signal.aborted) {
          recorder.failed(item, err);
        }
      } finally {
        end(item);
      }
    }
  };

  const filtering = Promise.all(Array.from({ length: shape.filter }, filterStage)).then(() =>
    filtered.close(),
  );
  try {
    await Promise.all([
      Promise.all(Array.from({ length: shape.decode }, decodeStage)).then(() => decoded.close()),
      filtering,
      Promise.all(Array.from({ length: shape.encode }, writeStage)),
    ]);
  } finally {
    hooks.signal?.removeEventListener('abort', onUserAbort);
    await filterer.close();
  }

  const ran = filterer.kernels();
  if (ran.fallback !== undefined) recorder.kernelsFellBack(ran.fallback);
  const result = recorder.finish(stop.signal.aborted && fatal === undefined, inFlight.peak);
  if (fatal) throw new BatchError(fatal.message, result, fatal);
  return result;
}

/**
 * Waits until the image's cost fits in the memory budget beside the images in flight; resolves with
 * the release. An image larger than the whole budget fails alone, saying how much it needs.
 */
async function admit(
  path: string,
  { width, height }: Size,
  memory: MemoryBudget,
  signal: AbortSignal,
): Promise<() => void> {
  const cost = imageCostBytes(width, height);
  if (!memory.fits(cost)) {
    throw new ImageError(
      path,
      'too-large',
      `${width}x${height} needs about ${formatBytes(cost)} of memory to edit, more than PixelPool's budget of ${formatBytes(memory.totalBytes)} on this machine (PIXELPOOL_MEMORY_BUDGET_MB sets it)`,
    );
  }
  return memory.acquire(cost, signal);
}
