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
import type { ProgressTask } from '../../workers/filter.worker';
import { withLabWorkers } from './lab-workers';

export const PROGRESS_MODES = ['message', 'shared'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export interface ManagerResult {
  mode: ProgressMode;
  /** What the main thread counted (it must equal the updates sent). */
  counted: number;
  /** From the start to the main thread knowing the final count, ms. */
  ms: number;
  /** ms / updates, in microseconds. */
  microsecondsPerUpdate: number;
}

export interface ManagerReport {
  workers: number;
  updatesPerWorker: number;
  updates: number;
  results: ManagerResult[];
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

export async function runManager(workers: number, updatesPerWorker: number): Promise<ManagerReport> {
  checkWholeNumber('workers', workers, 1);
  checkWholeNumber('updates', updatesPerWorker, 1);
  const updates = workers * updatesPerWorker;
  return withLabWorkers('manager', workers, async ({ slots, alive }) => {
    const results: ManagerResult[] = [];
    for (const mode of PROGRESS_MODES) {
      const counter = new SharedArrayBuffer(4);
      const manager = new ProgressManager();
      const channels = slots.map(() => new MessageChannel());
      for (const channel of channels) channel.port1.on('message', () => manager.update());
      const start = performance.now();
      const runs = slots.map((slot, k) => {
        const task: ProgressTask = { mode, updates: updatesPerWorker, counter };
        if (mode === 'shared') return slot.thread.reportProgress(task);
        const port = channels[k].port2;
        // threads.js's typings do not model a TransferDescriptor wrapping a whole argument.
        return slot.thread.reportProgress(Transfer({ ...task, port }, [port]) as unknown as ProgressTask);
      });
      await alive(Promise.all(runs));
      if (mode === 'message') await alive(manager.reached(updates));
      const ms = performance.now() - start;
      for (const channel of channels) channel.port1.close();
      const counted = mode === 'shared' ? Atomics.load(new Int32Array(counter), 0) : manager.count;
      results.push({ mode, counted, ms, microsecondsPerUpdate: (ms * 1000) / updates });
    }
    return { workers, updatesPerWorker, updates, results };
  });
}
