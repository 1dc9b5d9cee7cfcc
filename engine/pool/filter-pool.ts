/**
 * FilterPool: runs pipelines on images over a pool of worker threads, strip by strip.
 *
 * Built on threads.js `spawn`/`Worker` rather than its `Pool`, which never replaces a dead worker and can
 * cancel only queued tasks. This one is small and piscina-like: a FIFO queue of strips and a fixed set of
 * worker slots; a crashed worker is replaced in its slot and its strip retried once; cancelling a run
 * drops its queued strips and terminates (and replaces) the workers running its strips.
 *
 * A worker gets a second strip while it computes the first (while enough strips wait that none will be
 * left idle at the end): the main thread slices and reassembles strips for `copy` and `transfer`, and
 * without that prefetch each worker would wait for it between strips.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { BuffersBySize } from '../../workers/buffers-by-size';
import type { Fault, ReplyMode, SharedRef, StripResult, StripTask } from '../../workers/filter.worker';
import { plainSteps, resolvePipeline } from '../../workers/filters/index';
import type { PipelineStep } from '../../workers/filters/types';
import { pipelineRadius } from '../../workers/pipeline';
import { planStrips, type StripPlan } from '../../workers/tiling';
import type { RawImage } from '../types';
import { FilterAbortError, FilterTaskError } from './errors';
import { type ArenaLease, type ArenaStats, SharedArena } from './shared-arena';
import { type Holding, SharedHoldings } from './shared-holdings';
import { defaultStripRows } from './strips';
import { isLeaseStart, type JobBuffers, packStrip, placeResult, prepareBuffers } from './transports';
import {
  type AsyncResult,
  DEFAULT_TRANSPORT,
  type FaultPlan,
  type FilterResult,
  type ImageSize,
  type ImapOptions,
  type LabeledImage,
  type PoolOptions,
  RESULT_MEMORIES,
  type ResultMemory,
  type RunOptions,
  type SharedImage,
  type TaskEvent,
  TRANSPORTS,
  type Transport,
} from './types';
import { type WorkerDeath, WorkerSlot } from './worker-slot';

const nowMs = (): number => performance.timeOrigin + performance.now();

/** Strips handed to one worker at once: the one it computes and the next, waiting in its message queue. */
const MAX_IN_FLIGHT_PER_WORKER = 2;

/** One image being filtered. */
interface Job {
  id: number;
  label: string;
  index: number;
  steps: readonly PipelineStep[];
  buffers: JobBuffers;
  /** Arena buffers the job uses (input and output, its own or a caller's); let go once no worker can touch them. */
  holdings: Holding[];
  /** The output's arena buffer, if any: handed to the caller when `output` is 'shared'. */
  outputHolding: Holding | undefined;
  output: ResultMemory;
  plans: StripPlan[];
  stripRows: number;
  remaining: number;
  /** Strips sent to a worker that may still read or write this job's buffers. */
  outstanding: number;
  startedAt: number;
  dispatchMs: number;
  reassembleMs: number;
  computeMsByWorker: number[];
  busyMsByWorker: number[];
  settled: boolean;
  resolve(result: FilterResult): void;
  reject(error: Error): void;
  unlistenAbort(): void;
}

/** One strip of a job, waiting or running. */
interface StripTaskState {
  id: number;
  job: Job;
  plan: StripPlan;
  attempt: number;
  queuedAt: number;
}

interface Running {
  task: StripTaskState;
  slot: WorkerSlot;
  dispatchedAt: number;
  bytesIn: number;
}

function labelOf(image: LabeledImage, fallback: string, given?: string): string {
  return given ?? image.label ?? image.path ?? fallback;
}

function checkImage(image: RawImage, label: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`"${label}": width and height must be whole numbers >= 1, got ${width}x${height}`);
  }
  if (!(data instanceof Uint8Array) || data.byteLength !== width * height * 4) {
    throw new RangeError(
      `"${label}": expected ${width * height * 4} bytes of RGBA for ${width}x${height}, got ${data?.byteLength}`,
    );
  }
}

function checkTransport(transport: Transport): void {
  if (!TRANSPORTS.includes(transport)) {
    throw new RangeError(`unknown transport "${transport}" (known: ${TRANSPORTS.join(', ')})`);
  }
}

function checkOutput(output: ResultMemory): void {
  if (!RESULT_MEMORIES.includes(output)) {
    throw new RangeError(`unknown output "${output}" (known: ${RESULT_MEMORIES.join(', ')})`);
  }
}

