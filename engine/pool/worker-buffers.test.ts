import { describe, expect, it } from 'vitest';
import type { ArenaLease } from './shared-arena';
import { type CachingWorker, WorkerBuffers } from './worker-buffers';

function lease(id: number): ArenaLease {
  const buffer = new SharedArrayBuffer(16);
  return { id, buffer, bytes: new Uint8Array(buffer, 0, 8) };
}

/** A worker that records what it is told to forget. */
function fakeWorker(alive = true): CachingWorker & { forgotten: number[][] } {
  const forgotten: number[][] = [];
  return {
    alive,
    forgotten,
    thread: {
      forgetBuffers: (ids) => {
        forgotten.push([...ids]);
        return Promise.resolve(0);
      },
    },
  };
}

describe('WorkerBuffers', () => {
  it('sends a buffer to a worker once, then names it by id', () => {
    const buffers = new WorkerBuffers();
    const worker = fakeWorker();
    const a = lease(1);
    expect(buffers.refFor(worker, a)).toEqual({ id: 1, buffer: a.buffer });
    expect(buffers.refFor(worker, a)).toEqual({ id: 1 });
    expect(buffers.refFor(worker, a).buffer).toBeUndefined();
  });

  it('keeps each worker apart: a buffer one worker has is still sent whole to another', () => {
    const buffers = new WorkerBuffers();
    const [w1, w2] = [fakeWorker(), fakeWorker()];
    const a = lease(1);
    buffers.refFor(w1, a);
    expect(buffers.refFor(w2, a)).toEqual({ id: 1, buffer: a.buffer });
    expect(buffers.refFor(w1, lease(2)).buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('a worker forgotten (gone) gets the buffer whole again, as its replacement would need', () => {
    const buffers = new WorkerBuffers();
    const worker = fakeWorker();
    const a = lease(1);
    buffers.refFor(worker, a);
    buffers.forget(worker);
    expect(buffers.refFor(worker, a)).toEqual({ id: 1, buffer: a.buffer });
  });

  it('retire tells only the live workers that have the buffer to forget it, and only once', () => {
    const buffers = new WorkerBuffers();
    const [has, hasNot, dead] = [fakeWorker(), fakeWorker(), fakeWorker(false)];
    buffers.refFor(has, lease(1));
    buffers.refFor(has, lease(2));
    buffers.refFor(hasNot, lease(2));
    buffers.refFor(dead, lease(1));
    buffers.retire(1);
    buffers.retire(1);
    expect(has.forgotten).toEqual([[1]]);
    expect(hasNot.forgotten).toEqual([]);
    expect(dead.forgotten).toEqual([]);
    // Forgotten means sent whole next time; the other buffer is still known.
    expect(buffers.refFor(has, lease(1)).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(buffers.refFor(has, lease(2))).toEqual({ id: 2 });
  });

  it('a worker that fails to forget does not throw out of retire', async () => {
    const buffers = new WorkerBuffers();
    const worker: CachingWorker = {
      alive: true,
      thread: { forgetBuffers: () => Promise.reject(new Error('thread gone')) },
    };
    buffers.refFor(worker, lease(1));
    expect(() => buffers.retire(1)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would fail the run
  });

  it('clear forgets every worker', () => {
    const buffers = new WorkerBuffers();
    const worker = fakeWorker();
    buffers.refFor(worker, lease(1));
    buffers.clear();
    buffers.retire(1);
    expect(worker.forgotten).toEqual([]);
    expect(buffers.refFor(worker, lease(1)).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
