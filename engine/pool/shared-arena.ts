/**
 * The shared memory of a pool's `shared` runs, reused from run to run.
 *
 * Why: a SharedArrayBuffer posted to a worker stays alive until that worker's isolate collects its
 * garbage, and filter workers allocate so little that they hardly ever do. A fresh input and output
 * buffer per run therefore piled up (arrayBuffers 168 -> 671 MB over 40 runs of 16 MB). Here a pool
 * owns a small set of buffers, posts each to a worker once (workers cache them by id), and lends them
 * to runs: nothing new reaches a worker per run.
 *
 * The set only grows as far as runs overlap: a run takes a free buffer that is big enough (the smallest
 * such), else replaces the largest free one by a bigger one, else (none free) adds one. So the number
 * of buffers is the most ever lent at once (two per run in flight, input and output, plus what callers
 * hold: shared images and results kept in shared memory, see shared-holdings.ts), and once they have
 * grown to the largest image, nothing is allocated again. A replaced buffer is "retired": the pool
 * tells the workers to forget it (and they collect their garbage), so no worker keeps memory the
 * arena no longer counts.
 */

/** Buffers are sized in steps of this, so images of nearly the same size share buffers. */
const CAPACITY_STEP = 64 * 1024;

export interface ArenaLease {
  /** Stable id of the buffer: workers cache their view of it under this id. */
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  /** The first `bytes` bytes of the buffer: what the run uses. */
  readonly bytes: Uint8Array;
}

interface ArenaBuffer {
  id: number;
  buffer: SharedArrayBuffer;
}

export interface ArenaStats {
  /** Buffers the arena holds now (lent or free). */
  buffers: number;
  /** Buffers lent to runs now. */
  lent: number;
  /** Buffers allocated since the pool started (including ones since retired). */
  allocations: number;
  /** Bytes of all buffers held now. */
  bytes: number;
}

export class SharedArena {
  private readonly free: ArenaBuffer[] = [];
  private readonly lent = new Map<ArenaLease, ArenaBuffer>();
  private nextId = 1;
  private allocations = 0;

  /** `onRetire` is told the ids of buffers the arena dropped: whoever cached them must let go. */
  constructor(private readonly onRetire: (id: number) => void) {}

  acquire(bytes: number): ArenaLease {
    const fitting = this.free
      .filter((b) => b.buffer.byteLength >= bytes)
      .sort((a, b) => a.buffer.byteLength - b.buffer.byteLength)[0];
    let chosen = fitting;
    if (!chosen) {
      if (this.free.length > 0) {
        // Every free buffer is too small: replace the largest rather than add one, so the count stays
        // at the most runs ever in flight.
        const largest = this.free.reduce((a, b) => (b.buffer.byteLength > a.buffer.byteLength ? b : a));
        this.free.splice(this.free.indexOf(largest), 1);
        this.onRetire(largest.id);
      }
      const capacity = Math.max(CAPACITY_STEP, Math.ceil(bytes / CAPACITY_STEP) * CAPACITY_STEP);
      chosen = { id: this.nextId++, buffer: new SharedArrayBuffer(capacity) };
      this.allocations++;
    } else {
      this.free.splice(this.free.indexOf(chosen), 1);
    }
    const lease: ArenaLease = {
      id: chosen.id,
      buffer: chosen.buffer,
      bytes: new Uint8Array(chosen.buffer, 0, bytes),
    };
    this.lent.set(lease, chosen);
    return lease;
  }

  /** Gives a buffer back. Only once nothing (no worker, no caller) may still read or write it. */
  release(lease: ArenaLease): void {
    const entry = this.lent.get(lease);
    if (!entry) return;
    this.lent.delete(lease);
    this.free.push(entry);
  }

  /** Whether `buffer` is one of this arena's (free or lent). */
  holds(buffer: SharedArrayBuffer): boolean {
    return (
      this.free.some((b) => b.buffer === buffer) || [...this.lent.values()].some((b) => b.buffer === buffer)
    );
  }

  /** Drops every buffer (the pool is shutting down and its workers with it). */
  clear(): void {
    this.free.length = 0;
    this.lent.clear();
  }

  stats(): ArenaStats {
    const held = [...this.free, ...this.lent.values()];
    return {
      buffers: held.length,
      lent: this.lent.size,
      allocations: this.allocations,
      bytes: held.reduce((sum, b) => sum + b.buffer.byteLength, 0),
    };
  }
}