const noRelease = (): void => undefined;

export class FilterPool {
  private readonly slots: (WorkerSlot | undefined)[];
  /** Per worker, the strips it was sent and has not answered yet, oldest (the one it computes) first. */
  private readonly inFlight = new Map<WorkerSlot, Running[]>();
  /** Per worker, when it finished its last strip: a prefetched strip waits for that, not for the transport. */
  private readonly lastEndedAt = new Map<WorkerSlot, number>();
  private queue: StripTaskState[] = [];
  private readonly jobs = new Set<Job>();
  private readonly listeners = new Set<(event: TaskEvent) => void>();
  private readonly spawning = new Set<Promise<void>>();
  /** `copy` strips' buffers (`transfer` strips cannot be reused: they leave with the message). */
  private readonly copyBuffers = new BuffersBySize();
  /** The shared memory of `shared` runs, reused run after run (see shared-arena.ts). */
  private readonly arena = new SharedArena((id) => this.retireBuffer(id));
  /** Arena buffers in use by runs and callers (shared images, results kept in shared memory). */
  private readonly holdings = new SharedHoldings(this.arena);
  /** Per worker, the ids of the arena buffers it has been sent (and caches). */
  private readonly knownBuffers = new Map<WorkerSlot, Set<number>>();
  private terminated = false;
  private terminating: Promise<void> | undefined;
  private nextJobId = 1;
  private nextTaskId = 1;

  private constructor(
    readonly size: number,
    readonly transport: Transport,
    private readonly transferReplyBy: ReplyMode,
    private readonly faults: FaultPlan | undefined,
  ) {
    this.slots = new Array(size).fill(undefined);
  }

  static async create(options: PoolOptions = {}): Promise<FilterPool> {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`pool size must be a whole number >= 1, got ${size}`);
    const transport = options.transport ?? DEFAULT_TRANSPORT;
    checkTransport(transport);
    const pool = new FilterPool(size, transport, options.transferReplyBy ?? 'copy', options.faults);
    const started = await Promise.allSettled(pool.slots.map((_, index) => pool.spawnSlot(index)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.terminate();
      throw failed.reason;
    }
    return pool;
  }

  /** Workers currently alive (0 after terminate). */
  get liveWorkers(): number {
    return this.liveSlots().length;
  }

