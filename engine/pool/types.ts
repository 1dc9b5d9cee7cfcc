import type { KernelChoice } from '../../shared/kernels';
import type { PoolKind } from '../../shared/pools';
import type { Transport } from '../../shared/transports';
import type { Fault, ReplyMode } from '../../workers/filter.worker';
import type { RawImage } from '../types';
import type { WatchdogLimits } from './watchdog';
import type { SlotSpawner } from './worker-slot';

export { TRANSPORTS, type Transport } from '../../shared/transports';

/**
 * The default transport: `shared` measured fastest here (2 workers, 20 MP, gaussian-blur and sobel;
 * see docs/pool.md, "Figures"). It is also the only one with no per-strip copy and no detach.
 */
export const DEFAULT_TRANSPORT: Transport = 'shared';

/** An image with an optional name, e.g. what decodeImage returns. */
export type LabeledImage = RawImage & { path?: string; label?: string };

export interface RunOptions {
  /** Names the image in events and errors; defaults to the image's path, else "image". */
  label?: string;
  signal?: AbortSignal;
  /** Output rows per strip; default: about four strips per worker (see defaultStripRows). */
  stripRows?: number;
  /** Overrides the pool's transport for this run. */
  transport?: Transport;
  /** Overrides the pool's kernels for this run. */
  kernels?: KernelChoice;
  /**
   * Where the result's pixels are. 'copy' (default): memory of the result's own, the caller may keep it
   * as long as it likes. 'shared': a view of the pool's shared memory, with no copy; it stays valid
   * until `result.release()` (or the pool's terminate) and must not be used after. Whoever holds the
   * result must call release() once done with it (reading, encoding, or passing it to another run of
   * the same pool, which reads it in place), or the pool's shared memory only ever grows.
   */
  output?: ResultMemory;
}

/** See RunOptions.output. */
export type ResultMemory = 'copy' | 'shared';

export const RESULT_MEMORIES: readonly ResultMemory[] = ['copy', 'shared'];

/** Width and height of an image to be written into shared memory (shareImage). */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * An image in a pool's shared memory (FilterPool.shareImage). Runs of that pool read `image` where it
 * is, with no copy. `image.data` is valid until release(); writing into it while a run reads it is the
 * caller's race. After release() the pool rejects the view as an input.
 */
export interface SharedImage {
  readonly image: LabeledImage;
  /** Gives the memory back to the pool once no run reads it any more. Idempotent. */
  release(): void;
}

export interface ImapOptions extends Omit<RunOptions, 'label'> {
  /** true (default): results in input order; false: as they finish. */
  ordered?: boolean;
  /** Images in flight at once (default: 2), so a long stream does not hold every image in memory. */
  window?: number;
}

/**
 * Test-only: decides whether a strip attempt should fail inside the worker, and how.
 * Workers honour it only when the pool was created with it; nothing reachable from user input sets it.
 */
export type FaultPlan = (strip: { label: string; stripIndex: number; attempt: number }) => Fault | undefined;

export interface PoolOptions {
  /** Number of worker threads; default os.availableParallelism(). */
  size?: number;
  transport?: Transport;
  /** Which kernels the workers run (default DEFAULT_KERNELS, WebAssembly); the bytes are the same. */
  kernels?: KernelChoice;
  /**
   * Worker threads (default) or child processes. Processes share no memory with this one, so their only
   * transport is `copy` (the default for them; `shared` and `transfer` are refused).
   */
  pool?: PoolKind;
  /**
   * How a pool of processes starts each one: default `child_process.fork` of node (ProcessSlot.spawn).
   * The Electron shell, whose runAsNode fuse is off, gives its `utilityProcess.fork` one
   * (electron/main/utility-slot.ts). Not used by a pool of threads.
   */
  processSpawner?: SlotSpawner;
  /**
   * How workers return results in `transfer` mode. 'copy' (default) keeps the workers from ever detaching
   * an ArrayBuffer: after a thread's first detach V8 runs its typed-array code slower for good (blur took
   * 1.13x as long, invert 1.51x; docs/pool.md, "The detach effect and the transfer path"). 'transfer' is
   * kept to measure it.
   */
  transferReplyBy?: ReplyMode;
  /** Test-only fault injection (see FaultPlan). */
  faults?: FaultPlan;
  /** When a worker counts as hung (watchdog.ts); the defaults suit real work, tests shorten them. */
  watchdog?: Partial<WatchdogLimits>;
}

/** Where the time of one run went. Times are milliseconds. */
export interface RunTimings {
  /** From the call to the result, on the main thread. */
  wallMs: number;
  /**
   * Dispatch and transfer, summed over strips: main-thread time preparing strips (slicing, copying into
   * shared memory, posting) plus each message's transit both ways and the worker's unpack/pack time.
   */
  dispatchMs: number;
  /** Time inside runPipeline, summed over strips. */
  computeMs: number;
  /** computeMs per worker slot. */
  computeMsByWorker: number[];
  /**
   * Main-thread time copying result strips into the output image (none for `shared`), plus copying a
   * shared output out of shared memory (none with `output: 'shared'`).
   */
  reassembleMs: number;
  /** Per worker slot: time from the worker picking a strip up to handing it back, summed. */
  busyMsByWorker: number[];
}

export interface FilterResult {
  label: string;
  /** Position in the input of map / imap. */
  index: number;
  /** The filtered pixels: memory of their own, or with `output: 'shared'` a view of shared memory. */
  image: RawImage;
  /** Where `image.data` is (RunOptions.output). */
  output: ResultMemory;
  /**
   * Gives a shared result's memory back to the pool (idempotent; a no-op for a private copy). After it,
   * `image.data` may be overwritten by the next run.
   */
  release(): void;
  transport: Transport;
  /** The kernels that ran: 'js' when 'wasm' was asked for and a worker could not run it. */
  kernels: KernelChoice;
  /** Why the JS kernels ran although WebAssembly was asked for (no SIMD, kernels.wasm missing…). */
  kernelsFallback?: string;
  workers: number;
  strips: number;
  stripRows: number;
  timings: RunTimings;
}

/** One strip processed by one worker: the unit of the timeline. */
export interface TaskEvent {
  taskId: number;
  jobId: number;
  label: string;
  /** Position of the image in the input of map / imap (0 for apply). */
  imageIndex: number;
  stripIndex: number;
  stripCount: number;
  /** Worker slot, 0 .. size - 1; a replacement worker keeps its slot. */
  workerId: number;
  /** worker_threads threadId of the thread that ran it. */
  threadId: number;
  /** 0 for the first attempt, 1 for the retry after a crash. */
  attempt: number;
  transport: Transport;
  /** performance.timeOrigin-based ms (comparable across threads): enqueued, posted, started, ended, received. */
  queuedAt: number;
  dispatchedAt: number;
  startedAt: number;
  endedAt: number;
  receivedAt: number;
  computeMs: number;
  /** Pixel bytes moved to / from the worker in messages (0 for `shared`: only offsets travel). */
  bytesIn: number;
  bytesOut: number;
}

/** Like Python's AsyncResult: returned by applyAsync. */
export interface AsyncResult {
  readonly label: string;
  ready(): boolean;
  /** undefined while not ready. */
  successful(): boolean | undefined;
  get(): Promise<FilterResult>;
}
