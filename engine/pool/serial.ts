/**
 * The serial baseline: the same kernels on one thread, no pool, no tiling, no copies.
 *
 * runSerial runs in the calling thread. For measuring, use SerialBaselineThread instead: a dedicated
 * worker that has never detached an ArrayBuffer (it only ever receives SharedArrayBuffers and answers
 * with numbers) times runPipeline itself. The main thread is not a robust place for it: once the pool has
 * transferred a strip, V8 runs the main thread's typed-array code slower for good (a per-isolate
 * protector the first detach invalidates; docs/pool.md, "The detach effect and the transfer path"), which
 * would slow the baseline and flatter every speedup; and whether that has happened depends on what the
 * process did before (an earlier run, another caller), which a benchmark cannot see.
 */

import type { KernelChoice } from '../../shared/kernels';
import { plainSteps, resolvePipeline } from '../../workers/filters/index';
import type { PipelineStep } from '../../workers/filters/types';
import { runPipeline } from '../../workers/pipeline';
import type { RawImage } from '../types';
import { FilterAbortError } from './errors';
import { type WorkerDeath, WorkerSlot } from './worker-slot';

/** What runSerial filtered, and with which kernels (`fallback`: why not WebAssembly, when asked for). */
export interface SerialResult extends RawImage {
  kernels: KernelChoice;
  kernelsFallback?: string;
}

/** runPipeline on the whole image in this thread, with `kernels` (default: the JS reference). */
export function runSerial(
  image: RawImage,
  steps: readonly PipelineStep[],
  kernels: KernelChoice = 'js',
): SerialResult {
  const { width, height } = image;
  const output = new Uint8Array(width * height * 4);
  const ran = runPipeline(
    resolvePipeline(steps),
    { data: image.data, width, imageHeight: height, y0: 0, rows: height },
    { data: output, width, imageHeight: height, y0: 0, rows: height },
    { kernels },
  );
  const used = ran.fallback === undefined ? {} : { kernelsFallback: ran.fallback };
  return { data: output, width, height, kernels: ran.kernels, ...used };
}

/** A SharedArrayBuffer holding exactly `data`'s bytes: its own buffer if it already is one, else a copy. */
function exactSharedBuffer(data: Uint8Array): SharedArrayBuffer {
  const buffer = data.buffer;
  if (buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.byteLength === buffer.byteLength) {
    return buffer;
  }
  const shared = new SharedArrayBuffer(data.byteLength);
  new Uint8Array(shared).set(data);
  return shared;
}

export interface SerialRun {
  image: RawImage;
  /** Time inside runPipeline, measured in the baseline thread. */
  computeMs: number;
  threadId: number;
  kernels: KernelChoice;
  kernelsFallback?: string;
}

export class SerialBaselineThread {
  private death: WorkerDeath | undefined;
  private readonly deathWaiters = new Set<(death: WorkerDeath, error?: Error) => void>();

  private constructor(private readonly slot: WorkerSlot) {}

  static async start(): Promise<SerialBaselineThread> {
    let self: SerialBaselineThread | undefined;
    const slot = await WorkerSlot.spawn(0, { faultInjection: false }, (_slot, death) => self?.onDeath(death));
    self = new SerialBaselineThread(slot);
    return self;
  }

  get threadId(): number {
    return this.slot.threadId;
  }

  /**
   * Filters the whole image in the baseline thread. The input is copied into shared memory unless it is
   * there. Aborting `signal` terminates the thread (nothing else interrupts a running kernel) and rejects.
   * `into`: a buffer of exactly the image's size to write the output into (and return a view of). Reusing
   * one across runs keeps this thread from piling up shared buffers: it holds on to every one it is
   * sent until its (rare) garbage collection.
   */
  async run(
    image: RawImage,
    steps: readonly PipelineStep[],
    signal?: AbortSignal,
    into?: SharedArrayBuffer,
    kernels: KernelChoice = 'js',
  ): Promise<SerialRun> {
    if (this.death) throw new Error(`the serial baseline thread is gone: ${this.death.message}`);
    if (signal?.aborted) throw new FilterAbortError('serial baseline');
    const { width, height } = image;
    const wireSteps = plainSteps(resolvePipeline(steps));
    if (into && into.byteLength !== width * height * 4) {
      throw new RangeError(
        `serial baseline: output buffer of ${into.byteLength} bytes for ${width}x${height} RGBA`,
      );
    }
    const output = into ?? new SharedArrayBuffer(width * height * 4);
    const input = exactSharedBuffer(image.data);
    const died = new Promise<never>((_, reject) => {
      this.deathWaiters.add((death, error) =>
        reject(error ?? new Error(`the serial baseline thread died: ${death.message}`)),
      );
    });
    const onAbort = (): void =>
      this.onDeath({ message: 'cancelled' }, new FilterAbortError('serial baseline'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const timing = await Promise.race([
        this.slot.thread.runWhole({ steps: wireSteps, width, height, input, output, kernels }),
        died,
      ]);
      return {
        image: { data: new Uint8Array(output), width, height },
        computeMs: timing.computeMs,
        threadId: timing.threadId,
        kernels: timing.kernels ?? kernels,
        ...(timing.kernelsFallback === undefined ? {} : { kernelsFallback: timing.kernelsFallback }),
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.deathWaiters.clear();
    }
  }

  terminate(): Promise<void> {
    return this.slot.kill();
  }

  /** The thread died on its own, or `error` says why it is being stopped. */
  private onDeath(death: WorkerDeath, error?: Error): void {
    if (this.death) return;
    this.death = death;
    if (error) void this.slot.kill();
    for (const waiter of this.deathWaiters) waiter(death, error);
    this.deathWaiters.clear();
  }
}
