/**
 * How one image's strips travel to the workers and back, per transport (DESIGN.md):
 * - copy:     slice the strip's rows into their own buffer and post it as a structured clone (a second
 *             copy); the worker's result comes back as a clone and is copied into the output.
 * - transfer: slice the rows into an owned ArrayBuffer and transfer it (the main thread's copy detaches);
 *             the result comes back as a clone by default (see PoolOptions.transferReplyBy for why).
 * - shared:   the image is copied into a SharedArrayBuffer of the pool's arena and the output is another;
 *             messages carry offsets (and each buffer once per worker), workers write straight into the
 *             output, nothing is reassembled; the result is copied out when the run is done, so that the
 *             arena can lend both buffers to the next run.
 * The main thread only slices and reassembles; the workers compute.
 */
import type { TransferDescriptor } from 'threads';
import { Transfer } from 'threads';
import type { Fault, ReplyMode, SharedRef, StripResult, StripTask } from '../../../workers/filter.worker';
import type { PipelineStep } from '../../../workers/filters/types';
import type { StripPlan } from '../../../workers/tiling';
import type { RawImage } from '../types';
import type { ArenaLease, SharedArena } from './shared-arena';
import type { Transport } from './types';

const BYTES_PER_PIXEL = 4;

/** The buffers one run of one image works on. */
export interface JobBuffers {
  transport: Transport;
  width: number;
  height: number;
  input: Uint8Array;
  /** The output image's bytes (in shared mode a view of the output lease, copied out at the end). */
  output: Uint8Array;
  /** shared: the arena buffers lent to this run; given back once no worker can touch them any more. */
  leases?: { input: ArenaLease; output: ArenaLease };
}

/** Allocates a run's output; in shared mode borrows input and output from the arena and copies the input in. */
export function prepareBuffers(image: RawImage, transport: Transport, arena?: SharedArena): JobBuffers {
  const { width, height } = image;
  const size = width * height * BYTES_PER_PIXEL;
  if (transport !== 'shared') {
    return { transport, width, height, input: image.data, output: new Uint8Array(size) };
  }
  if (!arena) throw new Error("the shared transport needs the pool's shared arena");
  const input = arena.acquire(size);
  const output = arena.acquire(size);
  input.bytes.set(image.data);
  return { transport, width, height, input: input.bytes, output: output.bytes, leases: { input, output } };
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

/** A copy of a RawImage whose pixels live in a SharedArrayBuffer, ready for `shared` runs with no copy. */
export function toSharedImage<T extends RawImage>(image: T): T {
  return { ...image, data: toSharedBytes(image.data) };
}

/**
 * Buffers for `copy` strips, reused: postMessage clones a strip synchronously, so its buffer is free again
 * as soon as the call returns, and reusing it spares the main thread faulting in fresh pages every strip.
 * (`transfer` strips cannot be reused: they leave with the message.) A clone carries the view's whole
 * buffer, so each buffer is exactly one strip's size.
 */
export class StripBuffers {
  private readonly bySize = new Map<number, Uint8Array>();

  take(bytes: number): Uint8Array {
    let buffer = this.bySize.get(bytes);
    if (!buffer) {
      if (this.bySize.size >= 4) this.bySize.clear();
      buffer = new Uint8Array(bytes);
      this.bySize.set(bytes, buffer);
    }
    return buffer;
  }
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
  fault?: Fault,
  reusable?: StripBuffers,
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
    ...(fault ? { fault } : {}),
  };
  if (buffers.transport === 'shared') {
    if (!buffers.leases) throw new Error('a shared run without its arena buffers');
    const task: StripTask = {
      ...base,
      source: {
        kind: 'shared',
        input: sharedRef(buffers.leases.input),
        output: sharedRef(buffers.leases.output),
      },
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
