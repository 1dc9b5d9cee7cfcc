/**
 * The filter worker: runs a pipeline on one strip of an image (threads.js `expose`).
 *
 * How the pixels arrive and leave depends on the transport the pool chose (engine/pool/transports.ts;
 * docs/architecture.md, "The three transports"):
 * - `copy`:     the strip's rows arrive as a structured clone; the result leaves as a clone.
 * - `transfer`: the strip's rows arrive in an ArrayBuffer the main thread transferred to us. The result
 *               leaves as a clone by default, not a transfer: a transfer detaches the buffer in *this*
 *               thread, and after its first detach V8 runs the thread's typed-array code slower for the
 *               rest of its life (1.13-1.51x on our kernels: docs/pool.md, "The detach effect").
 *               `replyBy: 'transfer'` is kept to measure that choice.
 * - `shared`:   the whole image sits in one SharedArrayBuffer and the output in another; the message
 *               carries offsets only and the kernels write straight into the output. The buffers belong
 *               to the pool's arena and are reused run after run: each arrives here once, with its id,
 *               and is cached; later messages carry the id only. The pool says when to forget one.
 *
 * The same file serves the serial baseline (`runWhole`): a dedicated worker that has never detached an
 * ArrayBuffer times runPipeline over the whole image, in shared memory, with no tiling and no copies.
 *
 * The lab's race, manager and pipe experiments (engine/lab/race.ts, manager.ts, pipe.ts) run here too
 * (`histogram`, `reportProgress`, `pipeEnd`/`pipeMessage`), and the pool experiment's task that throws here
 * (`checkStepsInWorker`), so that they need no worker build of their own.
 *
 * Kernels: a task may ask for `kernels: 'wasm'` (default 'js'); the worker then runs the pipeline in its
 * own WebAssembly memory (loaded once per worker, workers/wasm-kernels.ts), or, where the engine lacks
 * WebAssembly SIMD, runs the JS kernels and says why in the result (`kernelsFallback`).
 */
import { isMainThread, type MessagePort as NodeMessagePort, threadId, workerData } from 'node:worker_threads';
import type { TransferDescriptor } from 'threads';
import { expose, Transfer } from 'threads/worker';
import { BuffersBySize } from './buffers-by-size';
import { collectGarbage } from './collect-garbage';
import { resolvePipeline } from './filters/index';
import type { PipelineStep, ResolvedStep, Strip } from './filters/types';
import { countInto, type RaceVariant } from './lab/histogram';
import { type PipeEndMessage, pipeCall, servePipeEnd } from './lab/pipe-end';
import { type PipelineRun, runPipeline } from './pipeline';
import type { KernelChoice } from './wasm-kernels';

const BYTES_PER_PIXEL = 4;

/** Where a strip's source rows are. */
export type StripSource =
  /** copy / transfer: the rows [srcY0, srcY0 + srcRows) packed in their own buffer. */
  | { kind: 'bytes'; data: Uint8Array }
  /** shared: the whole image at the start of `input`; the result goes into the whole-image `output`. */
  | { kind: 'shared'; input: SharedRef; output: SharedRef };

/** A buffer of the pool's shared arena: sent once per worker (`buffer` set), then named by `id` alone. */
export interface SharedRef {
  id: number;
  buffer?: SharedArrayBuffer;
}

/** How the worker hands the result back for `bytes` sources. */
export type ReplyMode = 'copy' | 'transfer';

/**
 * Test-only failures. The worker honours them only when the pool spawned it with
 * `workerData.faultInjection === true`, which nothing reachable from user input does.
 * exit: process.exit; throw: an uncaught exception outside the job; error: the job throws;
 * hang: the job never returns (to test cancellation of running work).
 */
export type Fault = 'exit' | 'throw' | 'error' | 'hang';

export interface StripTask {
  /** Resolved steps (every parameter filled in), re-resolved here against the same registry. */
  steps: readonly PipelineStep[];
  width: number;
  imageHeight: number;
  /** Output rows [y0, y0 + rows). */
  y0: number;
  rows: number;
  /** Source rows [srcY0, srcY0 + srcRows): the output rows plus the pipeline's halo, cut at the edges. */
  srcY0: number;
  srcRows: number;
  source: StripSource;
  replyBy: ReplyMode;
  /** JS or WebAssembly kernels; default 'js' (runPipeline's). The bytes are the same. */
  kernels?: KernelChoice;
  fault?: Fault;
}

/** Which kernels ran a task, and why not the ones it asked for. */
export interface KernelsUsed {
  kernels?: KernelChoice;
  /** Set when 'wasm' was asked for and the JS kernels ran: why. */
  kernelsFallback?: string;
}

export interface StripTiming extends KernelsUsed {
  threadId: number;
  /** performance.timeOrigin-based milliseconds, comparable across threads. */
  startedAt: number;
  endedAt: number;
  /** Time inside runPipeline only. */
  computeMs: number;
}

