/**
 * The count of decoded images alive in a batch, which the memory bound is about. An image passes
 * through three stages and two queues and can end in any of them (written, failed, dropped by a
 * cancel), so a counter moved by hand at each of those places drifts as soon as one path counts an
 * image twice (a cancelled put both returns false and lists the item as dropped) or not at all.
 * Here the count moves only through a lease per image, and a lease lets go once however often it
 * is released, so every place that may be an image's last can simply release it.
 */

/** One decoded image's place in the count, from its decode to its end. */
export interface Lease {
  /** Idempotent: the first call frees the place, later calls do nothing. */
  release(): void;
}

export class InFlight {
  private live = 0;
  private most = 0;

  /** Images holding a lease now. */
  get count(): number {
    return this.live;
  }

  /** The most images that held a lease at once. */
  get peak(): number {
    return this.most;
  }

  /** `alsoRelease` runs with the lease's release, once: the image's share of the memory budget. */
  acquire(alsoRelease?: () => void): Lease {
    this.live++;
    this.most = Math.max(this.most, this.live);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.live--;
        alsoRelease?.();
      },
    };
  }
}
