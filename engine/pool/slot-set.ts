/**
 * The pool's fixed set of worker slots: starting a worker in each, replacing one that died or was
 * stopped, stopping them all.
 *
 * Why apart from the scheduler: workers come and go asynchronously. A spawn takes tens of milliseconds
 * and may fail; a replacement may come up after the pool was terminated and must then be stopped at
 * once; and a failed replacement with no other worker left means nothing queued can ever run. The
 * scheduler sees only the outcome: the workers that are up, and three events. A replacement takes its
 * predecessor's slot number, so per-worker figures (TaskEvent.workerId, computeMsByWorker) stay per
 * slot across crashes.
 */
import type { PoolSlot, SlotSpawner, WorkerDeath } from './worker-slot';

export interface SlotEvents {
  /** A worker is up in its slot (at start or as a replacement): work may go to it. */
  started(): void;
  /** A worker died without being asked to (it stays in its slot until replaced). */
  died(slot: PoolSlot, death: WorkerDeath): void;
  /** A replacement failed to start and no worker is alive or starting: nothing queued can run. */
  noWorkers(error: Error): void;
}

export class SlotSet {
  private readonly slots: (PoolSlot | undefined)[];
  private readonly spawning = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    size: number,
    /** Given to every worker; `faultInjection` makes it honour test-only faults. */
    private readonly workerData: { faultInjection: boolean },
    private readonly events: SlotEvents,
    /** Threads or processes (FilterPool's PoolOptions.pool). */
    private readonly spawner: SlotSpawner,
  ) {
    this.slots = new Array(size).fill(undefined);
  }

  /** Starts a worker in every slot; rejects with the first failure once all have settled. */
  async start(): Promise<void> {
    const started = await Promise.allSettled(this.slots.map((_, index) => this.spawn(index)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The slots whose worker is alive, in slot order. */
  live(): PoolSlot[] {
    return this.slots.filter((slot): slot is PoolSlot => !!slot?.alive);
  }

  /**
   * Stops `slot`'s worker if it still runs, and starts a new one in its slot unless it was replaced
   * already or the set was stopped.
   */
  replace(slot: PoolSlot): void {
    if (slot.alive) void slot.kill();
    if (this.slots[slot.index] !== slot) return;
    this.slots[slot.index] = undefined;
    if (this.stopped) return;
    this.spawn(slot.index).catch((error: Error) => {
      // By now this spawn has left `spawning`: spawn returns the promise that removes it.
      if (this.live().length > 0 || this.spawning.size > 0) return;
      this.events.noWorkers(error);
    });
  }

  /** Stops every worker, and every one still starting as soon as it is up. Leaves no thread behind. */
  terminate(): Promise<void> {
    this.stopped = true;
    const kills = this.slots.map((slot) => slot?.kill());
    this.slots.fill(undefined);
    // A spawn still in flight kills its worker as soon as it is up (see spawn); its failure is moot now.
    const spawns = [...this.spawning].map((spawn) => spawn.catch(() => undefined));
    return Promise.all([...kills, ...spawns]).then(() => undefined);
  }

  private spawn(index: number): Promise<void> {
    const spawned = this.spawner(index, this.workerData, (slot, death) => this.events.died(slot, death)).then(
      (slot) => {
        if (this.stopped) return slot.kill();
        this.slots[index] = slot;
        this.events.started();
      },
    );
    const tracked: Promise<void> = spawned.finally(() => this.spawning.delete(tracked));
    this.spawning.add(tracked);
    return tracked;
  }
}