export interface StripResult extends StripTiming {
  /** The output rows, for `bytes` sources; absent for `shared` (they are already in the output). */
  data?: Uint8Array;
}

export interface WholeImageTask {
  steps: readonly PipelineStep[];
  width: number;
  height: number;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  kernels?: KernelChoice;
}

export interface WholeImageTiming extends KernelsUsed {
  threadId: number;
  computeMs: number;
}

const nowMs = (): number => performance.timeOrigin + performance.now();

// Pipelines repeat for every strip of a run: resolve each distinct one once.
const resolvedCache = new Map<string, ResolvedStep[]>();
function resolveCached(steps: readonly PipelineStep[]): ResolvedStep[] {
  const key = JSON.stringify(steps);
  let resolved = resolvedCache.get(key);
  if (!resolved) {
    resolved = resolvePipeline(steps);
    if (resolvedCache.size > 32) resolvedCache.clear();
    resolvedCache.set(key, resolved);
  }
  return resolved;
}

// A result that leaves as a clone is copied out of its buffer, so one buffer per strip size serves strip
// after strip.
const replyBuffers = new BuffersBySize();

// The pool's arena buffers this worker has been sent, by id. Holding them costs nothing new per run (the
// pool reuses them); a buffer the arena drops is forgotten on the pool's word (forgetBuffers).
const sharedBuffers = new Map<number, SharedArrayBuffer>();
function sharedBuffer(ref: SharedRef): SharedArrayBuffer {
  if (ref.buffer) sharedBuffers.set(ref.id, ref.buffer);
  const buffer = sharedBuffers.get(ref.id);
  if (!buffer) throw new Error(`shared buffer ${ref.id} was never sent to this worker`);
  return buffer;
}

/**
 * Drops the arena buffers `ids`; returns how many this worker still holds. A SharedArrayBuffer's memory
 * is freed only once every thread that saw it has collected its wrapper, and this thread allocates too
 * little to collect on its own: so it collects at once.
 */
function forgetBuffers(ids: readonly number[]): number {
  for (const id of ids) sharedBuffers.delete(id);
  collectGarbage?.();
  return sharedBuffers.size;
}

/** Set by the process pool for a child it starts with fault injection (engine/pool/process-slot.ts). */
export const CHILD_FAULTS_ENV = 'PIXELPOOL_CHILD_FAULT_INJECTION';

const faultsEnabled = isMainThread
  ? process.env[CHILD_FAULTS_ENV] === '1'
  : (workerData as { faultInjection?: boolean } | null)?.faultInjection === true;

/** Returns a promise that never settles when the fault leaves the job unanswered. */
function injectFault(fault: Fault): Promise<never> | undefined {
  if (!faultsEnabled) return undefined;
  switch (fault) {
    case 'exit':
      process.exit(70);
      break;
    case 'throw':
      setImmediate(() => {
        throw new Error('injected fatal error in the filter worker');
      });
      // The job is never answered: noticing the crash is the pool's business.
      return new Promise<never>(() => {});
    case 'error':
      throw new Error('injected error in the filter worker');
    case 'hang':
      for (;;) {
        // Busy forever: only terminating the worker stops this.
      }
  }
  return undefined;
}

function runStrip(task: StripTask): StripResult | TransferDescriptor<StripResult> | Promise<never> {
  const startedAt = nowMs();
  // Cache newly sent buffers first: later messages name them by id, whatever happens to this one.
  const shared =
    task.source.kind === 'shared'
      ? { input: sharedBuffer(task.source.input), output: sharedBuffer(task.source.output) }
      : undefined;
  const unanswered = task.fault ? injectFault(task.fault) : undefined;
  if (unanswered) return unanswered;
  const { width, imageHeight, y0, rows, srcY0, srcRows, source } = task;
  const steps = resolveCached(task.steps);
  const rowBytes = width * BYTES_PER_PIXEL;

  let srcData: Uint8Array;
  let dstData: Uint8Array;
  if (source.kind === 'shared' && shared) {
    srcData = new Uint8Array(shared.input, srcY0 * rowBytes, srcRows * rowBytes);
    dstData = new Uint8Array(shared.output, y0 * rowBytes, rows * rowBytes);
  } else if (source.kind === 'bytes') {
    srcData = source.data;
    // A transferred result leaves this thread for good, so it needs a buffer of its own.
    dstData =
      task.replyBy === 'transfer' ? new Uint8Array(rows * rowBytes) : replyBuffers.take(rows * rowBytes);
  } else {
    throw new Error('unreachable: shared source without its buffers');
  }
  const src: Strip = { data: srcData, width, imageHeight, y0: srcY0, rows: srcRows };
  const dst: Strip = { data: dstData, width, imageHeight, y0, rows };

  const computeStart = performance.now();
  const ran = runPipeline(steps, src, dst, { kernels: task.kernels });
  const computeMs = performance.now() - computeStart;

  const timing: StripTiming = { threadId, startedAt, endedAt: nowMs(), computeMs, ...kernelsUsed(ran) };
  if (source.kind === 'shared') return timing;
  const result: StripResult = { ...timing, data: dstData };
  return task.replyBy === 'transfer' ? Transfer(result, [dstData.buffer]) : result;
}

