/**
 * Which of the arena's buffers each worker has been sent, and so caches.
 *
 * Why: posting a SharedArrayBuffer costs a handle in the receiving isolate that lives until that isolate
 * collects its garbage, which filter workers hardly ever do; so each buffer goes to each worker once, and
 * later messages name it by id. The pool must then remember, per worker, what it sent: to know when an
 * id is enough, and, when the arena drops a buffer, which workers to tell to forget it, so no worker
 * keeps memory the arena no longer counts (docs/pool.md, "Shared memory: the arena").
 */
import type { SharedRef } from '../../workers/filter.worker';
import type { ArenaLease } from './shared-arena';

/** What this bookkeeping needs of a worker: a WorkerSlot is one. */
export interface CachingWorker {
  readonly alive: boolean;
  /** Resolves to how many buffers the worker still caches. */
  readonly thread: { forgetBuffers(ids: number[]): Promise<number> };
}

export class WorkerBuffers {
  /** Per worker, the ids of the arena buffers it has been sent. */
  private readonly known = new Map<CachingWorker, Set<number>>();

  /** An arena buffer as named in a message to `worker`: the buffer itself the first time, its id after. */
  refFor(worker: CachingWorker, lease: ArenaLease): SharedRef {
    let known = this.known.get(worker);
    if (!known) {
      known = new Set();
      this.known.set(worker, known);
    }
    if (known.has(lease.id)) return { id: lease.id };
    known.add(lease.id);
    return { id: lease.id, buffer: lease.buffer };
  }

  /** The worker is gone (died or stopped): its cache went with it. */
  forget(worker: CachingWorker): void {
    this.known.delete(worker);
  }

  /** The arena dropped a buffer: every live worker that caches it lets go (and collects its garbage). */
  retire(id: number): void {
    for (const [worker, known] of this.known) {
      if (!known.delete(id) || !worker.alive) continue;
      worker.thread.forgetBuffers([id]).catch(() => undefined);
    }
  }

  /** Forgets every worker (the pool is shutting down). */
  clear(): void {
    this.known.clear();
  }
}
