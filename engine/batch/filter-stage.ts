/**
 * The middle stage, behind one interface whether it runs on the pool or on this thread, so the
 * stage wiring and the memory bound are the same for the baseline and the pool that is measured
 * against it.
 */

import { FilterPool, runSerial } from '../pool/index';
import type { RawImage } from '../types';
import type { BatchOptions } from './types';

/** Two images in the pool at once keep the workers fed while the main thread prepares or collects one. */
export const POOL_FILTER_CONCURRENCY = 2;

export interface Filterer {
  /** Images it filters at once. */
  concurrency: number;
  /** What the start event reports: the pool's size, or 'serial'. */
  label: number | 'serial';
  run(image: RawImage, label: string, signal: AbortSignal): Promise<RawImage>;
  close(): Promise<void>;
}

export async function makeFilterer(
  opts: Pick<BatchOptions, 'steps' | 'serial' | 'pool' | 'transport' | 'workers'>,
): Promise<Filterer> {
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
