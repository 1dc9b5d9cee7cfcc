/**
 * The lab's `manager` experiment: state behind a proxy against state in shared memory. N workers report
 * the same number of progress updates into one job's progress counter, either as messages to a manager
 * on the main thread that owns the counter (Python's `multiprocessing.Manager().Value`, whose every
 * update is a message to the manager process) or with Atomics.add on a counter in shared memory (Python's
 * `multiprocessing.Value`). The cost per update is the time until the main thread knows the final count,
 * divided by the updates.
 */

import { MessageChannel } from 'node:worker_threads';
import { Transfer } from 'threads';
import { checkWholeNumber } from '../../shared/errors';
import {
  type LabManagerReport,
  type LabManagerRun,
  MANAGER_MODES,
  type ManagerMode,
} from '../../shared/lab/manager';
import type { ProgressTask } from '../../workers/filter.worker';
import { withLabWorkers } from './lab-workers';
import { withMachineCheck } from './machine';

/** The report's shapes are declared once, in shared/lab/manager.ts, for the CLI and the app alike. */
export const PROGRESS_MODES = MANAGER_MODES;
export type ProgressMode = ManagerMode;
export type ManagerResult = LabManagerRun;
export type ManagerReport = LabManagerReport;

export interface ManagerOptions {
  /** Called before each mode and once at the end, with the modes done, the modes in all and the next. */
  onStep?: (done: number, total: number, label: string) => void;
  /** Stops the experiment at once (its workers are stopped mid-mode): it rejects with the reason. */
  signal?: AbortSignal;
  /** Time a calibration loop before and after, to tell a busy machine (default true). */
  checkMachine?: boolean;
}

/** A promise that rejects with the signal's reason once it aborts (never, without a signal). */
function abortion(signal: AbortSignal | undefined): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined); // observed through the races below; never unhandled
  return aborted;
}

/** The manager: the one owner of the counter; workers reach it only by message. */
class ProgressManager {
  count = 0;
  private waiting: { target: number; resolve: () => void } | undefined;

  update(): void {
    this.count++;
    if (this.waiting && this.count >= this.waiting.target) this.waiting.resolve();
  }

  reached(target: number): Promise<void> {
    if (this.count >= target) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = { target, resolve };
    });
  }
}

export async function runManager(
  workers: number,
  updatesPerWorker: number,
  options: ManagerOptions = {},
): Promise<ManagerReport> {
  checkWholeNumber('workers', workers, 1);
  checkWholeNumber('updates', updatesPerWorker, 1);
  const { signal, onStep } = options;
  const updates = workers * updatesPerWorker;
  const aborted = abortion(signal);
  const { result, machine } = await withMachineCheck(
    options.checkMachine ?? true,
    () =>
      withLabWorkers('manager', workers, async ({ slots, alive }) => {
        // A cancel stops the mode in flight: leaving the race lets withLabWorkers kill the workers.
        const watched = <T>(work: Promise<T>) => Promise.race([alive(work), aborted]);
        const results: ManagerResult[] = [];
        for (const [index, mode] of PROGRESS_MODES.entries()) {
          signal?.throwIfAborted();
          onStep?.(index, PROGRESS_MODES.length, `${mode}: ${updates} updates`);
          const counter = new SharedArrayBuffer(4);
          const manager = new ProgressManager();
          const channels = slots.map(() => new MessageChannel());
          for (const channel of channels) channel.port1.on('message', () => manager.update());
          try {
            const start = performance.now();
            const runs = slots.map((slot, k) => {
              const task: ProgressTask = { mode, updates: updatesPerWorker, counter };
              if (mode === 'shared') return slot.thread.reportProgress(task);
              const port = channels[k].port2;
              // threads.js's typings do not model a TransferDescriptor wrapping a whole argument.
              return slot.thread.reportProgress(
                Transfer({ ...task, port }, [port]) as unknown as ProgressTask,
              );
            });
            await watched(Promise.all(runs));
            if (mode === 'message') await watched(manager.reached(updates));
            const ms = performance.now() - start;
            const counted = mode === 'shared' ? Atomics.load(new Int32Array(counter), 0) : manager.count;
            results.push({ mode, counted, ms, microsecondsPerUpdate: (ms * 1000) / updates });
          } finally {
            for (const channel of channels) channel.port1.close();
          }
        }
        onStep?.(PROGRESS_MODES.length, PROGRESS_MODES.length, 'Done');
        return results;
      }),
    signal,
  );
  return { workers, updatesPerWorker, updates, results: result, machine };
}