  /** threadIds of the live workers, by slot. */
  get threadIds(): number[] {
    return this.liveSlots().map((slot) => slot.threadId);
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
    return Promise.all(this.liveSlots().map((slot) => slot.thread.forgetBuffers([])));
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
  async map(
    images: readonly LabeledImage[],
    steps: readonly PipelineStep[],
    options: Omit<RunOptions, 'label'> = {},
  ): Promise<FilterResult[]> {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one listener per image in flight, however many
    const unlink = linkSignal(options.signal, controller);
    const runs = images.map((image, index) =>
      this.submit(
        image,
        steps,
        { ...options, label: labelOf(image, `image ${index + 1}`), signal: controller.signal },
        index,
      ),
    );
    try {
      return await Promise.all(runs);
    } catch (error) {
      // The caller gets none of the results: shared ones would stay lent for good.
      for (const run of runs) run.then((result) => result.release(), noRelease);
      throw error;
    } finally {
      unlink();
      controller.abort();
    }
  }

  /**
   * Streams results as images finish (Python's imap / imap_unordered). At most `window` images are in
   * flight, so a long (possibly lazily decoded) stream does not sit in memory all at once. A failure is
   * thrown when its turn comes; leaving the loop early cancels the images in flight.
   */
  async *imap(
    images: Iterable<LabeledImage> | AsyncIterable<LabeledImage>,
    steps: readonly PipelineStep[],
    options: ImapOptions = {},
  ): AsyncGenerator<FilterResult, void, undefined> {
    const { ordered = true, window = 2, ...runOptions } = options;
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`imap window must be >= 1, got ${window}`);
    type Settled = { index: number } & ({ ok: true; result: FilterResult } | { ok: false; error: Error });
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one listener per image in flight, however many
    const unlink = linkSignal(runOptions.signal, controller);
    const iterator =
      Symbol.asyncIterator in images ? images[Symbol.asyncIterator]() : images[Symbol.iterator]();
    const pending = new Map<number, Promise<Settled>>();
    let submitted = 0;
    let exhausted = false;
    let nextInOrder = 0;
    const fill = async (): Promise<void> => {
      while (!exhausted && pending.size < window) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const index = submitted++;
        const run = {
          ...runOptions,
          label: labelOf(next.value, `image ${index + 1}`),
          signal: controller.signal,
        };
        pending.set(
          index,
          this.submit(next.value, steps, run, index).then(
            (result): Settled => ({ index, ok: true, result }),
            (error: Error): Settled => ({ index, ok: false, error }),
          ),
        );
      }
    };
    try {
      await fill();
      while (pending.size > 0) {
        const settled = ordered
          ? await (pending.get(nextInOrder++) as Promise<Settled>)
          : await Promise.race(pending.values());
        pending.delete(settled.index);
        if (!settled.ok) throw settled.error;
        await fill();
        yield settled.result;
      }
    } finally {
      unlink();
      controller.abort();
      // Results never yielded (the loop was left early, or a failure): shared ones would stay lent for good.
      for (const run of pending.values()) void run.then((settled) => settled.ok && settled.result.release());
      if (!exhausted) await iterator.return?.();
    }
  }

  /** Stops every worker; pending runs reject. Leaves no thread behind. */
  terminate(): Promise<void> {
    if (!this.terminating) {
      this.terminated = true;
      const error = new Error('the filter pool was terminated');
      for (const job of [...this.jobs]) this.failJob(job, error, false);
      this.queue = [];
      this.inFlight.clear();
      this.knownBuffers.clear();
      this.holdings.clear();
      this.arena.clear();
      const kills = this.slots.map((slot) => slot?.kill());
      this.slots.fill(undefined);
      // A spawn still in flight kills its worker as soon as it is up (see spawnSlot); its failure is moot now.
      const spawns = [...this.spawning].map((spawn) => spawn.catch(() => undefined));
      this.terminating = Promise.all([...kills, ...spawns]).then(() => undefined);
    }
    return this.terminating;
  }

  // --- running jobs --------------------------------------------------------------------------

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
    checkTransport(transport);
    const output = options.output ?? 'copy';
    checkOutput(output);
    const resolved = resolvePipeline(steps);
    // Workers get plain data: the filter ids with every parameter filled in.
    const wireSteps = plainSteps(resolved);
    const halo = pipelineRadius(resolved);
    const stripRows = options.stripRows ?? defaultStripRows(image.height, this.size, halo);
    if (!Number.isInteger(stripRows) || stripRows < 1) {
      throw new RangeError(`"${label}": stripRows must be a whole number >= 1, got ${stripRows}`);
    }
    if (options.signal?.aborted) throw new FilterAbortError(label);

    const prepStart = performance.now();
    const { buffers, holdings, outputHolding } = this.placeJob(image, label, transport, output);
    const prepMs = performance.now() - prepStart;
    const plans = planStrips(image.height, stripRows, halo);

    return new Promise<FilterResult>((resolve, reject) => {
      const signal = options.signal;
      const job: Job = {
        id: this.nextJobId++,
        label,
        index,
        steps: wireSteps,
        buffers,
        holdings,
        outputHolding,
        output,
        plans,
        stripRows,
        remaining: plans.length,
        outstanding: 0,
        startedAt,
        dispatchMs: prepMs,
        reassembleMs: 0,
        computeMsByWorker: new Array(this.size).fill(0),
        busyMsByWorker: new Array(this.size).fill(0),
        settled: false,
        resolve,
        reject,
        unlistenAbort: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = (): void => this.failJob(job, new FilterAbortError(label), true);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.add(job);
      const queuedAt = nowMs();
      for (const plan of plans) {
        this.queue.push({ id: this.nextTaskId++, job, plan, attempt: 0, queuedAt });
      }
      this.pump();
    });
  }

  /**
   * Hands queued strips to workers: first one to every idle worker, then a second to each busy one, but
   * only while more strips wait than there are workers (at the tail a strip queued behind a busy worker
   * could leave another worker idle).
   */
  private pump(): void {
    if (this.terminated) return;
    const live = this.liveSlots();
    for (let depth = 1; depth <= MAX_IN_FLIGHT_PER_WORKER; depth++) {
      for (const slot of live) {
        if (this.queue.length === 0) return;
        const sent = this.inFlight.get(slot)?.length ?? 0;
        if (sent >= depth || (sent > 0 && this.queue.length <= live.length)) continue;
        this.dispatch(slot, this.queue.shift() as StripTaskState);
      }
    }
  }

  /** Takes `run` off its worker's in-flight list; false if it was not there (the worker was replaced). */
  private settleRun(run: Running): boolean {
    const runs = this.inFlight.get(run.slot);
    const at = runs?.indexOf(run) ?? -1;
    if (!runs || at < 0) return false;
    runs.splice(at, 1);
    this.stripGone(run.task.job);
    return true;
  }

  private dispatch(slot: WorkerSlot, task: StripTaskState): void {
    const { job, plan } = task;
    const fault: Fault | undefined = this.faults?.({
      label: job.label,
      stripIndex: plan.index,
      attempt: task.attempt,
    });
    const replyBy: ReplyMode = job.buffers.transport === 'transfer' ? this.transferReplyBy : 'copy';
    const packStart = performance.now();
    const packed = packStrip(job.buffers, plan, job.steps, replyBy, fault, this.copyBuffers, (lease) =>
      this.sharedRefFor(slot, lease),
    );
    job.outstanding++;
    job.dispatchMs += performance.now() - packStart;
    const run: Running = { task, slot, dispatchedAt: nowMs(), bytesIn: packed.bytesIn };
    const runs = this.inFlight.get(slot);
    if (runs) runs.push(run);
    else this.inFlight.set(slot, [run]);
    // threads.js's typings do not model a TransferDescriptor wrapping a whole argument; the worker receives a StripTask.
    slot.thread.runStrip(packed.message as StripTask).then(
      (result) => this.onStripDone(run, result),
      (error: unknown) => this.onStripError(run, error),
    );
  }

  private onStripDone(run: Running, result: StripResult): void {
    if (!this.settleRun(run)) return; // the worker was killed or replaced meanwhile
    // A prefetched strip was sent before its worker was free: its wait is the previous strip's compute.
    const sentAt = Math.max(run.dispatchedAt, this.lastEndedAt.get(run.slot) ?? 0);
    this.lastEndedAt.set(run.slot, result.endedAt);
    this.pump(); // refill the worker's queue before reassembling
    const { job, plan } = run.task;
    if (!job.settled) {
      const receivedAt = nowMs();
      let bytesOut = 0;
      if (job.buffers.transport !== 'shared') {
        const placeStart = performance.now();
        try {
          bytesOut = placeResult(job.buffers, plan, result);
        } catch (error) {
          this.failJob(
            job,
            new FilterTaskError(job.label, plan.index, `"${job.label}": ${(error as Error).message}`),
          );
          return;
        }
        job.reassembleMs += performance.now() - placeStart;
      }
      const busyMs = result.endedAt - result.startedAt;
      job.dispatchMs +=
        Math.max(0, result.startedAt - sentAt) + (receivedAt - result.endedAt) + (busyMs - result.computeMs);
      job.computeMsByWorker[run.slot.index] += result.computeMs;
      job.busyMsByWorker[run.slot.index] += busyMs;
      this.emit({
        taskId: run.task.id,
        jobId: job.id,
        label: job.label,
        imageIndex: job.index,
        stripIndex: plan.index,
        stripCount: job.plans.length,
        workerId: run.slot.index,
        threadId: result.threadId,
        attempt: run.task.attempt,
        transport: job.buffers.transport,
        queuedAt: run.task.queuedAt,
        dispatchedAt: run.dispatchedAt,
        startedAt: result.startedAt,
        endedAt: result.endedAt,
        receivedAt,
        computeMs: result.computeMs,
        bytesIn: run.bytesIn,
        bytesOut,
      });
      job.remaining--;
      if (job.remaining === 0 && !job.settled) this.finishJob(job);
    }
  }

  /** The worker's code threw: deterministic, so no retry. The caller gets the worker's message and stack. */
  private onStripError(run: Running, error: unknown): void {
    if (!this.settleRun(run)) return;
    const { job, plan } = run.task;
    const cause = error instanceof Error ? error : new Error(String(error));
    const where = `strip ${plan.index + 1} of ${job.plans.length} on worker ${run.slot.index}`;
    this.failJob(
      job,
      new FilterTaskError(
        job.label,
        plan.index,
        `Filtering "${job.label}" failed (${where}): ${cause.message}`,
        cause.stack,
        cause,
      ),
    );
    this.pump();
  }

  /**
   * A worker died on its own: replace it; retry the strip it was computing once, then fail the image.
   * A strip that was only waiting behind it goes back to the queue as it was.
   */
  private onWorkerDeath(slot: WorkerSlot, death: WorkerDeath): void {
    const [running, ...waiting] = this.takeInFlight(slot);
    if (this.slots[slot.index] === slot) this.replaceSlot(slot.index);
    this.requeue(waiting);
    if (running && !running.task.job.settled) {
      const { task } = running;
      if (task.attempt === 0) {
        this.queue.unshift({ ...task, attempt: 1 });
      } else {
        const { job, plan } = task;
        const message =
          `Filtering "${job.label}" failed: strip ${plan.index + 1} of ${job.plans.length} crashed its worker ` +
          `twice (${death.message})`;
        this.failJob(job, new FilterTaskError(job.label, plan.index, message, death.stack));
      }
    }
    this.pump();
  }

  private finishJob(job: Job): void {
    job.settled = true;
    job.unlistenAbort();
    this.jobs.delete(job);
    const computeMs = job.computeMsByWorker.reduce((a, b) => a + b, 0);
    let output = job.buffers.output;
    let release = noRelease;
    const holding = job.outputHolding;
    if (holding && job.output === 'shared') {
      // The caller holds the buffer now: the arena counts it as lent until release().
      this.holdings.hold(holding);
      release = () => this.holdings.letGo(holding);
    } else if (holding) {
      // The arena lends this buffer to the next run: the caller gets its own copy.
      const copyStart = performance.now();
      output = output.slice();
      job.reassembleMs += performance.now() - copyStart;
    }
    this.releaseIfDone(job);
    job.resolve({
      label: job.label,
      index: job.index,
      image: { data: output, width: job.buffers.width, height: job.buffers.height },
      output: job.output,
      release,
      transport: job.buffers.transport,
      workers: this.size,
      strips: job.plans.length,
      stripRows: job.stripRows,
      timings: {
        wallMs: performance.now() - job.startedAt,
        dispatchMs: job.dispatchMs,
        computeMs,
        computeMsByWorker: job.computeMsByWorker,
        reassembleMs: job.reassembleMs,
        busyMsByWorker: job.busyMsByWorker,
      },
    });
  }

  /** Rejects a job, drops its queued strips and, when cancelling, stops the workers running its strips. */
  private failJob(job: Job, error: Error, stopRunning = false): void {
    if (job.settled) return;
    job.settled = true;
    job.unlistenAbort();
    this.jobs.delete(job);
    this.queue = this.queue.filter((task) => task.job !== job);
    // Its buffers go back to the arena only when no strip of it is still on a worker (see stripGone).
    this.releaseIfDone(job);
    if (stopRunning) {
      // Stop the workers computing this job's strips; a strip of it only waiting behind another job's
      // is left to run (a message cannot be taken back) and its result ignored.
      for (const [slot, runs] of [...this.inFlight]) {
        if (runs[0]?.task.job !== job) continue;
        const [, ...waiting] = this.takeInFlight(slot);
        void slot.kill();
        this.replaceSlot(slot.index);
        this.requeue(waiting);
      }
      this.pump();
    }
    job.reject(error);
  }

  /**
   * Takes every strip off a worker that is being stopped or has died. Their jobs' buffers are counted
   * free only once the thread has stopped: a terminated worker may still be writing for a moment.
   */
  private takeInFlight(slot: WorkerSlot): Running[] {
    const runs = this.inFlight.get(slot) ?? [];
    this.inFlight.delete(slot);
    this.lastEndedAt.delete(slot);
    this.knownBuffers.delete(slot);
    if (runs.length > 0) {
      void slot.exited.then(() => {
        for (const run of runs) this.stripGone(run.task.job);
      });
    }
    return runs;
  }

  // --- shared memory -------------------------------------------------------------------------

  /** A strip of `job` is off its worker (answered, or its thread stopped). */
  private stripGone(job: Job): void {
    job.outstanding--;
    this.releaseIfDone(job);
  }

  /**
   * Where a run's pixels come from and go: an input the caller placed in this pool's shared memory is
   * read in place (the run counts as one of its users); any other input is copied into a lease of the
   * run's own in shared mode. The output is a lease in shared mode or when it is to be kept shared.
   */
  private placeJob(
    image: RawImage,
    label: string,
    transport: Transport,
    output: ResultMemory,
  ): { buffers: JobBuffers; holdings: Holding[]; outputHolding: Holding | undefined } {
    const found = this.holdings.lookup(image.data);
    if (found.kind === 'released') {
      throw new RangeError(
        `"${label}": its pixels are in shared memory that was given back (release()); share the image again`,
      );
    }
    const size = image.width * image.height * 4;
    const holdings: Holding[] = [];
    try {
      let input: ArenaLease | undefined;
      if (found.kind === 'held') {
        // Read by this run for as long as it runs (copy and transfer slice it strip by strip).
        this.holdings.use(found.holding);
        holdings.push(found.holding);
        if (isLeaseStart(image.data, found.holding.lease)) input = found.holding.lease;
      }
      if (transport === 'shared' && !input) {
        const own = this.holdings.forRun(size);
        holdings.push(own);
        input = own.lease;
      }
      let outputHolding: Holding | undefined;
      if (transport === 'shared' || output === 'shared') {
        outputHolding = this.holdings.forRun(size);
        holdings.push(outputHolding);
      }
      const buffers = prepareBuffers(image, transport, {
        input: transport === 'shared' ? input : undefined,
        output: outputHolding?.lease,
      });
      return { buffers, holdings, outputHolding };
    } catch (error) {
      for (const holding of holdings) this.holdings.endUse(holding);
      throw error;
    }
  }

  /** Lets go of a settled job's arena buffers once no worker can touch them. */
  private releaseIfDone(job: Job): void {
    if (job.holdings.length === 0 || !job.settled || job.outstanding > 0) return;
    const holdings = job.holdings;
    job.holdings = [];
    for (const holding of holdings) this.holdings.endUse(holding);
  }

  /** An arena buffer as named in a message to `slot`: the buffer itself the first time, its id after. */
  private sharedRefFor(slot: WorkerSlot, lease: ArenaLease): SharedRef {
    let known = this.knownBuffers.get(slot);
    if (!known) {
      known = new Set();
      this.knownBuffers.set(slot, known);
    }
    if (known.has(lease.id)) return { id: lease.id };
    known.add(lease.id);
    return { id: lease.id, buffer: lease.buffer };
  }

  /** The arena dropped a buffer: every worker that caches it lets go (and collects its garbage). */
  private retireBuffer(id: number): void {
    for (const [slot, known] of this.knownBuffers) {
      if (!known.delete(id) || !slot.alive) continue;
      slot.thread.forgetBuffers([id]).catch(() => undefined);
    }
  }

  /** Puts strips that never started back at the head of the queue, in their order. */
  private requeue(runs: readonly Running[]): void {
    const live = runs.filter((run) => !run.task.job.settled).map((run) => run.task);
    this.queue.unshift(...live);
  }

  // --- workers ---------------------------------------------------------------------------------

  /** The slots whose worker is alive, in slot order. */
  private liveSlots(): WorkerSlot[] {
    return this.slots.filter((slot): slot is WorkerSlot => !!slot?.alive);
  }

  private spawnSlot(index: number): Promise<void> {
    const workerData = { faultInjection: this.faults !== undefined };
    const spawned = WorkerSlot.spawn(index, workerData, (slot, death) =>
      this.onWorkerDeath(slot, death),
    ).then((slot) => {
      if (this.terminated) return slot.kill();
      this.slots[index] = slot;
      this.pump();
    });
    const tracked: Promise<void> = spawned.finally(() => this.spawning.delete(tracked));
    this.spawning.add(tracked);
    return tracked;
  }

  private replaceSlot(index: number): void {
    this.slots[index] = undefined;
    if (this.terminated) return;
    this.spawnSlot(index).catch((error: Error) => {
      // Without a worker in any slot nothing queued can ever run: fail it rather than hang.
      // (By now this spawn has left `spawning`: spawnSlot returns the promise that removes it.)
      if (this.slots.some((slot) => slot?.alive) || this.spawning.size > 0) return;
      for (const job of [...this.jobs]) {
        this.failJob(
          job,
          new Error(`Filtering "${job.label}" failed: no worker could be started (${error.message})`),
        );
      }
    });
  }

  private emit(event: TaskEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`a TaskEvent listener threw: ${(error as Error).message}`);
      }
    }
  }
}

/** Aborts `controller` when `signal` aborts; returns the unlinking function. */
function linkSignal(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    controller.abort();
    return () => undefined;
  }
  const onAbort = (): void => controller.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
