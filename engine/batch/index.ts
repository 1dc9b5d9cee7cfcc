/**
 * Batch editing: files and folders in, the pipeline applied, files out. Three stages joined by
 * bounded producer/consumer queues (queue.ts), so that memory stays flat however long the batch:
 *
 *   decode (sharp) ──[queue: 1]──▶ filter (pool, 2 images at a time) ──[queue: 1]──▶ encode + write
 *
 * run-batch.ts wires the stages; plan.ts checks the options and names the outputs; filter-stage.ts
 * runs the pool or the serial baseline; in-flight.ts counts the decoded images the queues bound;
 * recorder.ts and stats.ts turn what happened into events and the result; output.ts writes files so
 * that none is left half-written. See docs/architecture.md for where the batch sits in the app.
 */

export { maxImagesInFlight, type StageShape, stageShape } from './lanes';
export { DEFAULT_NAME_PATTERN, NamePatternError } from './naming';
export { CONFLICT_POLICIES, type ConflictPolicy, OutputFolderError } from './output';
export { checkBatchOptions } from './plan';
export { BatchError, runBatch } from './run-batch';
export type {
  BatchEvent,
  BatchFileEvent,
  BatchHooks,
  BatchOptions,
  BatchOutput,
  BatchResult,
  BatchRunStats,
  EngineFileState,
} from './types';
