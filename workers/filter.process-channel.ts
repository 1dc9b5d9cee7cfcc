/**
 * How the filter process talks to its pool, whichever way it was started: `child_process.fork` gives it
 * `process.send` / `process.on('message')` (the CLI and the web host, plain Node), Electron's
 * `utilityProcess.fork` gives it `process.parentPort` (the desktop app, where the runAsNode fuse is off
 * and `node` cannot be forked). Both carry the same calls and answers; only the channel differs, so the
 * serving logic below is written once, over `ParentChannel`.
 *
 * No imports of the kernels here: the tests drive it with a fake api and fake channels.
 */

/** A call from the pool: `method` of the api with `args`, answered under `id`. */
export interface ProcessCall {
  id: number;
  method: 'runStrip' | 'runWhole' | 'forgetBuffers' | 'pipeMessage';
  args: unknown[];
}

export type ProcessAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; stack?: string } }
  | { ready: true };

/** The process's end of its channel to the pool. */
export interface ParentChannel {
  /** Which channel this is, for errors and tests. */
  readonly kind: 'fork' | 'utilityProcess';
  send(answer: ProcessAnswer): void;
  onCall(listener: (call: ProcessCall) => void): void;
}

/** Electron's `process.parentPort` (Electron.ParentPort), as much of it as is used. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** The parts of `process` the two channels live on. */
export interface ProcessLike {
  send?: (message: unknown) => boolean;
  parentPort?: ParentPortLike;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  exit(code?: number): never;
}

/**
 * The channel this process was started with. Under fork the process exits when the channel closes
 * (its parent exited, even by SIGKILL); a utility process needs no such rule: Electron ends it with
 * the app.
 */
export function parentChannel(proc: ProcessLike): ParentChannel {
  const port = proc.parentPort;
  if (port) {
    return {
      kind: 'utilityProcess',
      // A structured clone over a MessagePort: typed arrays arrive as typed arrays, as they do with
      // fork's advanced serialization.
      send: (answer) => port.postMessage(answer),
      onCall: (listener) => port.on('message', (event) => listener(event.data as ProcessCall)),
    };
  }
  const send = proc.send;
  if (!send) {
    throw new Error(
      'the filter process has no channel to its pool: start it with child_process.fork or utilityProcess.fork',
    );
  }
  proc.on('disconnect', () => proc.exit(0));
  return {
    kind: 'fork',
    send: (answer) => {
      send.call(proc, answer);
    },
    onCall: (listener) => proc.on('message', (message) => listener(message as ProcessCall)),
  };
}

/** The api the process serves: the filter worker's, one function per method. */
export type ProcessApi = Record<ProcessCall['method'], (...args: never[]) => unknown>;

/**
 * Serves `api` on `channel`, then says it is ready. Each call is answered in the same turn as it
 * arrives, not after an await: several calls can arrive in one read of the channel, and a later call
 * reuses the reply buffer of an earlier one (workers/buffers-by-size.ts), so an answer sent a microtask
 * late would carry the next strip's rows.
 */
export function serveCalls(
  channel: ParentChannel,
  api: ProcessApi,
  messageOf: (error: unknown) => string,
): void {
  const failed = (id: number, error: unknown): void =>
    channel.send({
      id,
      ok: false,
      error: { message: messageOf(error), stack: error instanceof Error ? error.stack : undefined },
    });
  channel.onCall((call) => {
    let result: unknown;
    try {
      const method = api[call.method] as ((...args: unknown[]) => unknown) | undefined;
      if (typeof method !== 'function') throw new Error(`the filter process has no method "${call.method}"`);
      result = method(...call.args);
    } catch (error) {
      failed(call.id, error);
      return;
    }
    if (result instanceof Promise) {
      // Only an injected fault answers later (or never): nothing reuses its buffers meanwhile.
      result.then(
        (value) => channel.send({ id: call.id, ok: true, result: value }),
        (error) => failed(call.id, error),
      );
    } else {
      channel.send({ id: call.id, ok: true, result });
    }
  });
  channel.send({ ready: true });
}
