/**
 * One worker process of a process pool: the built workers/filter.process.js, the same kernels as a worker
 * thread, reached over a message channel. It speaks the PoolSlot interface, so the scheduler, retry,
 * watchdog and cancel are the thread pool's.
 *
 * Who starts the process is a `ChildChannel` factory: `child_process.fork` with advanced serialization
 * here (typed arrays arrive as typed arrays; the CLI and the web host), Electron's `utilityProcess.fork`
 * in the desktop app (electron/main/utility-slot.ts, given to the pool as `PoolOptions.processSpawner`),
 * where the runAsNode fuse is off and `node` cannot be forked. The slot logic is the same for both.
 *
 * Deaths are noticed as a worker thread's are: the process exiting or failing calls `onDeath` once. A
 * call pending on a dead process is left unanswered, as threads.js leaves one on a dead thread: the
 * scheduler takes the strip back from the death, not from the call (a rejected call would read as the
 * kernel's own error, which is not retried). No process outlives its pool: kill() kills it and waits
 * for the exit, and a forked child whose parent dies exits when its IPC channel closes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { ProcessAnswer, ProcessCall } from '../../workers/filter.process-channel';
import { CHILD_FAULTS_ENV } from '../../workers/filter.worker';
import type { PipeEndMessage, PipeEndReply } from '../../workers/lab/pipe-end';
import { locateFilterProcess } from './worker-path';
import type { FilterCalls, PoolSlot, SlotSpawner, WorkerDeath } from './worker-slot';

/** How long a child may take to say it is ready before its start counts as failed. */
const START_TIMEOUT_MS = 10_000;

/** What a slot needs of a started child process, whoever started it. */
export interface ChildChannel {
  /** The process's pid once it runs (undefined before, or when it never started). */
  readonly pid: number | undefined;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** Posts a call; may throw once the channel is closed. */
  send(call: ProcessCall): void;
  onMessage(listener: (answer: ProcessAnswer) => void): () => void;
  /** `how` says how it ended: "code 1", "SIGKILL". */
  onExit(listener: (how: string) => void): () => void;
  onError(listener: (error: Error) => void): () => void;
  /** Kills it at once (the kernel may be in a loop that never returns). */
  kill(): void;
}

/** Starts the filter process; `env` holds what it must find in its environment (fault injection). */
export type ChildStarter = (path: string, env: Record<string, string>) => ChildChannel;

/** The environment a filter process is started with, over the parent's. */
export function childEnv(faultInjection: boolean): Record<string, string> {
  return { [CHILD_FAULTS_ENV]: faultInjection ? '1' : '' };
}

export class ProcessSlot implements PoolSlot {
  private dead = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly threadId: number;
  readonly exited: Promise<void>;
  readonly thread: FilterCalls;
  /** The lab's pipe experiment (engine/lab/pipe.ts): one message to the child's pipe end, its one reply. */
  readonly pipeMessage: (message: PipeEndMessage) => Promise<PipeEndReply>;

  private constructor(
    readonly index: number,
    private readonly child: ChildChannel,
    onDeath: (slot: PoolSlot, death: WorkerDeath) => void,
  ) {
    this.threadId = child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      if (child.hasExited()) resolve();
      else child.onExit(() => resolve());
    });
    const die = (death: WorkerDeath): void => {
      if (this.dead) return;
      this.dead = true;
      this.pending.clear();
      void this.stop();
      onDeath(this, death);
    };
    child.onExit((how) => die({ message: `worker process ${index} exited with ${how}` }));
    child.onError((error) =>
      die({ message: `worker process ${index} failed: ${error.message}`, stack: error.stack }),
    );
    child.onMessage((message) => {
      if (!('id' in message)) return;
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.ok) call.resolve(message.result);
      else call.reject(Object.assign(new Error(message.error.message), { stack: message.error.stack }));
    });
    const invoke =
      <T>(method: ProcessCall['method']) =>
      (...args: unknown[]): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          if (this.dead) return; // unanswered, as on a dead thread (see above)
          const id = this.nextId++;
          this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
          try {
            child.send({ id, method, args });
          } catch {
            // The channel closed under us: the process is gone, and its exit reports the death.
          }
        });
    this.thread = {
      runStrip: invoke('runStrip'),
      runWhole: invoke('runWhole'),
      forgetBuffers: invoke('forgetBuffers'),
    };
    this.pipeMessage = invoke('pipeMessage');
  }

  /** A SlotSpawner over `start`: waits for the child's "ready", then gives its slot. */
  static spawnerFor(start: ChildStarter): SlotSpawner {
    return async (index, workerData, onDeath) => {
      const child = start(locateFilterProcess(), childEnv(workerData.faultInjection));
      try {
        await new Promise<void>((resolve, reject) => {
          const offs: (() => void)[] = [];
          const timer = setTimeout(
            () => done(new Error('worker process did not start in time')),
            START_TIMEOUT_MS,
          );
          const done = (error?: Error) => {
            clearTimeout(timer);
            for (const off of offs) off();
            if (error) reject(error);
            else resolve();
          };
          offs.push(
            child.onMessage((message) => {
              if ('ready' in message) done();
            }),
            child.onExit((how) => done(new Error(`worker process exited with ${how} while starting`))),
            child.onError((error) => done(error)),
          );
        });
      } catch (error) {
        child.kill();
        throw new Error(`filter worker process failed to start: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return new ProcessSlot(index, child, onDeath);
    };
  }

  /** `child_process.fork` of node: the CLI's and the web host's process pool. */
  static spawn: SlotSpawner = ProcessSlot.spawnerFor((path, env) =>
    forkChannel(
      fork(path, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: [],
        env: { ...process.env, ...env },
      }),
    ),
  );

  get alive(): boolean {
    return !this.dead;
  }

  async kill(): Promise<void> {
    this.dead = true;
    this.pending.clear();
    await this.stop();
  }

  private async stop(): Promise<void> {
    if (!this.child.hasExited()) this.child.kill();
    await this.exited;
  }
}

/** A forked child as a ChildChannel. */
function forkChannel(child: ChildProcess): ChildChannel {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    get pid() {
      return child.pid;
    },
    hasExited: exited,
    send: (call) => {
      child.send(call);
    },
    onMessage: (listener) => {
      child.on('message', listener as (message: unknown) => void);
      return () => child.off('message', listener as (message: unknown) => void);
    },
    onExit: (listener) => {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        listener(signal ?? `code ${code}`);
      child.on('exit', onExit);
      return () => child.off('exit', onExit);
    },
    onError: (listener) => {
      child.on('error', listener);
      return () => child.off('error', listener);
    },
    kill: () => {
      if (!exited()) child.kill('SIGKILL');
    },
  };
}
