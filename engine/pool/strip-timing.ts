/**
 * Where the time of a run and of each strip went: the figures of RunTimings and TaskEvent.
 *
 * Why a concern of its own: the benchmark's breakdown and the timeline are only as good as these sums,
 * and two things make them easy to get wrong. Times cross threads: workers stamp `startedAt`/`endedAt`
 * in `performance.timeOrigin`-based ms, so the main thread stamps its own times on the same clock
 * (nowMs). And a prefetched strip waits in its worker's message queue behind the strip before it: its
 * wait starts when that one ended, not when it was posted, or dispatch time would count the other
 * strip's compute.
 */
import type { StripResult } from '../../workers/filter.worker';
import type { SentStrip } from './job';
import type { RunTimings, TaskEvent } from './types';

/** Now, in `performance.timeOrigin`-based ms: comparable with the workers' stamps. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** The time sums of one run, filled in as its strips are prepared and come back. */
export class RunClock {
  private dispatchMs: number;
  private reassembleMs = 0;
  private readonly computeMsByWorker: number[];
  private readonly busyMsByWorker: number[];

  /**
   * `startedAt` is the run's start (`performance.now()`), `prepMs` the main thread's time placing its
   * pixels (counted as dispatch).
   */
  constructor(
    private readonly startedAt: number,
    workers: number,
    prepMs: number,
  ) {
    this.dispatchMs = prepMs;
    this.computeMsByWorker = new Array(workers).fill(0);
    this.busyMsByWorker = new Array(workers).fill(0);
  }

  /** Main-thread time spent packing and posting a strip. */
  addDispatch(ms: number): void {
    this.dispatchMs += ms;
  }

  /** Main-thread time spent putting results into the output, or copying the output out of the arena. */
  addReassemble(ms: number): void {
    this.reassembleMs += ms;
  }

  /**
   * A strip came back from worker slot `workerIndex`. Its transit both ways and the worker's unpack and
   * pack time count as dispatch; `sentAt` is when it could start (StripTimeline.answered).
   */
  addStrip(workerIndex: number, result: StripResult, sentAt: number, receivedAt: number): void {
    const busyMs = result.endedAt - result.startedAt;
    this.dispatchMs +=
      Math.max(0, result.startedAt - sentAt) + (receivedAt - result.endedAt) + (busyMs - result.computeMs);
    this.computeMsByWorker[workerIndex] += result.computeMs;
    this.busyMsByWorker[workerIndex] += busyMs;
  }

  /** The run's timings, with its wall time up to now. */
  timings(): RunTimings {
    return {
      wallMs: performance.now() - this.startedAt,
      dispatchMs: this.dispatchMs,
      computeMs: this.computeMsByWorker.reduce((a, b) => a + b, 0),
      computeMsByWorker: this.computeMsByWorker,
      reassembleMs: this.reassembleMs,
      busyMsByWorker: this.busyMsByWorker,
    };
  }
}

/** The pool's strip timeline: when each worker was last free, and who listens to finished strips. */
export class StripTimeline {
  /** Per worker (its WorkerSlot), when it finished its last strip. */
  private readonly lastEndedAt = new Map<object, number>();
  private readonly listeners = new Set<(event: TaskEvent) => void>();

  /** Listens to one event per finished strip; returns the function that stops listening. */
  onTask(listener: (event: TaskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * `worker` answered a strip posted at `dispatchedAt` that it ended at `endedAt`. Returns when that
   * strip could start: a prefetched strip waited for the one before it, not for the transport.
   */
  answered(worker: object, dispatchedAt: number, endedAt: number): number {
    const sentAt = Math.max(dispatchedAt, this.lastEndedAt.get(worker) ?? 0);
    this.lastEndedAt.set(worker, endedAt);
    return sentAt;
  }

  /** The worker is gone: its replacement starts with no history. */
  forget(worker: object): void {
    this.lastEndedAt.delete(worker);
  }

  /** Tells every listener about a finished strip; a listener that throws is reported, not propagated. */
  emit(strip: SentStrip, result: StripResult, receivedAt: number, bytesOut: number): void {
    if (this.listeners.size === 0) return;
    const event = taskEvent(strip, result, receivedAt, bytesOut);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`a TaskEvent listener threw: ${(error as Error).message}`);
      }
    }
  }
}

function taskEvent(strip: SentStrip, result: StripResult, receivedAt: number, bytesOut: number): TaskEvent {
  const { task, slot } = strip;
  const { job, plan } = task;
  return {
    taskId: task.id,
    jobId: job.id,
    label: job.label,
    imageIndex: job.index,
    stripIndex: plan.index,
    stripCount: job.plans.length,
    workerId: slot.index,
    threadId: result.threadId,
    attempt: task.attempt,
    transport: job.memory.buffers.transport,
    queuedAt: task.queuedAt,
    dispatchedAt: strip.dispatchedAt,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    receivedAt,
    computeMs: result.computeMs,
    bytesIn: strip.bytesIn,
    bytesOut,
  };
}
