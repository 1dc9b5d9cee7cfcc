/**
 * The shape of a batch: how many images each stage works on at once, and how many wait between stages.
 * One rule for the batch (run-batch.ts) and for the benchmark's job scope, which times that shape.
 *
 * Why lanes and libvips on one thread each: a JPEG decodes and encodes mostly on one thread however
 * many libvips is given, so the cores are filled by running several images at once (as the 12-line sharp
 * script people compare us with does, two files at a time), and extra libvips threads per image only add
 * overhead. Measured on the 2-core machine (docs/pool.md, "The batch's shape"): two decode and two encode
 * lanes with libvips on one thread against one decode lane and libvips on two threads, 9 photos of 4-20 MP,
 * gaussian-blur sigma 3 to JPEG: 1.47x against 1.78x the script's time.
 */
import { poolFilterConcurrency } from './filter-stage';

export interface StageShape {
  /** Images decoded at once. */
  decode: number;
  /** Decoded images waiting for the filter. */
  decodedQueue: number;
  /** Images being filtered at once (in the pool, or one on this thread). */
  filter: number;
  /** Filtered images waiting to be encoded. */
  filteredQueue: number;
  /** Images encoded and written at once. */
  encode: number;
  /** libvips' threads per image while the batch runs. */
  vipsThreads: number;
}

/** The serial baseline is one image at a time on one core; the pool's batch has a lane per half core. */
export function stageShape(workers: number | 'serial'): StageShape {
  if (workers === 'serial') {
    return { decode: 1, decodedQueue: 1, filter: 1, filteredQueue: 1, encode: 1, vipsThreads: 1 };
  }
  // Decoding and encoding take about a third and two fifths of a photo batch's CPU time: a lane for
  // every two workers keeps them level with the filter (only two cores were there to measure).
  const lanes = Math.max(2, Math.ceil(workers / 2));
  return {
    decode: lanes,
    decodedQueue: 1,
    filter: poolFilterConcurrency(workers),
    filteredQueue: 1,
    encode: lanes,
    vipsThreads: 1,
  };
}

/** Each stage holds at most its lanes in images and each queue its capacity. */
export function maxImagesInFlight(workers: number | 'serial'): number {
  const shape = stageShape(workers);
  return shape.decode + shape.decodedQueue + shape.filter + shape.filteredQueue + shape.encode;
}
