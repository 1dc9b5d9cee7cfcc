/**
 * How one image's strips travel to the workers and back, per transport (docs/pool.md, "Transports"):
 * - copy:     slice the strip's rows into their own buffer and post it as a structured clone (a second
 *             copy); the worker's result comes back as a clone and is copied into the output.
 * - transfer: slice the rows into an owned ArrayBuffer and transfer it (the main thread's copy detaches);
 *             the result comes back as a clone by default (see PoolOptions.transferReplyBy for why).
 * - shared:   the image's pixels sit in a SharedArrayBuffer of the pool's arena and the output in another;
 *             messages carry offsets (and each buffer once per worker), workers write straight into the
 *             output, nothing is reassembled. An image the caller placed in the arena (shareImage, or a
 *             result kept in shared memory) is read where it is; any other image is copied in once.
 *             The output is copied out at the end unless the caller asked to keep it in shared memory
 *             (`output: 'shared'`).
 * The main thread only slices and reassembles; the workers compute.
 */
import type { TransferDescriptor } from 'threads';
import { Transfer } from 'threads';
import type { KernelChoice } from '../../shared/kernels';
import type { BuffersBySize } from '../../workers/buffers-by-size';
import type { Fault, ReplyMode, SharedRef, StripResult, StripTask } from '../../workers/filter.worker';
import type { PipelineStep } from '../../workers/filters/types';
import type { StripPlan } from '../../workers/tiling';
import type { RawImage } from '../types';
import type { ArenaLease } from './shared-arena';
import type { Transport } from './types';

const BYTES_PER_PIXEL = 4;

/** The buffers one run of one image works on. */
export interface JobBuffers {
  transport: Transport;
  width: number;
  height: number;
  input: Uint8Array;
  /** The output image's bytes (a view of the output lease when there is one). */
  output: Uint8Array;
  /**
   * Arena buffers this run works on: both in shared mode; only `output` when a copy/transfer run keeps
   * its result in shared memory. The pool gives them back once no worker can touch them.
   */
  leases?: { input?: ArenaLease; output?: ArenaLease };
}

/** Whether `data` is the start of `lease` (the image already lives there: nothing to copy). */
export function isLeaseStart(data: Uint8Array, lease: ArenaLease): boolean {
  return data.buffer === lease.buffer && data.byteOffset === 0;
}

/**
 * The buffers of one run. Shared mode needs an input and an output lease; the image is copied into the
 * input lease unless it already is that lease's bytes. An output lease, when given, receives the result
 * (any transport); otherwise copy/transfer runs reassemble into fresh memory.
 */
export function prepareBuffers(
  image: RawImage,
  transport: Transport,
  leases: { input?: ArenaLease; output?: ArenaLease } = {},
): JobBuffers {
  const { width, height } = image;
  const size = width * height * BYTES_PER_PIXEL;
  const output = leases.output?.bytes ?? new Uint8Array(size);
  if (leases.output && output.byteLength !== size) throw new Error('output lease of the wrong size');
  if (transport !== 'shared') {
    return { transport, width, height, input: image.data, output, leases: { output: leases.output } };
  }
  const { input } = leases;
  if (!input || !leases.output) throw new Error('a shared run needs an input and an output lease');
  if (!isLeaseStart(image.data, input)) input.bytes.set(image.data);
  return { transport, width, height, input: input.bytes, output, leases: { input, output: leases.output } };
}

/** How a lease is named in a message to one worker: with its buffer the first time, by id after. */
export type SharedRefFor = (lease: ArenaLease) => SharedRef;

/** The bytes in a SharedArrayBuffer: the same view if they already are, else one copy. */
export function toSharedBytes(data: Uint8Array): Uint8Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const shared = new Uint8Array(new SharedArrayBuffer(data.byteLength));
  shared.set(data);
  return shared;
}

/**
 * A copy of a RawImage whose pixels live in a SharedArrayBuffer of its own (e.g. for the serial baseline
 * thread). A pool treats it as any other input and copies it into its arena: to run with no copy, place
 * the image in the pool's own shared memory with `pool.shareImage`.
 */
export function toSharedImage<T extends RawImage>(image: T): T {
  return { ...image, data: toSharedBytes(image.data) };
}

export interface PackedStrip {
  /** What to pass to the worker's runStrip: the task, or the task with its buffer marked for transfer. */
  message: StripTask | TransferDescriptor<StripTask>;
  bytesIn: number;
}

export function packStrip(
  buffers: JobBuffers,
  plan: StripPlan,
  steps: readonly PipelineStep[],
  replyBy: ReplyMode,
  kernels: KernelChoice,
  fault?: Fault,
  reusable?: BuffersBySize,
  sharedRef: SharedRefFor = (lease) => ({ id: lease.id, buffer: lease.buffer }),
): PackedStrip {
  const rowBytes = buffers.width * BYTES_PER_PIXEL;
  const base = {
    steps,
    width: buffers.width,
    imageHeight: buffers.height,
    y0: plan.y0,
    rows: plan.rows,
    srcY0: plan.srcY0,
    srcRows: plan.srcRows,
    replyBy,
    kernels,
    ...(fault ? { fault } : {}),
  };
  if (buffers.transport === 'shared') {
    const { input, output } = buffers.leases ?? {};
    if (!input || !output) throw new Error('a shared run without its arena buffers');
    const task: StripTask = {
      ...base,
      source: { kind: 'shared', input: sharedRef(input), output: sharedRef(output) },
    };
    return { message: task, bytesIn: 0 };
  }
  // Strips overlap by their halos, so each needs its own buffer: a clone of a view would send the whole
  // image, and a transfer would take the whole image away.
  const start = plan.srcY0 * rowBytes;
  const end = start + plan.srcRows * rowBytes;
  let data: Uint8Array;
  if (buffers.transport === 'copy' && reusable) {
    data = reusable.take(end - start);
    data.set(buffers.input.subarray(start, end));
  } else {
    data = buffers.input.slice(start, end);
  }
  const task: StripTask = { ...base, source: { kind: 'bytes', data } };
  const message = buffers.transport === 'transfer' ? Transfer(task, [data.buffer]) : task;
  return { message, bytesIn: data.byteLength };
}

/** Puts a worker's result rows into the output; returns the pixel bytes that came back in the message. */
export function placeResult(buffers: JobBuffers, plan: StripPlan, result: StripResult): number {
  if (buffers.transport === 'shared') return 0;
  const expected = plan.rows * buffers.width * BYTES_PER_PIXEL;
  if (!result.data || result.data.byteLength !== expected) {
    throw new Error(
      `worker returned ${result.data?.byteLength ?? 'no'} bytes for strip ${plan.index}, expected ${expected}`,
    );
  }
  buffers.output.set(result.data, plan.y0 * buffers.width * BYTES_PER_PIXEL);
  return result.data.byteLength;
}
