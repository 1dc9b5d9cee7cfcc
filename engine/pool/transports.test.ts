import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripResult, StripTask } from '../../workers/filter.worker';
import { planStrips } from '../../workers/tiling';
import { type ArenaLease, SharedArena } from './shared-arena';
import { noiseImage } from './test-images';
import { packStrip, placeResult, prepareBuffers } from './transports';
import { WorkerSlot } from './worker-slot';

// These tests drive one real filter worker with exactly what the pool sends it.
let slot: WorkerSlot;
beforeAll(async () => {
  slot = await WorkerSlot.spawn(0, { faultInjection: false }, () => undefined);
});
afterAll(() => slot.kill());

const steps = [{ id: 'invert', params: {} }];
const image = noiseImage(13, 9, 3);
const plan = planStrips(9, 4, 0)[1]; // rows 4..7

function send(message: unknown): Promise<StripResult> {
  return slot.thread.runStrip(message as StripTask);
}

/** Every value reachable from `value`, to see what a message really carries. */
function reachable(value: unknown, seen = new Set<unknown>()): unknown[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer)
    return [value];
  return [value, ...Object.values(value).flatMap((v) => reachable(v, seen))];
}

describe('transfer', () => {
  it("moves the strip: the sender's ArrayBuffer is detached after the send", async () => {
    const buffers = prepareBuffers(image, 'transfer');
    const packed = packStrip(buffers, plan, steps, 'copy', 'js');
    const sent = (packed.message as { send: StripTask }).send;
    const data = (sent.source as { data: Uint8Array }).data;
    expect(data.buffer.byteLength).toBe(plan.srcRows * 13 * 4);
    const result = await send(packed.message);
    expect(data.buffer.byteLength).toBe(0); // detached: ownership moved to the worker
    placeResult(buffers, plan, result);
    const rowBytes = 13 * 4;
    const rows = buffers.output.subarray(plan.y0 * rowBytes, (plan.y0 + plan.rows) * rowBytes);
    const source = image.data.subarray(plan.y0 * rowBytes, (plan.y0 + plan.rows) * rowBytes);
    const inverted = source.map((v, i) => (i % 4 === 3 ? v : 255 - v));
    expect(Buffer.from(rows).equals(Buffer.from(inverted))).toBe(true);
  });

  it('the worker can transfer its result back too (kept to measure the detach effect)', async () => {
    const buffers = prepareBuffers(image, 'transfer');
    const result = await send(packStrip(buffers, plan, steps, 'transfer', 'js').message);
    expect(result.data?.byteLength).toBe(plan.rows * 13 * 4);
  });
});

describe('copy', () => {
  it("clones the strip: the sender's buffer stays intact", async () => {
    const buffers = prepareBuffers(image, 'copy');
    const packed = packStrip(buffers, plan, steps, 'copy', 'js');
    const data = ((packed.message as StripTask).source as { data: Uint8Array }).data;
    const before = Buffer.from(data);
    await send(packed.message);
    expect(data.buffer.byteLength).toBe(plan.srcRows * 13 * 4);
    expect(Buffer.from(data).equals(before)).toBe(true);
    expect(image.data.buffer.byteLength).toBe(13 * 9 * 4); // the image itself is never sent
  });
});

describe('shared', () => {
  it('copies nothing per strip: the message holds arena buffer handles and numbers, the worker writes into the output', async () => {
    const arena = new SharedArena(() => undefined);
    const size = image.data.byteLength;
    const buffers = prepareBuffers(image, 'shared', {
      input: arena.acquire(size),
      output: arena.acquire(size),
    });
    expect(buffers.leases?.input?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(buffers.input).equals(Buffer.from(image.data))).toBe(true); // copied in once
    const packed = packStrip(buffers, plan, steps, 'copy', 'js');
    expect(packed.bytesIn).toBe(0);
    const carried = reachable(packed.message).filter(
      (v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer,
    );
    expect(carried).toEqual([]); // no pixel bytes: the SharedArrayBuffers travel as handles
    const result = await send(packed.message);
    expect(result.data).toBeUndefined();
    const rowBytes = 13 * 4;
    const written = buffers.output;
    for (let i = 0; i < written.length; i++) {
      const inStrip = i >= plan.y0 * rowBytes && i < (plan.y0 + plan.rows) * rowBytes;
      const expected = !inStrip ? 0 : i % 4 === 3 ? image.data[i] : 255 - image.data[i];
      if (written[i] !== expected) throw new Error(`byte ${i}: ${written[i]} !== ${expected}`);
    }
  });

  it('a worker caches a buffer sent once and is named by id after; it forgets on request', async () => {
    const arena = new SharedArena(() => undefined);
    const size = image.data.byteLength;
    const buffers = prepareBuffers(image, 'shared', {
      input: arena.acquire(size),
      output: arena.acquire(size),
    });
    const known = new Set<number>();
    const once = (lease: ArenaLease) => {
      if (known.has(lease.id)) return { id: lease.id };
      known.add(lease.id);
      return { id: lease.id, buffer: lease.buffer };
    };
    const first = packStrip(buffers, plan, steps, 'copy', 'js', undefined, undefined, once);
    const second = packStrip(
      buffers,
      planStrips(9, 4, 0)[0],
      steps,
      'copy',
      'js',
      undefined,
      undefined,
      once,
    );
    const sabs = (m: unknown) => reachable(m).filter((v) => v instanceof SharedArrayBuffer);
    expect(sabs(first.message)).toHaveLength(2);
    expect(sabs(second.message)).toHaveLength(0);
    await send(first.message);
    await send(second.message); // only ids: the worker uses its cached buffers
    expect(buffers.output[0]).toBe(255 - image.data[0]);
    const ids = [buffers.leases?.input?.id ?? 0, buffers.leases?.output?.id ?? 0];
    expect(await slot.thread.forgetBuffers(ids)).toBe(0);
    await expect(send(second.message)).rejects.toThrow(/never sent to this worker/);
  });

  it('an image already at the start of the input lease is read where it is: no copy in', async () => {
    const arena = new SharedArena(() => undefined);
    const size = image.data.byteLength;
    const input = arena.acquire(size);
    input.bytes.set(image.data);
    const buffers = prepareBuffers({ ...image, data: input.bytes }, 'shared', {
      input,
      output: arena.acquire(size),
    });
    expect(buffers.input).toBe(input.bytes);
    // A change made through the caller's view after preparing is what the worker reads.
    input.bytes[plan.y0 * 13 * 4] = 7;
    await send(packStrip(buffers, plan, steps, 'copy', 'js').message);
    expect(buffers.output[plan.y0 * 13 * 4]).toBe(255 - 7);
  });
});
