/**
 * Who holds the arena buffers that leave the pool: images a caller placed in shared memory
 * (`FilterPool.shareImage`) and results handed over as views of shared memory (`output: 'shared'`).
 *
 * A buffer goes back to the arena only when its holder has let go *and* no run still reads or writes
 * it (runs count as users). Runs' own buffers are tracked the same way, held by nobody. Caller-held
 * buffers are found by their SharedArrayBuffer, so that an input already in this pool's shared memory
 * is used where it is instead of being copied.
 */
import type { ArenaLease, SharedArena } from './shared-arena';

export interface Holding {
  readonly lease: ArenaLease;
  /** A caller holds the buffer (a shared image, or a result kept in shared memory). */
  held: boolean;
  /** Runs that may still read or write the buffer. */
  users: number;
  returned: boolean;
}

/**
 * Views given back by their holder, across every pool: one passed to a run afterwards is a use after
 * release (its buffer may already hold another image), never a plain foreign buffer to copy from.
 */
const releasedViews = new WeakSet<Uint8Array>();

export type Lookup = { kind: 'held'; holding: Holding } | { kind: 'released' } | { kind: 'foreign' };

export class SharedHoldings {
  private readonly byBuffer = new Map<SharedArrayBuffer, Holding>();

  constructor(private readonly arena: SharedArena) {}

  /** A buffer for a run's own use: goes back when the run is done with it (endUse), unless held by then. */
  forRun(bytes: number): Holding {
    return { lease: this.arena.acquire(bytes), held: false, users: 1, returned: false };
  }

  /** A buffer lent to a caller until it lets go (letGo). */
  forCaller(bytes: number): Holding {
    const holding: Holding = { lease: this.arena.acquire(bytes), held: false, users: 0, returned: false };
    this.hold(holding);
    return holding;
  }

  /** Hands a buffer to a caller: it stays lent until the caller lets go. */
  hold(holding: Holding): void {
    holding.held = true;
    this.byBuffer.set(holding.lease.buffer, holding);
  }

  /** What `data` is to this pool: a buffer a caller holds, an arena buffer nobody outside holds, or neither. */
  lookup(data: Uint8Array): Lookup {
    if (releasedViews.has(data)) return { kind: 'released' };
    const buffer = data.buffer;
    if (!(buffer instanceof SharedArrayBuffer)) return { kind: 'foreign' };
    const holding = this.byBuffer.get(buffer);
    if (holding?.held) return { kind: 'held', holding };
    return this.arena.holds(buffer) ? { kind: 'released' } : { kind: 'foreign' };
  }

  use(holding: Holding): void {
    holding.users++;
  }

  /** A run no longer touches the buffer. */
  endUse(holding: Holding): void {
    holding.users--;
    this.returnIfFree(holding);
  }

  /** The caller lets go of the buffer (idempotent); it returns to the arena once no run uses it. */
  letGo(holding: Holding): void {
    if (!holding.held) return;
    holding.held = false;
    releasedViews.add(holding.lease.bytes);
    this.returnIfFree(holding);
  }

  /** Forgets everything (the pool is shutting down; the arena drops its buffers too). */
  clear(): void {
    this.byBuffer.clear();
  }

  private returnIfFree(holding: Holding): void {
    if (holding.held || holding.users > 0 || holding.returned) return;
    holding.returned = true;
    if (this.byBuffer.get(holding.lease.buffer) === holding) this.byBuffer.delete(holding.lease.buffer);
    this.arena.release(holding.lease);
  }
}
