import type { Worker as NodeWorker } from 'node:worker_threads';
import { type ModuleThread, spawn, Thread } from 'threads';
import type {
  FilterWorkerApi,
  StripResult,
  StripTask,
  WholeImageTask,
  WholeImageTiming,
} from '../../workers/filter.worker';
import { createFilterWorker } from './worker-path';

export type FilterThread = ModuleThread<FilterWorkerApi>;

/** The calls a pool makes on a worker, whether a thread (threads.js) or a child process (process-slot.ts). */
export interface FilterCalls {
  runStrip(task: StripTask): Promise<StripResult>;
  runWhole(task: WholeImageTask): Promise<WholeImageTiming>;
  forgetBuffers(ids: readonly number[]): Promise<number>;
}

/**
 * One worker of the pool, in its slot: what the scheduler, the slot set and the buffer bookkeeping use
 * of it, the same for a worker thread (WorkerSlot) and a worker process (ProcessSlot).
 */
export interface PoolSlot {
  /** Slot number, 0 .. size - 1; a replacement takes over its predecessor's number. */
  readonly index: number;
  /** The thread's threadId, or the process's pid. */
  readonly threadId: number;
  /** Settles once the worker has stopped. */
  readonly exited: Promise<void>;
  readonly thread: FilterCalls;
  readonly alive: boolean;
  /** Stops the worker on purpose (cancel, shutdown); its onDeath is not called. */
  kill(): Promise<void>;
}

/** Starts a worker in slot `index`; `onDeath` is called once if it dies without being asked to. */
export type SlotSpawner = (
  index: number,
  workerData: { faultInjection: boolean },
  onDeath: (slot: PoolSlot, death: WorkerDeath) => void,
) => Promise<PoolSlot>;

/** Why a worker stopped without being asked to. */
export interface WorkerDeath {
  message: string;
  /** The worker's own stack, when it died of an uncaught error. */
  stack?: string;
}

interface UncaughtErrorMessage {
  type: 'uncaughtError';
  error?: { message?: string; stack?: string };
}

function isUncaughtErrorMessage(data: unknown): data is UncaughtErrorMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'uncaughtError';
}

/**
 * One worker thread of the pool, spawned with threads.js `spawn`. It watches for the ways a worker can
 * die that threads.js does not report to a pending call (the call just never settles): the thread
 * exiting, a native 'error', or threads.js's own "uncaughtError" message (it catches uncaught exceptions
 * in the worker and keeps the broken thread alive). Any of these calls `onDeath` once and the thread is
 * terminated; `kill()` stops it deliberately without calling `onDeath`.
 */
export class WorkerSlot implements PoolSlot {
  private dead = false;
  /** worker_threads threadId (the native worker reports -1 once it has exited). */
  readonly threadId: number;
  /** Settles once the thread has stopped: from then on it can no longer touch any shared memory. */
  readonly exited: Promise<void>;

  private constructor(
    /** Slot number, 0 .. size - 1; a replacement takes over its predecessor's number. */
    readonly index: number,
    readonly thread: FilterThread,
    native: NodeWorker,
    onDeath: (slot: WorkerSlot, death: WorkerDeath) => void,
  ) {
    this.threadId = native.threadId;
    this.exited = new Promise((resolve) => native.once('exit', () => resolve()));
    const die = (death: WorkerDeath): void => {
      if (this.dead) return;
      this.dead = true;
      void this.stop();
      onDeath(this, death);
    };
    native.on('exit', (code) => die({ message: `worker ${index} exited with code ${code}` }));
    native.on('error', (error) =>
      die({ message: `worker ${index} failed: ${error.message}`, stack: error.stack }),
    );
    native.on('message', (data: unknown) => {
      if (!isUncaughtErrorMessage(data)) return;
      const message = data.error?.message ?? 'unknown error';
      die({ message: `worker ${index} hit an uncaught error: ${message}`, stack: data.error?.stack });
    });
  }

  static async spawn(
    index: number,
    workerData: unknown,
    onDeath: (slot: WorkerSlot, death: WorkerDeath) => void,
  ): Promise<WorkerSlot> {
    const worker = createFilterWorker(workerData);
    const native = worker as unknown as NodeWorker;
    // threads.js waits up to 10 s for the worker's init message even when the worker has already died
    // (say its script failed to load): notice the death at once instead.
    let onEarlyError: ((error: Error) => void) | undefined;
    let onEarlyExit: ((code: number) => void) | undefined;
    const diedEarly = new Promise<never>((_, reject) => {
      onEarlyError = (error) =>
        reject(new Error(`filter worker failed to start: ${error.message}`, { cause: error }));
      onEarlyExit = (code) => reject(new Error(`filter worker exited with code ${code} while starting`));
      native.once('error', onEarlyError);
      native.once('exit', onEarlyExit);
    });
    try {
      const thread = await Promise.race([spawn<FilterWorkerApi>(worker), diedEarly]);
      return new WorkerSlot(index, thread, native, onDeath);
    } catch (error) {
      await native.terminate();
      throw error;
    } finally {
      native.off('error', onEarlyError as (error: Error) => void);
      native.off('exit', onEarlyExit as (code: number) => void);
    }
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Stops the thread on purpose (cancel, shutdown); onDeath is not called. */
  async kill(): Promise<void> {
    this.dead = true;
    await this.stop();
  }

  private async stop(): Promise<void> {
    // Thread.terminate also completes threads.js's event stream; it resolves even if the thread already exited.
    await Thread.terminate(this.thread).catch(() => undefined);
  }
}
