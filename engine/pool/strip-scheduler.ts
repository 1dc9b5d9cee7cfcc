/**
 * Which strip runs where and when, and what happens when one fails: the queue, dispatch with prefetch,
 * retry after a crash, cancellation, and the decision to replace a worker.
 *
 * Why this shape (piscina's, not threads.js's `Pool`, which never replaces a dead worker and cancels
 * only queued tasks): a FIFO queue of strips over a fixed set of slots. A worker gets a second strip
 * while it computes the first, but only while more strips wait than there are workers: the main thread
 * slices and reassembles strips for `copy` and `transfer`, and without the prefetch each worker would
 * wait for it between strips; at the tail, a strip queued behind a busy worker could leave another idle.
 * A crash is not the strip's fault, so the strip is retried once; an error thrown by the worker's code
 * would throw again, so it fails the run at once. A cancelled run's workers are killed and replaced, so
 * cancelling takes milliseconds even for a kernel that never returns.
 */
import type { KernelChoice } from '../../shared/kernels';
import { BuffersBySize } from '../../workers/buffers-by-size';
import type { Fault, ReplyMode, StripResult, StripTask } from '../../workers/filter.worker';
import type { PipelineStep } from '../../workers/filters/types';
import type { StripPlan } from '../../workers/tiling';
import { FilterAbortError, FilterTaskError } from './errors';
import type { Job, QueuedStrip, SentStrip } from './job';
import type { RunMemory } from './run-memory';
import type { SlotSet } from './slot-set';
import { nowMs, type RunClock, type StripTimeline } from './strip-timing';
import { TaskQueue } from './task-queue';
import { packStrip, placeResult } from './transports';
import type { FaultPlan, FilterResult, ResultMemory } from './types';
import { StripWatchdog, type WatchdogLimits } from './watchdog';
import type { WorkerBuffers } from './worker-buffers';
import type { PoolSlot, WorkerDeath } from './worker-slot';

/** Strips handed to one worker at once: the one it computes and the next, waiting in its message queue. */
export const MAX_IN_FLIGHT_PER_WORKER = 2;

/** What a run is, once checked and placed in memory: everything but its bookkeeping. */
export interface RunSpec {
  label: string;
  index: number;
  steps: readonly PipelineStep[];
  memory: RunMemory;
  output: ResultMemory;
  plans: StripPlan[];
  stripRows: number;
  clock: RunClock;
  kernels: KernelChoice;
  signal: AbortSignal | undefined;
}

export interface SchedulerOptions {
  /** Workers in the pool (a result's `workers`). */
  size: number;
  /** How workers answer `transfer` strips (PoolOptions.transferReplyBy). */
  transferReplyBy: ReplyMode;
  faults: FaultPlan | undefined;
  watchdog: WatchdogLimits;
}

/** A worker that stopped answering: treated as a death, with the limit it passed. */
interface Hang extends WorkerDeath {
  hung: true;
}

export class StripScheduler {
  private readonly queue = new TaskQueue<QueuedStrip>();
  /** Per worker, the strips it was sent and has not answered yet, oldest (the one it computes) first. */
  private readonly inFlight = new Map<PoolSlot, SentStrip[]>();
  private readonly jobs = new Set<Job>();
  /** `copy` strips' buffers (`transfer` strips cannot be reused: they leave with the message). */
  private readonly copyBuffers = new BuffersBySize();
  private closed = false;
  private nextJobId = 1;
  private nextTaskId = 1;
  private readonly watchdog: StripWatchdog;
  /** Per worker, since when the strip it computes (its oldest in flight) could run. */
  private readonly headSince = new Map<PoolSlot, number>();
  private readonly watch: ReturnType<typeof setInterval>;

  constructor(
    private readonly options: SchedulerOptions,
    private readonly slots: SlotSet,
    private readonly workerBuffers: WorkerBuffers,
    private readonly timeline: StripTimeline,
  ) {
    this.watchdog = new StripWatchdog(options.watchdog);
    const tickMs = Math.max(10, Math.min(1000, options.watchdog.floorMs / 4));
    this.watch = setInterval(() => this.replaceHung(), tickMs);
    this.watch.unref();
  }

