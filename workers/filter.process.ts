/**
 * The filter worker as a child process (engine/pool/process-slot.ts starts it with
 * `child_process.fork`, IPC with advanced serialization): the same `api` as the worker thread, served
 * over the IPC channel, one call at a time in the order they arrive. Processes cannot share memory, so
 * strips come in and results go out as messages (the `copy` transport); typed arrays keep their type.
 *
 * It dies with its parent: when the channel closes (the parent exited, even by SIGKILL), it exits.
 */
import { messageOf } from '../shared/errors';
import { api } from './filter.worker';

/** A call from the pool: `method` of the api with `args`, answered under `id`. */
export interface ProcessCall {
  id: number;
  method: keyof typeof api;
  args: unknown[];
}

export type ProcessAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; stack?: string } }
  | { ready: true };

function answer(message: ProcessAnswer): void {
  process.send?.(message);
}

function failed(id: number, error: unknown): void {
  answer({
    id,
    ok: false,
    error: { message: messageOf(error), stack: error instanceof Error ? error.stack : undefined },
  });
}

// Answered in the same turn as the call, not after an await: several calls can arrive in one read of
// the channel, and a later call reuses the reply buffer of an earlier one (workers/buffers-by-size.ts),
// so an answer sent a microtask late would carry the next strip's rows.
process.on('message', (call: ProcessCall) => {
  let result: unknown;
  try {
    const method = api[call.method] as (...args: unknown[]) => unknown;
    result = method(...call.args);
  } catch (error) {
    failed(call.id, error);
    return;
  }
  if (result instanceof Promise) {
    // Only an injected fault answers later (or never): nothing reuses its buffers meanwhile.
    result.then(
      (value) => answer({ id: call.id, ok: true, result: value }),
      (error) => failed(call.id, error),
    );
  } else {
    answer({ id: call.id, ok: true, result });
  }
});
process.on('disconnect', () => process.exit(0));
answer({ ready: true });