/** The serial baseline: the whole image through runPipeline on this one thread. */
function runWhole(task: WholeImageTask): WholeImageTiming {
  const steps = resolveCached(task.steps);
  const { width, height } = task;
  const src: Strip = { data: new Uint8Array(task.input), width, imageHeight: height, y0: 0, rows: height };
  const dst: Strip = { data: new Uint8Array(task.output), width, imageHeight: height, y0: 0, rows: height };
  const start = performance.now();
  const ran = runPipeline(steps, src, dst, { kernels: task.kernels });
  return { threadId, computeMs: performance.now() - start, ...kernelsUsed(ran) };
}

function kernelsUsed(ran: PipelineRun): KernelsUsed {
  return ran.fallback ? { kernels: ran.kernels, kernelsFallback: ran.fallback } : { kernels: ran.kernels };
}

/** One thread's part of the race experiment (engine/lab/race.ts): rows [rowFrom, rowTo) of the image. */
export interface HistogramTask {
  variant: RaceVariant;
  /** The RGBA image, and the shared bins and lock every thread counts into. */
  pixels: SharedArrayBuffer;
  width: number;
  rowFrom: number;
  rowTo: number;
  bins: SharedArrayBuffer;
  lock: SharedArrayBuffer;
  /**
   * The start line: [0] counts the threads ready, [1] turns 1 when the main thread lets them all go,
   * so that they count at the same time (else the first could finish before the last has started).
   */
  start: SharedArrayBuffer;
}

/** Counts, once every thread of the experiment is at the start line; returns its own counting time. */
function histogram(task: HistogramTask): { ms: number; threadId: number } {
  const start = new Int32Array(task.start);
  Atomics.add(start, 0, 1);
  Atomics.notify(start, 0);
  Atomics.wait(start, 1, 0);
  const began = performance.now();
  const { width } = task;
  countInto(
    task.variant,
    new Uint8Array(task.pixels),
    task.rowFrom * width,
    task.rowTo * width,
    new Uint32Array(task.bins),
    new Int32Array(task.lock),
  );
  return { ms: performance.now() - began, threadId };
}

/** One worker's part of the manager experiment (engine/lab/manager.ts). */
export interface ProgressTask {
  /** `message`: each update is a message to the manager on the main thread; `shared`: an Atomics.add. */
  mode: 'message' | 'shared';
  updates: number;
  /** The shared counter, for `shared`. */
  counter: SharedArrayBuffer;
  /** The manager's end of a MessageChannel, for `message` (transferred in). */
  port?: MessagePort;
}

/** Reports `updates` units of progress, one at a time; returns its own time. */
function reportProgress(task: ProgressTask): { ms: number } {
  const began = performance.now();
  if (task.mode === 'shared') {
    const counter = new Int32Array(task.counter);
    for (let k = 0; k < task.updates; k++) Atomics.add(counter, 0, 1);
  } else {
    const port = task.port;
    if (!port) throw new Error("the message mode needs the manager's port");
    // The manager closes the channel once it has counted every update.
    for (let k = 0; k < task.updates; k++) port.postMessage(1);
  }
  return { ms: performance.now() - began };
}

/** The pool experiment's failing task (engine/lab/child-error.ts): steps this worker's registry rejects. */
export interface RejectedStepsTask {
  steps: readonly PipelineStep[];
}

/**
 * Checks the task's pipeline here, in the worker, as runStrip does for every strip: the lab sends one the
 * registry refuses, so the throw is this thread's own and its stack this file's (the parent shows it).
 */
function checkStepsInWorker(task: RejectedStepsTask): { steps: number } {
  return { steps: resolvePipeline(task.steps).length };
}

/** The pipe experiment (engine/lab/pipe.ts): serve this thread's end of a MessageChannel (transferred in). */
function pipeEnd(task: { port: NodeMessagePort }): void {
  servePipeEnd(task.port);
}

/** The pipe experiment's child-process end: one message in, one reply out, over the IPC channel. */
function pipeMessage(message: PipeEndMessage) {
  return pipeCall(message);
}

export const api = {
  runStrip,
  runWhole,
  forgetBuffers,
  histogram,
  reportProgress,
  checkStepsInWorker,
  pipeEnd,
  pipeMessage,
};
export type FilterWorkerApi = typeof api;

// A worker thread serves the pool through threads.js; a child process (workers/filter.process.ts) loads
// this module for `api` and serves it over its IPC channel instead.
if (!isMainThread) expose(api);