  /** Queues every strip of a run; settles with its result, or its first failure. */
  run(spec: RunSpec): Promise<FilterResult> {
    const { signal, ...rest } = spec;
    return new Promise<FilterResult>((resolve, reject) => {
      const job: Job = {
        ...rest,
        id: this.nextJobId++,
        remaining: spec.plans.length,
        settled: false,
        resolve,
        reject,
        unlistenAbort: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = (): void => this.failJob(job, new FilterAbortError(spec.label), true);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.add(job);
      const queuedAt = nowMs();
      for (const plan of spec.plans) {
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
  pump(): void {
    if (this.closed) return;
    const live = this.slots.live();
    for (let depth = 1; depth <= MAX_IN_FLIGHT_PER_WORKER; depth++) {
      for (const slot of live) {
        if (this.queue.isEmpty()) return;
        const sent = this.inFlight.get(slot)?.length ?? 0;
        if (sent >= depth || (sent > 0 && this.queue.size <= live.length)) continue;
        const task = this.queue.take();
        if (task) this.dispatch(slot, task);
      }
    }
  }

  /**
   * A worker died on its own: replace it; retry the strip it was computing once, then fail the image.
   * A strip that was only waiting behind it goes back to the queue as it was.
   */
  workerDied(slot: PoolSlot, death: WorkerDeath): void {
    const [running, ...waiting] = this.takeInFlight(slot);
    this.slots.replace(slot);
    this.requeue(waiting);
    if (running && !running.task.job.settled) {
      const { task } = running;
      if (task.attempt === 0) {
        this.queue.pushFront([{ ...task, attempt: 1 }]);
      } else {
        const { job, plan } = task;
        const what = (death as Partial<Hang>).hung ? 'hung its worker' : 'crashed its worker';
        const message =
          `Filtering "${job.label}" failed: strip ${plan.index + 1} of ${job.plans.length} ${what} ` +
          `twice (${death.message})`;
        this.failJob(job, new FilterTaskError(job.label, plan.index, message, death.stack));
      }
    }
    this.pump();
  }

  /** No worker is alive or starting: nothing queued can ever run, so fail every run rather than hang. */
  noWorkers(error: Error): void {
    for (const job of [...this.jobs]) {
      this.failJob(
        job,
        new Error(`Filtering "${job.label}" failed: no worker could be started (${error.message})`),
      );
    }
  }

  /** Rejects every pending run with `error` and schedules nothing more (the pool is terminating). */
  close(error: Error): void {
    this.closed = true;
    clearInterval(this.watch);
    for (const job of [...this.jobs]) this.failJob(job, error, false);
    this.queue.clear();
    this.inFlight.clear();
  }

  private dispatch(slot: PoolSlot, task: QueuedStrip): void {
    const { job, plan } = task;
    const { buffers } = job.memory;
    const fault: Fault | undefined = this.options.faults?.({
      label: job.label,
      stripIndex: plan.index,
      attempt: task.attempt,
    });
    const replyBy: ReplyMode = buffers.transport === 'transfer' ? this.options.transferReplyBy : 'copy';
    const packStart = performance.now();
    const packed = packStrip(
      buffers,
      plan,
      job.steps,
      replyBy,
      job.kernels,
      fault,
      this.copyBuffers,
      (lease) => this.workerBuffers.refFor(slot, lease),
    );
    job.memory.stripSent();
    job.clock.addDispatch(performance.now() - packStart);
    const run: SentStrip = { task, slot, dispatchedAt: nowMs(), bytesIn: packed.bytesIn };
    const runs = this.inFlight.get(slot);
    if (runs && runs.length > 0) runs.push(run);
    else {
      this.inFlight.set(slot, [run]);
      this.headSince.set(slot, run.dispatchedAt);
    }
    // threads.js's typings do not model a TransferDescriptor wrapping a whole argument; the worker receives a StripTask.
    slot.thread.runStrip(packed.message as StripTask).then(
      (result) => this.stripDone(run, result),
      (error: unknown) => this.stripFailed(run, error),
    );
  }

  private stripDone(run: SentStrip, result: StripResult): void {
    if (!this.settleRun(run)) return; // the worker was killed or replaced meanwhile
    const sentAt = this.timeline.answered(run.slot, run.dispatchedAt, result.endedAt);
    this.pump(); // refill the worker's queue before reassembling
    const { job, plan } = run.task;
    if (job.settled) return;
    const receivedAt = nowMs();
    let bytesOut = 0;
    if (job.memory.buffers.transport !== 'shared') {
      const placeStart = performance.now();
      try {
        bytesOut = placeResult(job.memory.buffers, plan, result);
      } catch (error) {
        this.failJob(
          job,
          new FilterTaskError(job.label, plan.index, `"${job.label}": ${(error as Error).message}`),
        );
        return;
      }
      job.clock.addReassemble(performance.now() - placeStart);
    }
    if (result.kernelsFallback !== undefined) job.kernelsFallback ??= result.kernelsFallback;
    job.clock.addStrip(run.slot.index, result, sentAt, receivedAt);
    this.watchdog.learn(job.steps, stripPixels(run), result.computeMs);
    this.timeline.emit(run, result, receivedAt, bytesOut);
    job.remaining--;
    if (job.remaining === 0 && !job.settled) this.finishJob(job);
  }

  /** The worker's code threw: deterministic, so no retry. The caller gets the worker's message and stack. */
  private stripFailed(run: SentStrip, error: unknown): void {
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

  /** Takes `run` off its worker's in-flight list; false if it was not there (the worker was replaced). */
  private settleRun(run: SentStrip): boolean {
    const runs = this.inFlight.get(run.slot);
    const at = runs?.indexOf(run) ?? -1;
    if (!runs || at < 0) return false;
    runs.splice(at, 1);
    // The next strip in its queue starts now: the watchdog times it from here.
    if (at === 0 && runs.length > 0) this.headSince.set(run.slot, nowMs());
    run.task.job.memory.stripGone();
    return true;
  }

  private finishJob(job: Job): void {
    job.settled = true;
    job.unlistenAbort();
    this.jobs.delete(job);
    const { data, release, copyMs } = job.memory.finish(job.output);
    job.clock.addReassemble(copyMs);
    const { width, height, transport } = job.memory.buffers;
    job.resolve({
      label: job.label,
      index: job.index,
      image: { data, width, height },
      output: job.output,
      release,
      transport,
      workers: this.options.size,
      strips: job.plans.length,
      stripRows: job.stripRows,
      ...(job.kernelsFallback === undefined
        ? { kernels: job.kernels }
        : { kernels: 'js', kernelsFallback: job.kernelsFallback }),
      timings: job.clock.timings(),
    });
  }

  /** Rejects a job, drops its queued strips and, when cancelling, stops the workers running its strips. */
  private failJob(job: Job, error: Error, stopRunning = false): void {
    if (job.settled) return;
    job.settled = true;
    job.unlistenAbort();
    this.jobs.delete(job);
    this.queue.removeWhere((task) => task.job === job);
    // Its buffers go back to the arena only when no strip of it is still on a worker (see RunMemory).
    job.memory.settle();
    if (stopRunning) {
      // Stop the workers computing this job's strips; a strip of it only waiting behind another job's
      // is left to run (a message cannot be taken back) and its result ignored.
      for (const [slot, runs] of [...this.inFlight]) {
        if (runs[0]?.task.job !== job) continue;
        const [, ...waiting] = this.takeInFlight(slot);
        this.slots.replace(slot);
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
  private takeInFlight(slot: PoolSlot): SentStrip[] {
    const runs = this.inFlight.get(slot) ?? [];
    this.inFlight.delete(slot);
    this.headSince.delete(slot);
    this.timeline.forget(slot);
    this.workerBuffers.forget(slot);
    if (runs.length > 0) {
      void slot.exited.then(() => {
        for (const run of runs) run.task.job.memory.stripGone();
      });
    }
    return runs;
  }

  /** Replaces each worker whose current strip is past the watchdog's limit, as if it had died. */
  private replaceHung(): void {
    const now = nowMs();
    for (const [slot, runs] of [...this.inFlight]) {
      const head = runs[0];
      const since = this.headSince.get(slot);
      if (!head || since === undefined) continue;
      const limitMs = this.watchdog.limitMs(head.task.job.steps, stripPixels(head));
      if (now - since <= limitMs) continue;
      const hang: Hang = {
        hung: true,
        message: `no answer within ${(limitMs / 1000).toFixed(1)} s, the watchdog's limit for this strip`,
      };
      this.workerDied(slot, hang);
    }
  }

  /** Puts strips that never started back at the head of the queue, in their order. */
  private requeue(runs: readonly SentStrip[]): void {
    this.queue.pushFront(runs.filter((run) => !run.task.job.settled).map((run) => run.task));
  }
}

/** Pixels a strip reads (its rows with their halo), what its compute time scales with. */
function stripPixels(run: SentStrip): number {
  return run.task.plan.srcRows * run.task.job.memory.buffers.width;
}
