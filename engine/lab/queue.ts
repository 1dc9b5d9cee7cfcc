/**
 * The lab's `queue` experiment: producer and consumers joined by queues, on real work. One decoder
 * (sharp) puts decoded photos into a queue, one filterer takes them, runs the pipeline on the pool and
 * puts the results into a second queue, one encoder takes those and encodes them to JPEG in memory
 * (nothing is written). The run is repeated for each queue capacity; a capacity of 0 means unbounded.
 *
 * What a capacity changes: a full queue makes its producer wait (back-pressure), so a fast decoder
 * cannot run ahead of a slow filter, and the decoded photos in memory stay few however many files there
 * are; unbounded, the decoder runs ahead and holds as many photos as it outpaces the filter by. Each
 * consumer stops when its queue, closed and drained, hands it the DONE sentinel (Python's None).
 */
import { readFile } from 'node:fs/promises';
import { checkWholeNumber } from '../../shared/errors';
import type { DepthSample, QueueCapacityResult, QueueReport } from '../../shared/lab';
import type { PipelineStep } from '../../workers/filters/types';
import { BoundedQueue, DONE } from '../batch/queue';
import { decodeImage, encodeImage, probeImage } from '../images/index';
import { FilterPool } from '../pool/filter-pool';
import type { RawImage } from '../types';
import { withMachineCheck } from './machine';

/** How often the queues' depths are sampled, ms. */
export const DEPTH_SAMPLE_MS = 10;

/** The report's shapes are declared once, in shared/lab/queue.ts, for the CLI and the app. */
export type { DepthSample, QueueCapacityResult, QueueReport };

export interface QueueOptions {
  workers: number;
  steps: readonly PipelineStep[];
  /** Queue capacities to run, in order; 0: unbounded. */
  capacities: readonly number[];
  /** Time a calibration loop before and after, to tell a busy machine (default true). */
  checkMachine?: boolean;
  /** Called after each capacity's run, with the runs done and in all. */
  onCapacity?: (done: number, total: number) => void;
  /**
   * Stops the run in flight at once (both queues aborted: every stage wakes and stops) and the runs
   * after it: runQueueExperiment then rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

interface Decoded {
  index: number;
  label: string;
  image: RawImage;
  opaque: boolean;
}

/** The pixel bytes and images held right now, and the most ever held. */
class MemoryTally {
  private bytes = 0;
  private images = 0;
  peakBytes = 0;
  peakImages = 0;

  add(bytes: number, images = 0): void {
    this.bytes += bytes;
    this.images += images;
    this.peakBytes = Math.max(this.peakBytes, this.bytes);
    this.peakImages = Math.max(this.peakImages, this.images);
  }

