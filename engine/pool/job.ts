/**
 * The records the scheduler keeps: one per image being filtered (a job), one per strip of it waiting in
 * the queue, one per strip sent to a worker.
 *
 * Why apart: the scheduler, the timeline and the memory bookkeeping all read them, and a strip is not
 * just its plan: a retried strip is a new record (attempt 1) of the same plan, and a strip on a worker
 * must be told apart from the same strip sent again after its worker died.
 */
import type { KernelChoice } from '../../shared/kernels';
import type { PipelineStep } from '../../workers/filters/types';
import type { StripPlan } from '../../workers/tiling';
import type { RunMemory } from './run-memory';
import type { RunClock } from './strip-timing';
import type { FilterResult, ResultMemory } from './types';
import type { PoolSlot } from './worker-slot';

/** One image being filtered. */
export interface Job {
  readonly id: number;
  readonly label: string;
  /** Position in the input of map / imap (0 for apply). */
  readonly index: number;
  /** Plain steps, every parameter filled in: what workers are sent. */
  readonly steps: readonly PipelineStep[];
  /** Its buffers and when they may go back. */
  readonly memory: RunMemory;
  /** Where the caller wants the result's pixels. */
  readonly output: ResultMemory;
  readonly plans: readonly StripPlan[];
  readonly stripRows: number;
  readonly clock: RunClock;
  /** The kernels its strips ask for. */
  readonly kernels: KernelChoice;
  /** Set by the first strip that ran the JS kernels although `kernels` was 'wasm': why. */
  kernelsFallback?: string;
  /** Strips not yet answered successfully. */
  remaining: number;
  /** Resolved or rejected: whatever comes back for it from now on is ignored. */
  settled: boolean;
  resolve(result: FilterResult): void;
  reject(error: Error): void;
  unlistenAbort(): void;
}

/** One strip of a job, waiting or running. */
export interface QueuedStrip {
  readonly id: number;
  readonly job: Job;
  readonly plan: StripPlan;
  /** 0 for the first attempt, 1 for the retry after a crash. */
  readonly attempt: number;
  readonly queuedAt: number;
}

/** A strip posted to a worker and not answered yet. */
export interface SentStrip {
  readonly task: QueuedStrip;
  readonly slot: PoolSlot;
  readonly dispatchedAt: number;
  /** Pixel bytes the message carried. */
  readonly bytesIn: number;
}
