/**
 * FilterPool: runs pipelines on images over a pool of worker threads, strip by strip, with the API of
 * Python's `multiprocessing.Pool` (apply, apply_async, map, imap, terminate).
 *
 * Why a facade: the pool's jobs change for different reasons and are easier to get right apart, as
 * piscina splits its own: scheduling, retry and cancellation (strip-scheduler.ts, over task-queue.ts),
 * the workers' lifecycle (slot-set.ts over worker-slot.ts), the shared memory a run uses
 * (run-memory.ts, shared-holdings.ts, shared-arena.ts) and what each worker caches of it
 * (worker-buffers.ts), timing (strip-timing.ts), and the lifetime of a many-image call (many-runs.ts).
 * This class wires them together and speaks the public API: it checks what callers pass (run-checks.ts)
 * and places their pixels, but makes no scheduling decision itself (docs/pool.md).
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_KERNELS, type KernelChoice } from '../../shared/kernels';
import { DEFAULT_POOL_KIND, type PoolKind } from '../../shared/pools';
import type { ReplyMode } from '../../workers/filter.worker';
import { plainSteps, resolvePipeline } from '../../workers/filters/index';
import type { PipelineStep } from '../../workers/filters/types';
import { pipelineRadius } from '../../workers/pipeline';
import { planStrips } from '../../workers/tiling';
import type { RawImage } from '../types';
import { FilterAbortError } from './errors';
import { imapWindowed, mapAll } from './many-runs';
import { ProcessSlot } from './process-slot';
import {
  checkImage,
  checkKernels,
  checkOutput,
  checkPoolKind,
  checkPoolSize,
  checkStripRows,
  checkTransport,
  labelOf,
} from './run-checks';
import { RunMemory } from './run-memory';
import { type ArenaStats, SharedArena } from './shared-arena';
import { SharedHoldings } from './shared-holdings';
import { SlotSet } from './slot-set';
import { StripScheduler } from './strip-scheduler';
import { RunClock, StripTimeline } from './strip-timing';
import { defaultStripRows } from './strips';
import {
  type AsyncResult,
  DEFAULT_TRANSPORT,
  type FaultPlan,
  type FilterResult,
  type ImageSize,
  type ImapOptions,
  type LabeledImage,
  type PoolOptions,
  type RunOptions,
  type SharedImage,
  type TaskEvent,
  type Transport,
} from './types';
import { DEFAULT_WATCHDOG, type WatchdogLimits } from './watchdog';
import { WorkerBuffers } from './worker-buffers';
import { type SlotSpawner, WorkerSlot } from './worker-slot';

export class FilterPool {
  private readonly timeline = new StripTimeline();
  /** Per worker, the arena buffers it has been sent (and caches). */
  private readonly workerBuffers = new WorkerBuffers();
  /** The shared memory of runs, reused run after run (see shared-arena.ts). */
  private readonly arena = new SharedArena((id) => this.workerBuffers.retire(id));
  /** Arena buffers in use by runs and callers (shared images, results kept in shared memory). */
  private readonly holdings = new SharedHoldings(this.arena);
  private readonly slots: SlotSet;
  private readonly scheduler: StripScheduler;
  private terminated = false;
  private terminating: Promise<void> | undefined;

  private constructor(
    readonly size: number,
    readonly transport: Transport,
    readonly kernels: KernelChoice,
    /** Threads or processes (PoolOptions.pool). */
    readonly kind: PoolKind,
    transferReplyBy: ReplyMode,
    faults: FaultPlan | undefined,
    watchdog: WatchdogLimits,
    processSpawner: SlotSpawner,
  ) {
    this.slots = new SlotSet(
      size,
      { faultInjection: faults !== undefined },
      {
        started: () => this.scheduler.pump(),
        died: (slot, death) => this.scheduler.workerDied(slot, death),
        noWorkers: (error) => this.scheduler.noWorkers(error),
      },
      kind === 'processes' ? processSpawner : WorkerSlot.spawn,
    );
    this.scheduler = new StripScheduler(
      { size, transferReplyBy, faults, watchdog },
      this.slots,
      this.workerBuffers,
      this.timeline,
    );
  }

  static async create(options: PoolOptions = {}): Promise<FilterPool> {
    const size = options.size ?? availableParallelism();
    checkPoolSize(size);
    const kind = options.pool ?? DEFAULT_POOL_KIND;
    checkPoolKind(kind);
    const transport = options.transport ?? (kind === 'processes' ? 'copy' : DEFAULT_TRANSPORT);
    checkTransport(transport, kind);
    const kernels = options.kernels ?? DEFAULT_KERNELS;
    checkKernels(kernels);
    const pool = new FilterPool(
      size,
      transport,
      kernels,
      kind,
      options.transferReplyBy ?? 'copy',
      options.faults,
      {
        ...DEFAULT_WATCHDOG,
        ...options.watchdog,
      },
      options.processSpawner ?? ProcessSlot.spawn,
    );
    try {
      await pool.slots.start();
    } catch (error) {
      await pool.terminate();
      throw error;
    }
    return pool;
  }

  /** Workers currently alive (0 after terminate). */
  get liveWorkers(): number {
    return this.slots.live().length;
  }

  /** threadIds of the live workers, by slot. */
  get threadIds(): number[] {
    return this.slots.live().map((slot) => slot.threadId);
  }

  /** The arena of shared buffers: how many it holds and has ever allocated. */
  get sharedMemory(): ArenaStats {
    return this.arena.stats();
  }

  /**
   * Has every live worker collect its garbage now (forgetting nothing). For measurements: garbage one
   * configuration left in the workers (copy/transfer strips, clones) is then not collected during the next.
   */
  async collectWorkerGarbage(): Promise<void> {
    await this.workerSharedBufferCounts();
  }

  /** Per live worker, how many arena buffers it still caches (asks the workers; for tests and diagnostics). */
  async workerSharedBufferCounts(): Promise<number[]> {
    return Promise.all(this.slots.live().map((slot) => slot.thread.forgetBuffers([])));
  }

  /**
   * Places an image in this pool's shared memory, once: runs of this pool then read it where it is (no
   * copy), whatever their transport. Given only a size, the pixels are left for the caller to write
   * (zeroed the first time, else whatever the buffer held). The memory stays lent to the caller until
   * `release()`, and after that until the last run reading it is done; a released view is refused as
   * input. Meant for an image run several times (a benchmark, previews of one photo); for a single run,
   * passing the image itself costs the same one copy.
   */
  shareImage(source: LabeledImage | ImageSize): SharedImage {
    const data = (source as Partial<RawImage>).data;
    const label = data ? labelOf(source as LabeledImage, 'image') : 'image';
    if (this.terminated) throw new Error(`the filter pool was terminated: cannot share "${label}"`);
    const { width, height } = source;
    checkImage({ data: data ?? new Uint8Array(width * height * 4), width, height }, label);
    const holding = this.holdings.forCaller(width * height * 4);
    const bytes = holding.lease.bytes;
    if (data) bytes.set(data);
    const image: LabeledImage = data
      ? { ...(source as LabeledImage), data: bytes }
      : { data: bytes, width, height };
    return { image, release: () => this.holdings.letGo(holding) };
  }

  /** Listens to one event per finished strip; returns the function that stops listening. */
  onTask(listener: (event: TaskEvent) => void): () => void {
    return this.timeline.onTask(listener);
  }

  /** Filters one image (Python's apply). */
  apply(
    image: LabeledImage,
    steps: readonly PipelineStep[],
    options: RunOptions = {},
  ): Promise<FilterResult> {
    return this.submit(image, steps, options, 0);
  }

  /** Submits one image; the callback gets (error, result) when it is done (Python's apply_async). */
  applyAsync(
    image: LabeledImage,
    steps: readonly PipelineStep[],
    callback?: (error: Error | null, result?: FilterResult) => void,
    options: RunOptions = {},
  ): AsyncResult {
    let outcome: { ok: true; result: FilterResult } | { ok: false; error: Error } | undefined;
    const promise = this.submit(image, steps, options, 0);
    promise.then(
      (result) => {
        outcome = { ok: true, result };
        callback?.(null, result);
      },
      (error: Error) => {
        outcome = { ok: false, error };
        callback?.(error);
      },
    );
    return {
      label: labelOf(image, 'image', options.label),
      ready: () => outcome !== undefined,
      successful: () => outcome?.ok,
      get: () => promise,
    };
  }

  /**
   * Filters every image; resolves with the results in input order (Python's map). The first failure
   * rejects the whole map and cancels the images still running.
   */
  map(
    images: readonly LabeledImage[],
    steps: readonly PipelineStep[],
    options: Omit<RunOptions, 'label'> = {},
  ): Promise<FilterResult[]> {
    return mapAll((image, run, index) => this.submit(image, steps, run, index), images, options);
  }

  /**
   * Streams results as images finish (Python's imap / imap_unordered). At most `window` images are in
   * flight, so a long (possibly lazily decoded) stream does not sit in memory all at once. A failure is
   * thrown when its turn comes; leaving the loop early cancels the images in flight.
   */
  imap(
    images: Iterable<LabeledImage> | AsyncIterable<LabeledImage>,
    steps: readonly PipelineStep[],
    options: ImapOptions = {},
  ): AsyncGenerator<FilterResult, void, undefined> {
    return imapWindowed((image, run, index) => this.submit(image, steps, run, index), images, options);
  }

  /** Stops every worker; pending runs reject. Leaves no thread behind. */
  terminate(): Promise<void> {
    if (!this.terminating) {
      this.terminated = true;
      this.scheduler.close(new Error('the filter pool was terminated'));
      this.workerBuffers.clear();
      this.holdings.clear();
      this.arena.clear();
      this.terminating = this.slots.terminate();
    }
    return this.terminating;
  }

  /** Checks a run, places its pixels and hands its strips to the scheduler. */
  private async submit(
    image: LabeledImage,
    steps: readonly PipelineStep[],
    options: RunOptions,
    index: number,
  ): Promise<FilterResult> {
    const startedAt = performance.now();
    const label = labelOf(image, 'image', options.label);
    if (this.terminated) throw new Error(`the filter pool was terminated: cannot filter "${label}"`);
    checkImage(image, label);
    const transport = options.transport ?? this.transport;
    checkTransport(transport, this.kind);
    const output = options.output ?? 'copy';
    checkOutput(output);
    const kernels = options.kernels ?? this.kernels;
    checkKernels(kernels);
    const resolved = resolvePipeline(steps);
    // Workers get plain data: the filter ids with every parameter filled in.
    const wireSteps = plainSteps(resolved);
    const halo = pipelineRadius(resolved);
    const stripRows = options.stripRows ?? defaultStripRows(image.height, this.size, halo);
    checkStripRows(stripRows, label);
    if (options.signal?.aborted) throw new FilterAbortError(label);

    const prepStart = performance.now();
    const memory = RunMemory.place(this.holdings, image, label, transport, output);
    const prepMs = performance.now() - prepStart;
    return this.scheduler.run({
      label,
      index,
      steps: wireSteps,
      memory,
      output,
      plans: planStrips(image.height, stripRows, halo),
      stripRows,
      clock: new RunClock(startedAt, this.size, prepMs),
      kernels,
      signal: options.signal,
    });
  }
}
