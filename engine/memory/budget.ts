import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * How much memory images in flight may take, counted in bytes of decoded pixels rather than files:
 * a 32 KB PNG can decode to 1 GB, and eight of them at once once took a batch to 11.6 GB and the
 * kernel's OOM killer. Whoever decodes an image (the batch, the previews) acquires its cost first
 * and releases it when the image is done, so a batch of huge images runs one at a time while small
 * ones still overlap. Waiters are served first come, first served, so a large image is never starved
 * by a stream of small ones.
 */
export class MemoryBudget {
  private used = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly totalBytes: number) {
    if (!(totalBytes > 0)) throw new Error(`A memory budget must be positive, got ${totalBytes}`);
  }

  get usedBytes(): number {
    return this.used;
  }

  /** True when `bytes` could ever be granted. */
  fits(bytes: number): boolean {
    return bytes <= this.totalBytes;
  }

  /**
   * Resolves with the release function once `bytes` fit beside what is held; call it exactly once.
   * Rejects at once if `bytes` exceeds the whole budget (check `fits` first to say why), and with
   * the signal's reason if it aborts while waiting.
   */
  acquire(bytes: number, signal?: AbortSignal): Promise<() => void> {
    if (!this.fits(bytes)) {
      return Promise.reject(new RangeError(`${bytes} bytes exceed the memory budget of ${this.totalBytes}`));
    }
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const waiter = {
        bytes,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.used += bytes;
          resolve(this.releaser(bytes));
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        this.pump();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private releaser(bytes: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.pump();
    };
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0].bytes <= this.totalBytes) {
      this.waiting.shift()?.grant();
    }
  }
}

/**
 * The memory this process may use: the machine's, or less where a cgroup limits it (a container,
 * `systemd-run -p MemoryMax=…`). Every ancestor of the process's cgroup limits it too.
 */
export function availableMemoryBytes(): number {
  const limits = [totalmem()];
  for (const file of cgroupLimitFiles()) {
    try {
      const value = Number(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(value) && value > 0) limits.push(value);
    } catch {
      // Not there, or "max" (no limit): the other limits stand.
    }
  }
  return Math.min(...limits);
}

/** memory.max (cgroup v2) or memory.limit_in_bytes (v1) of the process's cgroup and its ancestors. */
function cgroupLimitFiles(): string[] {
  let lines: string[];
  try {
    lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const line of lines) {
    const [, controllers, path] = line.split(':');
    const v2 = controllers === '';
    if (!v2 && !controllers?.split(',').includes('memory')) continue;
    const root = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
    const name = v2 ? 'memory.max' : 'memory.limit_in_bytes';
    const parts = (path ?? '/').split('/').filter(Boolean);
    for (let depth = 0; depth <= parts.length; depth++) {
      files.push([root, ...parts.slice(0, depth), name].join('/'));
    }
  }
  return files;
}

/**
 * Bytes one image of width x height costs while it is in flight, as a multiple of its RGBA pixels:
 * sharp's decode buffer, the owned copy, the pool's input and output, the encoder's working memory.
 * Measured: a batch of 16383 x 16383 PNGs (1.07 GB of RGBA each), one at a time, peaks at 5.3 GB
 * resident (`/usr/bin/time -v`, the pool's shared buffers kept for the next image included).
 */
export const WORKING_COPIES = 5;

export function imageCostBytes(width: number, height: number): number {
  return width * height * 4 * WORKING_COPIES;
}

/** Share of the available memory images in flight may take; the rest is Node, libvips and the UI. */
const BUDGET_SHARE = 0.75;

/** Bytes of the default budget: PIXELPOOL_MEMORY_BUDGET_MB when set, else a share of the available memory. */
export function defaultBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PIXELPOOL_MEMORY_BUDGET_MB);
  if (env.PIXELPOOL_MEMORY_BUDGET_MB !== undefined && Number.isFinite(mb) && mb > 0) return mb * 1024 * 1024;
  return Math.floor(availableMemoryBytes() * BUDGET_SHARE);
}

let processBudget: MemoryBudget | undefined;

/** The one budget of this process: every batch and preview in it draws from the same bytes. */
export function processMemoryBudget(): MemoryBudget {
  processBudget ??= new MemoryBudget(defaultBudgetBytes());
  return processBudget;
}

/** "1.4 GB": how the budget and a cost are said to the user. */
export function formatBytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
