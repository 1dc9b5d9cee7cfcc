/**
 * What the pool's workers are: threads of this process, which share memory with it, or child processes,
 * which do not (pixels travel as messages). Pure data, no imports but a type, because the renderer
 * bundles it.
 */
import type { Transport } from './transports';

export const POOL_KINDS = ['threads', 'processes'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];
export const DEFAULT_POOL_KIND: PoolKind = 'threads';

/** Why a pool of processes has one transport: the engine's reason (engine/pool/run-checks.ts) and the UI's. */
export const PROCESSES_SHARE_NO_MEMORY = 'processes share no memory with this one: pixels travel as messages';

/** The transports a pool of each kind can run: processes only `copy` (PROCESSES_SHARE_NO_MEMORY). */
export const POOL_TRANSPORTS = {
  threads: ['copy', 'transfer', 'shared'],
  processes: ['copy'],
} as const satisfies Record<PoolKind, readonly Transport[]>;

export const POOL_KIND_INFO = {
  threads: {
    title: 'Threads',
    idea: 'Worker threads of this process: they start fast and can read the image where it is, in shared memory (Python: threading, or a Pool of processes that share memory).',
    cost: 'Shared memory: the pixels are not copied to the workers.',
  },
  processes: {
    title: 'Processes',
    idea: 'Child processes, each its own memory: every strip is copied to a child and back as a message (Python: multiprocessing.Pool).',
    cost: 'No shared memory: every strip is copied to a process and back as a message. Same files, usually slower.',
  },
} as const satisfies Record<PoolKind, { title: string; idea: string; cost: string }>;
