/**
 * What the pool's workers are: threads of this process, which share memory with it, or child processes,
 * which do not (pixels travel as messages). Pure data, no imports, because the renderer bundles it.
 */
export const POOL_KINDS = ['threads', 'processes'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];
export const DEFAULT_POOL_KIND: PoolKind = 'threads';

export const POOL_KIND_INFO = {
  threads: {
    title: 'Threads',
    idea: 'Worker threads of this process: they start fast and can read the image where it is, in shared memory (Python: threading, or a Pool of processes that share memory).',
  },
  processes: {
    title: 'Processes',
    idea: 'Child processes, each its own memory: every strip is copied to a child and back as a message (Python: multiprocessing.Pool).',
  },
} as const satisfies Record<PoolKind, { title: string; idea: string }>;
