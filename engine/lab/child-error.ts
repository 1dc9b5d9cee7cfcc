/**
 * The pool experiment's error from a child: one task that throws inside a worker thread, and what the
 * parent receives. Python's `pool.apply_async(f, error_callback=cb)` calls `cb` with the exception and
 * `AsyncResult.get()` re-raises it, the child's traceback attached; here the task is sent to one of the
 * pool's filter workers (lab-workers.ts) the same way, with a callback and a get(), and the report keeps
 * the error's stack as it arrived. threads.js carries the worker's stack back with the message, so the
 * frames from the worker's file are the evidence that the stack is the child's, not the parent's.
 *
 * The task is a real throw in the worker's code: a pipeline the worker's filter registry rejects
 * (`checkStepsInWorker`). It goes to the worker directly, not through FilterPool, whose checks would
 * refuse the pipeline in the parent before any worker saw it.
 */
import type { PoolChildError } from '../../shared/lab';
import type { PipelineStep } from '../../workers/filters/types';
import { withLabWorkers } from './lab-workers';

/** A Gaussian blur of negative spread: the worker's registry refuses it (sigma must be positive). */
export const REJECTED_STEPS: readonly PipelineStep[] = [{ id: 'gaussian-blur', params: { sigma: -1 } }];

/** The built worker's file, as it appears in a stack frame. */
const WORKER_FILE = /filter\.worker\.[cm]?js/;

/** The "    at …" lines of a stack that are in the worker's file. */
export function workerFramesOf(stack: string): string[] {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && WORKER_FILE.test(line))
    .map((line) => line.trim());
}

/** Sends the failing task to a worker of its own with an error callback, then get()s it; reports what came back. */
export async function runChildError(): Promise<PoolChildError> {
  return withLabWorkers('pool', 1, async ({ slots, alive }) => {
    let callbackError: unknown;
    // apply_async: the task is submitted, the callback runs when it fails.
    const pending = alive(slots[0].thread.checkStepsInWorker({ steps: REJECTED_STEPS }));
    const callback = pending.then(
      () => undefined,
      (error: unknown) => {
        callbackError = error;
      },
    );
    // get(): waits, and re-raises the task's error.
    let received: unknown;
    try {
      await pending;
    } catch (error) {
      received = error;
    }
    await callback;
    if (!(received instanceof Error)) {
      throw new Error('pool: the failing task did not fail in the worker (its pipeline was accepted)');
    }
    const stack = received.stack ?? `${received.name}: ${received.message}`;
    return {
      task: 'gaussian-blur with sigma=-1, checked by the worker',
      name: received.name,
      message: received.message,
      stack,
      workerFrames: workerFramesOf(stack),
      callbackGotIt: callbackError === received,
      getReraised: true,
    };
  });
}
