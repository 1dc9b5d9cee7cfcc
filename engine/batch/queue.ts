/**
 * A bounded producer/consumer queue (Python's queue.Queue(maxsize) with a sentinel), the
 * connector between the batch stages. `put` waits while the queue is full, so a fast stage cannot
 * run ahead of a slow one: that back-pressure is what keeps the number of decoded images in
 * memory fixed whatever the size of the batch.
 */

/** What `take` returns once the queue is closed and empty: the sentinel that ends a consumer's loop. */
export const DONE: unique symbol = Symbol('queue done');

export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private readonly takers: ((item: T | typeof DONE) => void)[] = [];
  private readonly putters: { item: T; resume: (accepted: boolean) => void }[] = [];
  private closed = false;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item, waiting while the queue is full. Resolves false (item dropped) if the queue is closed. */
  put(item: T): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const taker = this.takers.shift();
    if (taker) {
      taker(item);
      return Promise.resolve(true);
    }
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return Promise.resolve(true);
    }
    return new Promise((resume) => this.putters.push({ item, resume }));
  }

  /** Removes the oldest item, waiting while the queue is empty; DONE once it is closed and drained. */
  take(): Promise<T | typeof DONE> {
    if (this.items.length > 0) {
      const item = this.items.shift() as T;
      const putter = this.putters.shift();
      if (putter) {
        this.items.push(putter.item);
        putter.resume(true);
      }
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** No more puts: consumers drain what is left, then get DONE. Items already waiting to be put still go in. */
  close(): void {
    this.closed = true;
    if (this.items.length === 0 && this.putters.length === 0) {
      for (const taker of this.takers.splice(0)) taker(DONE);
    }
  }

  /** Cancels: drops every queued item and wakes everyone (putters get false, takers DONE). Returns what was dropped. */
  abort(): T[] {
    this.closed = true;
    const dropped = this.items.splice(0);
    for (const putter of this.putters.splice(0)) {
      dropped.push(putter.item);
      putter.resume(false);
    }
    for (const taker of this.takers.splice(0)) taker(DONE);
    return dropped;
  }
}
