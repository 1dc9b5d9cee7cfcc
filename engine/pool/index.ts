export { FilterAbortError, FilterTaskError } from './errors';
export { FilterPool } from './filter-pool';
export { type ChildChannel, type ChildStarter, childEnv, ProcessSlot } from './process-slot';
export { checkTransport } from './run-checks';
export { runSerial, SerialBaselineThread, type SerialRun } from './serial';
export { defaultStripRows, MIN_STRIP_ROWS, STRIPS_PER_WORKER } from './strips';
export { toSharedBytes, toSharedImage } from './transports';
export {
  type AsyncResult,
  DEFAULT_TRANSPORT,
  type FilterResult,
  type ImageSize,
  type ImapOptions,
  type LabeledImage,
  type PoolOptions,
  RESULT_MEMORIES,
  type ResultMemory,
  type RunOptions,
  type RunTimings,
  type SharedImage,
  type TaskEvent,
  TRANSPORTS,
  type Transport,
} from './types';
export { locateFilterProcess, locateFilterWorker, WORKER_PATH_ENV } from './worker-path';
export type { PoolSlot, SlotSpawner, WorkerDeath } from './worker-slot';