  remove(bytes: number, images = 0): void {
    this.bytes -= bytes;
    this.images -= images;
  }
}

/**
 * An unbounded queue is a BoundedQueue no producer can fill: BoundedQueue wants a whole number >= 1,
 * and this one is, so the batch's queue (and its tests) stay as they are.
 */
function queueOf<T>(capacity: number): BoundedQueue<T> {
  return new BoundedQueue<T>(capacity === 0 ? Number.MAX_SAFE_INTEGER : capacity);
}

/** One run of decode → filter → encode with both queues at `capacity`. */
async function runOnce(
  pool: FilterPool,
  files: readonly string[],
  steps: readonly PipelineStep[],
  capacity: number,
  signal: AbortSignal | undefined,
): Promise<QueueCapacityResult> {
  const decoded = queueOf<Decoded>(capacity);
  const filtered = queueOf<Decoded>(capacity);
  const memory = new MemoryTally();
  const maxDepths = { decoded: 0, filtered: 0 };
  const depths: QueueCapacityResult['depths'] = { decoded: [], filtered: [] };
  const processed: QueueCapacityResult['processed'] = [];
  let megapixels = 0;
  const start = performance.now();
  const sample = () => {
    const ms = performance.now() - start;
    depths.decoded.push([ms, decoded.size]);
    depths.filtered.push([ms, filtered.size]);
  };
  sample();
  const sampler = setInterval(sample, DEPTH_SAMPLE_MS);
  /** Puts and notes the depth; false once the run was aborted (the producer then stops). */
  const put = async (queue: BoundedQueue<Decoded>, item: Decoded, key: 'decoded' | 'filtered') => {
    const accepted = await queue.put(item);
    maxDepths[key] = Math.max(maxDepths[key], queue.size);
    return accepted;
  };

  const decode = async () => {
    try {
      for (const [index, path] of files.entries()) {
        signal?.throwIfAborted();
        const image = await decodeImage(path);
        memory.add(image.data.byteLength, 1);
        megapixels += (image.width * image.height) / 1e6;
        if (!(await put(decoded, { index, label: path, image, opaque: image.opaque }, 'decoded'))) return;
      }
    } finally {
      decoded.close(); // the filterer gets DONE once it has taken the last image
    }
  };
  let filterSawDone = false;
  const filter = async () => {
    try {
      for (let item = await decoded.take(); ; item = await decoded.take()) {
        if (item === DONE) {
          filterSawDone = true;
          return;
        }
        const result = await pool.apply(item.image, steps, { label: item.label, signal });
        // The result exists before the decoded pixels can be let go: both count at this moment.
        memory.add(result.image.data.byteLength);
        memory.remove(item.image.data.byteLength);
        if (!(await put(filtered, { ...item, image: result.image }, 'filtered'))) return;
      }
    } finally {
      filtered.close();
    }
  };
  let encodeSawDone = false;
  const encode = async () => {
    for (let item = await filtered.take(); ; item = await filtered.take()) {
      if (item === DONE) {
        encodeSawDone = true;
        return;
      }
      const bytes = await encodeImage(item.image, { format: 'jpeg', opaque: item.opaque, label: item.label });
      memory.remove(item.image.data.byteLength, 1);
      processed.push({ index: item.index, label: item.label, encodedBytes: bytes.byteLength });
    }
  };
  const cancel = () => {
    decoded.abort();
    filtered.abort();
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    // A stage that fails aborts both queues at once: the other stages, waiting to put or to take,
    // are woken (put resolves false, take DONE) instead of waiting for good.
    const stop = (error: unknown): never => {
      decoded.abort();
      filtered.abort();
      throw error;
    };
    const outcome = await Promise.allSettled([
      decode().catch(stop),
      filter().catch(stop),
      encode().catch(stop),
    ]);
    const failed = outcome.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    signal?.throwIfAborted();
    if (failed) throw failed.reason;
  } finally {
    clearInterval(sampler);
    signal?.removeEventListener('abort', cancel);
  }
  const totalMs = performance.now() - start;
  sample();
  return {
    capacity,
    totalMs,
    megapixelsPerSecond: megapixels / (totalMs / 1000),
    peakImagesInMemory: memory.peakImages,
    peakBytes: memory.peakBytes,
    depths,
    maxDepths,
    endedWithSentinel: filterSawDone && encodeSawDone,
    processed,
  };
}

/** Runs the pipeline once per capacity, one pool for all, after a warm-up of the pool and the files. */
export async function runQueueExperiment(
  files: readonly string[],
  options: QueueOptions,
): Promise<QueueReport> {
  if (files.length === 0) throw new RangeError('queue experiment: no images');
  if (options.capacities.length === 0) throw new RangeError('queue experiment: no capacities');
  for (const capacity of options.capacities) checkWholeNumber('capacity', capacity, 0);
  const images: QueueReport['photos'] = [];
  options.signal?.throwIfAborted();
  const pool = await FilterPool.create({ size: options.workers });
  try {
    // Warm-up, untimed: the files into the OS cache (the first capacity would pay for the disk), the
    // sizes for the report, and the pool's workers through the pipeline once.
    for (const path of files) await readFile(path);
    await pool.apply(await decodeImage(files[0]), options.steps);
    for (const path of files) {
      const { width, height } = await probeImage(path);
      images.push({ label: path, width, height });
    }
    const { result, machine } = await withMachineCheck(options.checkMachine ?? true, async () => {
      const runs: QueueCapacityResult[] = [];
      for (const capacity of options.capacities) {
        options.signal?.throwIfAborted();
        await pool.collectWorkerGarbage();
        runs.push(await runOnce(pool, files, options.steps, capacity, options.signal));
        options.onCapacity?.(runs.length, options.capacities.length);
      }
      return runs;
    });
    return {
      workers: pool.size,
      files: [...files],
      photos: images,
      megapixels: images.reduce((sum, image) => sum + (image.width * image.height) / 1e6, 0),
      sampleEveryMs: DEPTH_SAMPLE_MS,
      capacities: result,
      machine,
    };
  } finally {
    await pool.terminate();
  }
}
