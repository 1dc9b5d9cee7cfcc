/**
 * One worker process of a process pool: `child_process.fork` of the built workers/filter.process.js,
 * the same kernels as a worker thread, reached over IPC with advanced serialization (typed arrays arrive
 * as typed arrays). It speaks the PoolSlot interface, so the scheduler, retry, watchdog and cancel are
 * the thread pool's.
 *
 * Deaths are noticed as a worker thread's are: the process exiting or failing calls `onDeath` once. A
 * call pending on a dead process is left unanswered, as threads.js leaves one on a dead thread: the
 * scheduler takes the strip back from the death, not from the call (a rejected call would read as the
 * kernel's own error, which is not retried). No process outlives its pool: kill() sends SIGKILL and waits
 * for the exit, and a child whose parent dies exits when its IPC channel closes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { ProcessAnswer, ProcessCall } from '../../workers/filter.process';
import { CHILD_FAULTS_ENV } from '../../workers/filter.worker';
import type { PipeEndMessage, PipeEndReply } from '../../workers/lab/pipe-end';
import { locateFilterProcess } from './worker-path';
import type { FilterCalls, PoolSlot, SlotSpawner, WorkerDeath } from './worker-slot';

/** How long a child may take to say it is ready before its start counts as failed. */
const START_TIMEOUT_MS = 10_000;

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
    private readonly child: ChildProcess,
    onDeath: (slot: PoolSlot, death: WorkerDeath) => void,
  ) {
    this.threadId = child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const die = (death: WorkerDeath): void => {
      if (this.dead) return;
      this.dead = true;
      this.pending.clear();
      void this.stop();
      onDeath(this, death);
    };
    child.on('exit', (code, signal) =>
      die({ message: `worker process ${index} exited with ${signal ?? `code ${code}`}` }),
    );
    child.on('error', (error) =>
      die({ message: `worker process ${index} failed: ${error.message}`, stack: error.stack }),
    );
    child.on('message', (message: ProcessAnswer) => {
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
            child.send({ id, method, args } satisfies ProcessCall);
          } catch {
            // The channel closed under us: the process is gone, and its 'exit' reports the death.
          }
        });
    this.thread = {
      runStrip: invoke('runStrip'),
      runWhole: invoke('runWhole'),
      forgetBuffers: invoke('forgetBuffers'),
    };
    this.pipeMessage = invoke('pipeMessage');
  }

  static spawn: SlotSpawner = async (index, workerData, onDeath) => {
    const child = fork(locateFilterProcess(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
      env: { ...process.env, [CHILD_FAULTS_ENV]: workerData.faultInjection ? '1' : '' },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('worker process did not start in time')),
          START_TIMEOUT_MS,
        );
        const done = (error?: Error) => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          child.off('error', done);
          if (error) reject(error);
          else resolve();
        };
        const onMessage = (message: ProcessAnswer) => {
          if ('ready' in message) done();
        };
        const onExit = (code: number | null) =>
          done(new Error(`worker process exited with code ${code} while starting`));
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.once('error', done);
      });
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`filter worker process failed to start: ${(error as Error).message}`, { cause: error });
    }
    return new ProcessSlot(index, child, onDeath);
  };

  get alive(): boolean {
    return !this.dead;
  }

  async kill(): Promise<void> {
    this.dead = true;
    this.pending.clear();
    await this.stop();
  }

  private async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
