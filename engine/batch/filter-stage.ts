/**
 * The middle stage, behind one interface whether it runs on the pool or on this thread, so the
 * stage wiring and the memory bound are the same for the baseline and the pool that is measured
 * against it. It also says where the decode puts the pixels: in the pool's shared memory, where the
 * workers read them with no copy, and the results stay there until they are encoded.
 */

import { availableParallelism } from 'node:os';
import { DEFAULT_KERNELS, DEFAULT_SCHEDULE, type KernelChoice, type Schedule } from '../../shared/kernels';
import type { PipelineStep } from '../../workers/filters/types';
import { FilterPool, runSerial } from '../pool/index';
import { MIN_STRIP_ROWS } from '../pool/strips';
import type { HeldPixels, RawImage } from '../types';
import type { BatchOptions } from './types';

/**
 * Images in the pool at once: one per worker, and at least two, so that the workers have the next
 * image while the main thread hands one in or takes one out.
 */
export function poolFilterConcurrency(workers: number): number {
  return Math.max(POOL_FILTER_CONCURRENCY, workers);
}

/** The fewest images in the pool at once. */
export const POOL_FILTER_CONCURRENCY = 2;

/**
 * Larger images always go in strips, whatever the schedule: a whole image is one task in one worker's
 * WebAssembly memory (about three times its RGBA size), and strips keep that bounded.
 */
export const WHOLE_IMAGE_MAX_PIXELS = 32_000_000;

export type { HeldPixels } from '../types';

/** Memory placed for a decode: `bytes` to decode into, release() if the image ends before its run. */
export interface Placement {
  bytes: Uint8Array;
  release(): void;
}

export interface Filterer {
  /** What the start event reports: the pool's size, or 'serial'. */
  label: number | 'serial';
  /** Memory for a decoded image of this size. */
  place(width: number, height: number): Promise<Placement>;
  /**
   * Filters `image` (placed by place()); `later` is the number of files after it in the batch, which
   * the schedule reads. The caller still releases the input.
   */
  run(
    image: RawImage,
    steps: readonly PipelineStep[],
    label: string,
    later: number,
    signal: AbortSignal,
  ): Promise<HeldPixels>;
  /** The kernels that ran so far: 'js' and why, once an image fell back from WebAssembly. */
  kernels(): { kernels: KernelChoice; fallback?: string };
  /** Why the pool could not start, once it failed to (then no image can be filtered: not a file's fault). */
  failure(): Error | undefined;
  close(): Promise<void>;
}

const nothingToRelease = (): void => {};

/**
 * Whether a pool runs `image` whole on one worker, or in strips across all of them. `auto` runs strips:
 * on the 2-core machine whole images were never faster beyond the noise (9 photos of 4-20 MP: 1.58x and
 * 1.75x the sharp script's time against 1.49x and 1.54x in strips; gaussian-blur sigma 20, where strips
 * recompute the most halo rows, 0.97x of strips' time; 120 photos of 0.26 MP, 0.98x) and took 20-40%
 * more memory, each worker's WebAssembly memory growing to hold two whole images (docs/pool.md, "The
 * batch's shape"). The exception is an image too short to give every worker a strip: it goes whole to
 * one worker while the next images go to the others, as long as enough follow.
 */
export function runsWhole(schedule: Schedule, image: RawImage, workers: number, later: number): boolean {
  if (image.width * image.height > WHOLE_IMAGE_MAX_PIXELS) return false;
  if (schedule === 'strips') return false;
  if (schedule === 'images') return true;
  return image.height < workers * MIN_STRIP_ROWS && later >= workers - 1;
}

/** The pool's size when it is known before it starts: a given pool's, or the workers asked for. */
export function poolSize(opts: Pick<BatchOptions, 'pool' | 'workers'>): number | undefined {
  return opts.pool instanceof FilterPool ? opts.pool.size : opts.workers;
}

export function makeFilterer(
  opts: Pick<BatchOptions, 'serial' | 'pool' | 'transport' | 'workers' | 'kernels' | 'schedule' | 'poolKind'>,
): Filterer {
  const asked = opts.kernels ?? DEFAULT_KERNELS;
  let fallback: string | undefined;
  const kernels = () => (fallback === undefined ? { kernels: asked } : { kernels: 'js' as const, fallback });
  const noteFallback = (reason: string | undefined) => {
    if (reason !== undefined) fallback ??= reason;
  };

  if (opts.serial) {
    return {
      label: 'serial',
      place: async (width, height) => ({
        bytes: new Uint8Array(width * height * 4),
        release: nothingToRelease,
      }),
      async run(image, steps, _label, _later, signal) {
        // Let queued I/O and a pending cancel through before the thread is busy with one image.
        await new Promise((r) => setImmediate(r));
        signal.throwIfAborted();
        const result = runSerial(image, steps, asked);
        noteFallback(result.kernelsFallback);
        return {
          image: { data: result.data, width: result.width, height: result.height },
          release: nothingToRelease,
        };
      },
      kernels,
      failure: () => undefined,
      close: async () => {},
    };
  }

  const transport = opts.transport;
  const schedule = opts.schedule ?? DEFAULT_SCHEDULE;
  const given = opts.pool instanceof FilterPool ? opts.pool : undefined;
  const start =
    typeof opts.pool === 'function'
      ? opts.pool
      : () => FilterPool.create({ size: opts.workers, transport, kernels: asked, pool: opts.poolKind });
  // The pool starts while the first image is read and decoded; the first placement waits for it.
  const starting: Promise<FilterPool> = given !== undefined ? Promise.resolve(given) : start();
  // A failed start stops the batch (failure()); it must not go unhandled meanwhile.
  let failed: Error | undefined;
  starting.catch((error: unknown) => {
    failed = error instanceof Error ? error : new Error(String(error));
  });
  const size = poolSize(opts) ?? availableParallelism();
  return {
    label: size,
    async place(width, height) {
      const shared = (await starting).shareImage({ width, height });
      return { bytes: shared.image.data, release: shared.release };
    },
    async run(image, steps, label, later, signal) {
      const pool = await starting;
      const whole = runsWhole(schedule, image, pool.size, later);
      const result = await pool.apply(image, steps, {
        label,
        signal,
        transport,
        kernels: asked,
        output: 'shared',
        ...(whole ? { stripRows: image.height } : {}),
      });
      noteFallback(result.kernelsFallback);
      return { image: result.image, release: result.release };
    },
    kernels,
    failure: () => failed,
    async close() {
      if (given) return;
      const pool = await starting.catch(() => undefined);
      await pool?.terminate();
    },
  };
}
