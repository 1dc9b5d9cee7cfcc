import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filters } from '../../workers/filters/index';
import type { PipelineStep } from '../../workers/filters/types';
import type { RawImage } from '../types';
import {
  FilterAbortError,
  FilterPool,
  type FilterResult,
  runSerial,
  SerialBaselineThread,
  type TaskEvent,
  TRANSPORTS,
  toSharedImage,
} from './index';
import { noiseImage } from './test-images';

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** Every registered filter with its defaults, then all of them chained (halos add up). */
const pipelines: { name: string; steps: PipelineStep[] }[] = [
  ...filters.map((f) => ({ name: f.id, steps: [{ id: f.id }] })),
  { name: 'every filter chained', steps: filters.map((f) => ({ id: f.id })) },
];

describe('parallel output equals runSerial byte for byte', () => {
  const pools = new Map<number, FilterPool>();
  beforeAll(async () => {
    for (const size of [1, 2, 3]) pools.set(size, await FilterPool.create({ size }));
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((pool) => pool.terminate()));
  });

  const images: { name: string; image: RawImage }[] = [
    { name: '37x23', image: noiseImage(37, 23, 7) },
    { name: '1x1', image: noiseImage(1, 1, 3) },
    { name: '5x2 (more workers than strips at 1 row)', image: noiseImage(5, 2, 9) },
  ];

  for (const { name, steps } of pipelines) {
    it(name, async () => {
      for (const { name: imageName, image } of images) {
        const expected = runSerial(image, steps).data;
        for (const [size, pool] of pools) {
          for (const transport of TRANSPORTS) {
            // Default strips, 1-row strips, odd strips, and one strip taller than the image.
            for (const stripRows of [undefined, 1, 4, 1000]) {
              const result = await pool.apply(image, steps, { transport, stripRows, label: imageName });
              const where = `${imageName}, ${size} workers, ${transport}, stripRows ${stripRows}`;
              expect(same(result.image.data, expected), where).toBe(true);
              expect(result.transport).toBe(transport);
            }
          }
        }
      }
    });
  }
});

describe('transports', () => {
  let pool: FilterPool;
  beforeAll(async () => {
    pool = await FilterPool.create({ size: 2 });
  });
  afterAll(() => pool.terminate());

  it('shared: only offsets travel; the result is copied out of the arena into memory of its own', async () => {
    const image = toSharedImage(noiseImage(41, 29, 5));
    const events: TaskEvent[] = [];
    const stop = pool.onTask((e) => events.push(e));
    const steps = [{ id: 'invert' }];
    const result = await pool.apply(image, steps, { transport: 'shared', stripRows: 6 });
    stop();
    // The arena lends its buffers to the next run: the caller must not hold a view of them.
    expect(result.image.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(same(result.image.data, runSerial(image, steps).data)).toBe(true);
    expect(events).toHaveLength(result.strips);
    for (const e of events) expect([e.bytesIn, e.bytesOut]).toEqual([0, 0]);
  });

  it('copy and transfer move each strip with its halo in and its rows out', async () => {
    const image = noiseImage(19, 30, 2);
    const steps = [{ id: 'gaussian-blur', params: { sigma: 1 } }];
    for (const transport of ['copy', 'transfer'] as const) {
      const events: TaskEvent[] = [];
      const stop = pool.onTask((e) => events.push(e));
      const result = await pool.apply(image, steps, { transport, stripRows: 7 });
      stop();
      const rowBytes = 19 * 4;
      expect(events.reduce((sum, e) => sum + e.bytesOut, 0)).toBe(30 * rowBytes);
      // Every strip but the edge ones carries halo rows on both sides, so more comes in than goes out.
      expect(events.reduce((sum, e) => sum + e.bytesIn, 0)).toBeGreaterThan(30 * rowBytes);
      expect(result.image.data.buffer).toBeInstanceOf(ArrayBuffer);
    }
  });
});

describe('shared arena', () => {
  const steps = [{ id: 'gaussian-blur', params: { sigma: 1.5 } }];
  const sizes = [
    [37, 23],
    [64, 40],
    [5, 2],
    [64, 40],
    [37, 23],
    [1, 1],
  ] as const;
  const images = Array.from({ length: 12 }, (_, i) => {
    const [w, h] = sizes[i % sizes.length];
    return { ...noiseImage(w, h, i + 1), label: `img${i}` };
  });
  const expected = images.map((image) => runSerial(image, steps).data);

  it('apply one after another: two buffers, allocated once, reused by every run', async () => {
    const pool = await FilterPool.create({ size: 2 });
    try {
      for (let round = 0; round < 3; round++) {
        for (const [i, image] of images.entries()) {
          const result = await pool.apply(image, steps, { stripRows: 5 });
          expect(same(result.image.data, expected[i]), image.label).toBe(true);
        }
      }
      // The first image is not the largest: the output buffer may have grown once, the input once.
      const { buffers, lent, allocations } = pool.sharedMemory;
      expect(buffers).toBe(2);
      expect(lent).toBe(0);
      expect(allocations).toBeLessThanOrEqual(4);
      // Workers cache only what the arena holds.
      for (const count of await pool.workerSharedBufferCounts()) expect(count).toBeLessThanOrEqual(2);
    } finally {
      await pool.terminate();
    }
  });

  it('imap with two images in flight: at most four buffers, never one shared by two runs', async () => {
    const pool = await FilterPool.create({ size: 2 });
    try {
      // Buffers are per run: a strip of a run reads and writes only its own run's buffers. Check through
      // the outputs (a shared buffer would mix two images) and through the arena's count.
      let peakLent = 0;
      const stop = pool.onTask(() => {
        peakLent = Math.max(peakLent, pool.sharedMemory.lent);
      });
      for (let round = 0; round < 3; round++) {
        let i = 0;
        for await (const result of pool.imap(images, steps, { window: 2, stripRows: 3 })) {
          expect(same(result.image.data, expected[i]), `round ${round}, ${images[i].label}`).toBe(true);
          i++;
        }
        expect(i).toBe(images.length);
      }
      stop();
      expect(peakLent).toBe(4);
      expect(pool.sharedMemory.buffers).toBe(4);
      expect(pool.sharedMemory.allocations).toBeLessThanOrEqual(8);
      for (const count of await pool.workerSharedBufferCounts()) expect(count).toBeLessThanOrEqual(4);
    } finally {
      await pool.terminate();
    }
  });

  it('map of every image at once: one buffer pair per image in flight, then reused by the next map', async () => {
    const pool = await FilterPool.create({ size: 3 });
    try {
      const first = await pool.map(images, steps);
      for (const [i, r] of first.entries())
        expect(same(r.image.data, expected[i]), images[i].label).toBe(true);
      const after = pool.sharedMemory;
      expect(after.buffers).toBe(2 * images.length);
      const second = await pool.map(images, steps);
      for (const [i, r] of second.entries())
        expect(same(r.image.data, expected[i]), images[i].label).toBe(true);
      expect(pool.sharedMemory.allocations).toBe(after.allocations); // nothing new the second time
    } finally {
      await pool.terminate();
    }
  });

  it('a buffer replaced by a bigger one is forgotten by the workers', async () => {
    const pool = await FilterPool.create({ size: 2 });
    try {
      for (const [w, h] of [
        [8, 8],
        [40, 40],
        [90, 90],
        [200, 120],
      ]) {
        const image = noiseImage(w, h, w);
        const result = await pool.apply(image, steps, { stripRows: 7 });
        expect(same(result.image.data, runSerial(image, steps).data)).toBe(true);
      }
      expect(pool.sharedMemory.buffers).toBe(2);
      for (const count of await pool.workerSharedBufferCounts()) expect(count).toBeLessThanOrEqual(2);
    } finally {
      await pool.terminate();
    }
  });

  it('a cancelled run gives its buffers back, and the next run is unharmed', async () => {
    const pool = await FilterPool.create({ size: 2 });
    try {
      const big = noiseImage(300, 200, 4);
      const controller = new AbortController();
      const cancelled = pool.apply(big, steps, { stripRows: 2, signal: controller.signal });
      setTimeout(() => controller.abort(), 1);
      await expect(cancelled).rejects.toBeInstanceOf(FilterAbortError);
      const result = await pool.apply(big, steps);
      expect(same(result.image.data, runSerial(big, steps).data)).toBe(true);
      await new Promise((r) => setTimeout(r, 50)); // killed workers' exits settle their strips
      expect(pool.sharedMemory.lent).toBe(0);
      expect(pool.sharedMemory.buffers).toBeLessThanOrEqual(4);
    } finally {
      await pool.terminate();
    }
  });
});

describe('shared images and shared outputs (no copy in, no copy out)', () => {
  const steps = [{ id: 'gaussian-blur', params: { sigma: 1.5 } }];
  let pool: FilterPool;
  beforeAll(async () => {
    pool = await FilterPool.create({ size: 2 });
  });
  afterAll(() => pool.terminate());

  it('a shared image is read in place: no input buffer per run, and the worker sees changes made through the view', async () => {
    const source = noiseImage(45, 31, 11);
    const shared = pool.shareImage({ ...source, label: 'photo' });
    expect(shared.image.label).toBe('photo');
    expect(shared.image.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(same(shared.image.data, source.data)).toBe(true);
    const before = pool.sharedMemory;
    let lentDuringRun = 0;
    const stop = pool.onTask(() => {
      lentDuringRun = Math.max(lentDuringRun, pool.sharedMemory.lent);
    });
    const first = await pool.apply(shared.image, steps, { stripRows: 4 });
    expect(same(first.image.data, runSerial(source, steps).data)).toBe(true);
    // The shared image and one output: a copied input would have been a third buffer.
    expect(lentDuringRun).toBe(before.lent + 1);
    // A change written through the caller's view is what the next run filters.
    shared.image.data.fill(200, 0, 45 * 4 * 3);
    const afterWrite = await pool.apply(shared.image, steps, { stripRows: 4 });
    const edited = { ...source, data: Uint8Array.from(shared.image.data) };
    expect(same(afterWrite.image.data, runSerial(edited, steps).data)).toBe(true);
    expect(same(afterWrite.image.data, first.image.data)).toBe(false);
    stop();
    shared.release();
    expect(pool.sharedMemory.lent).toBe(0);
  });

  it('a size alone gives an image to write into, used in place by every transport', async () => {
    const source = noiseImage(9, 14, 5);
    const shared = pool.shareImage({ width: 9, height: 14 });
    shared.image.data.set(source.data);
    for (const transport of TRANSPORTS) {
      const result = await pool.apply(shared.image, steps, { transport, stripRows: 3 });
      expect(same(result.image.data, runSerial(source, steps).data), transport).toBe(true);
    }
    shared.release();
    expect(() => pool.shareImage({ width: 0, height: 3 })).toThrow(/width and height/);
    expect(() => pool.shareImage({ data: new Uint8Array(5), width: 2, height: 2 })).toThrow(
      /expected 16 bytes/,
    );
  });

  it("output 'shared': a view of the arena, valid until release, never handed to another run meanwhile", async () => {
    const a = noiseImage(33, 20, 1);
    const b = noiseImage(33, 20, 2);
    const kept = await pool.apply(a, steps, { output: 'shared' });
    expect(kept.output).toBe('shared');
    expect(kept.image.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(pool.sharedMemory.lent).toBe(1);
    const expectedA = runSerial(a, steps).data;
    // Runs while the view is held write elsewhere: the held view keeps its bytes.
    for (const transport of TRANSPORTS) {
      const other = await pool.apply(b, steps, { transport, output: 'shared', stripRows: 5 });
      expect(other.image.data.buffer).not.toBe(kept.image.data.buffer);
      expect(same(other.image.data, runSerial(b, steps).data), transport).toBe(true);
      other.release();
    }
    expect(same(kept.image.data, expectedA)).toBe(true);
    const buffers = pool.sharedMemory.buffers;
    kept.release();
    kept.release(); // idempotent
    expect(pool.sharedMemory.lent).toBe(0);
    // Released buffers are reused: nothing new for the same sizes.
    const allocations = pool.sharedMemory.allocations;
    (await pool.apply(a, steps, { output: 'shared' })).release();
    expect(pool.sharedMemory.allocations).toBe(allocations);
    expect(pool.sharedMemory.buffers).toBe(buffers);
  });

  it('map with shared outputs: one buffer per image, byte-equal to serial; released, all come back', async () => {
    const images = [noiseImage(20, 17, 1), noiseImage(64, 9, 2), noiseImage(1, 1, 3), noiseImage(20, 17, 4)];
    const shared = images.map((image) => pool.shareImage(image));
    const results = await pool.map(
      shared.map((s) => s.image),
      steps,
      { output: 'shared', stripRows: 2 },
    );
    expect(new Set(results.map((r) => r.image.data.buffer)).size).toBe(images.length);
    for (const [i, r] of results.entries()) {
      expect(same(r.image.data, runSerial(images[i], steps).data), `image ${i}`).toBe(true);
      expect(r.timings.reassembleMs).toBe(0);
    }
    expect(pool.sharedMemory.lent).toBe(2 * images.length);
    for (const r of results) r.release();
    for (const s of shared) s.release();
    expect(pool.sharedMemory.lent).toBe(0);
  });

  it('a shared result is read in place by the next run (chaining)', async () => {
    const source = noiseImage(30, 22, 8);
    const first = await pool.apply(source, steps, { output: 'shared' });
    const lent = pool.sharedMemory.lent;
    let lentDuringRun = 0;
    const stop = pool.onTask(() => {
      lentDuringRun = Math.max(lentDuringRun, pool.sharedMemory.lent);
    });
    const second = await pool.apply(first.image, [{ id: 'invert' }]);
    stop();
    expect(lentDuringRun).toBe(lent + 1); // the output only: the input is the first result's buffer
    expect(same(second.image.data, runSerial(runSerial(source, steps), [{ id: 'invert' }]).data)).toBe(true);
    first.release();
    expect(pool.sharedMemory.lent).toBe(0);
  });

  it('released while a run reads it: the run finishes with the right bytes, then the buffer comes back', async () => {
    const source = noiseImage(200, 150, 6);
    const shared = pool.shareImage(source);
    const running = pool.apply(shared.image, steps, { stripRows: 2 });
    shared.release();
    expect(pool.sharedMemory.lent).toBeGreaterThan(0); // still read by the run
    // A run started now gets the buffers the arena has free, never the one still being read.
    const other = noiseImage(200, 150, 7);
    const [result, otherResult] = await Promise.all([running, pool.apply(other, steps, { stripRows: 2 })]);
    expect(same(result.image.data, runSerial(source, steps).data)).toBe(true);
    expect(same(otherResult.image.data, runSerial(other, steps).data)).toBe(true);
    expect(pool.sharedMemory.lent).toBe(0);
  });

  it('a released view is refused; a foreign shared buffer is copied in, never used in place', async () => {
    const source = noiseImage(12, 12, 9);
    const shared = pool.shareImage(source);
    shared.release();
    await expect(pool.apply(shared.image, steps)).rejects.toThrow(/given back/);
    const kept = await pool.apply(source, steps, { output: 'shared' });
    kept.release();
    await expect(pool.apply(kept.image, steps)).rejects.toThrow(/given back/);
    // Another pool's shared image, or any SharedArrayBuffer, is only read: copied into this pool's arena.
    const otherPool = await FilterPool.create({ size: 1 });
    try {
      const elsewhere = otherPool.shareImage(source);
      for (const input of [elsewhere.image, toSharedImage(source)]) {
        const lent = pool.sharedMemory.lent;
        let lentDuringRun = 0;
        const stop = pool.onTask(() => {
          lentDuringRun = Math.max(lentDuringRun, pool.sharedMemory.lent);
        });
        const result = await pool.apply(input, steps);
        stop();
        expect(lentDuringRun).toBe(lent + 2); // an input buffer of its own, and the output
        expect(same(result.image.data, runSerial(source, steps).data)).toBe(true);
      }
      elsewhere.release();
    } finally {
      await otherPool.terminate();
    }
  });

  it('a failed map gives back the shared outputs of the images that did finish', async () => {
    const faulty = await FilterPool.create({
      size: 2,
      faults: ({ label }) => (label === 'bad' ? 'error' : undefined),
    });
    try {
      const images = [
        { ...noiseImage(10, 10, 1), label: 'good' },
        { ...noiseImage(10, 10, 2), label: 'bad' },
      ];
      await expect(faulty.map(images, steps, { output: 'shared' })).rejects.toThrow(/injected error/);
      await new Promise((r) => setTimeout(r, 50));
      expect(faulty.sharedMemory.lent).toBe(0);
    } finally {
      await faulty.terminate();
    }
  });
});

describe('task events', () => {
  it('one event per strip, with ordered times and the right slot', async () => {
    const pool = await FilterPool.create({ size: 2 });
    try {
      const events: TaskEvent[] = [];
      pool.onTask((e) => events.push(e));
      const image = noiseImage(23, 50, 4);
      const result = await pool.apply(image, [{ id: 'invert' }], {
        transport: 'copy',
        stripRows: 8,
        label: 'timeline',
      });
      expect(result.strips).toBe(7);
      expect(events.map((e) => e.stripIndex).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      // Times come from two clocks (main and worker performance.timeOrigin): allow a millisecond of skew.
      const skew = 1;
      for (const e of events) {
        expect(e.label).toBe('timeline');
        expect(e.stripCount).toBe(7);
        expect(e.attempt).toBe(0);
        expect(e.workerId === 0 || e.workerId === 1).toBe(true);
        expect(pool.threadIds).toContain(e.threadId);
        expect(e.queuedAt).toBeLessThanOrEqual(e.dispatchedAt);
        expect(e.dispatchedAt).toBeLessThanOrEqual(e.startedAt + skew);
        expect(e.startedAt).toBeLessThanOrEqual(e.endedAt);
        expect(e.endedAt).toBeLessThanOrEqual(e.receivedAt + skew);
        expect(e.computeMs).toBeGreaterThanOrEqual(0);
        expect(e.computeMs).toBeLessThanOrEqual(e.endedAt - e.startedAt + skew);
        const srcRows = Math.min(50, e.stripIndex * 8 + 8) - e.stripIndex * 8;
        expect(e.bytesIn).toBe(srcRows * 23 * 4); // invert has no halo
        expect(e.bytesOut).toBe(srcRows * 23 * 4);
      }
      const { timings } = result;
      expect(timings.computeMsByWorker).toHaveLength(2);
      expect(timings.busyMsByWorker).toHaveLength(2);
      expect(timings.computeMs).toBeCloseTo(
        timings.computeMsByWorker.reduce((a, b) => a + b, 0),
        6,
      );
      expect(timings.wallMs).toBeGreaterThan(0);
    } finally {
      await pool.terminate();
    }
  });
});

describe('the classic pool API', () => {
  let pool: FilterPool;
  const steps = [{ id: 'gaussian-blur', params: { sigma: 1.5 } }];
  const images = [noiseImage(31, 17, 1), noiseImage(8, 40, 2), noiseImage(1, 1, 3), noiseImage(50, 3, 4)];
  const expected = images.map((image) => runSerial(image, steps).data);
  beforeAll(async () => {
    pool = await FilterPool.create({ size: 2 });
  });
  afterAll(() => pool.terminate());

  it('apply names the image by its path when it has one', async () => {
    const result = await pool.apply({ ...images[0], path: '/photos/a.jpg' }, steps);
    expect(result.label).toBe('/photos/a.jpg');
    expect(same(result.image.data, expected[0])).toBe(true);
  });

  it('applyAsync calls back with the result, and with the error', async () => {
    const result = await new Promise<FilterResult>((resolve, reject) => {
      const handle = pool.applyAsync(images[1], steps, (error, r) =>
        error ? reject(error) : resolve(r as FilterResult),
      );
      expect(handle.ready()).toBe(false);
      expect(handle.successful()).toBeUndefined();
    });
    expect(same(result.image.data, expected[1])).toBe(true);

    const error = await new Promise<Error | null>((resolve) => {
      pool.applyAsync(images[1], [{ id: 'no-such-filter' }], (e) => resolve(e));
    });
    expect(error?.message).toMatch(/no-such-filter/);
  });

  it('map returns results in input order', async () => {
    const results = await pool.map(images, steps);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    results.forEach((r, i) => {
      expect(same(r.image.data, expected[i])).toBe(true);
      expect(r.label).toBe(`image ${i + 1}`);
    });
  });

  it('imap yields in input order, or as images finish', async () => {
    const ordered: FilterResult[] = [];
    for await (const r of pool.imap(images, steps, { window: 3 })) ordered.push(r);
    expect(ordered.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    for (const r of ordered) expect(same(r.image.data, expected[r.index])).toBe(true);

    async function* lazily(): AsyncGenerator<RawImage> {
      for (const image of images) yield image;
    }
    const unordered: FilterResult[] = [];
    for await (const r of pool.imap(lazily(), steps, { ordered: false })) unordered.push(r);
    expect(unordered.map((r) => r.index).sort()).toEqual([0, 1, 2, 3]);
    for (const r of unordered) expect(same(r.image.data, expected[r.index])).toBe(true);
  });

  it('rejects bad input with a message naming the image', async () => {
    const broken = { data: new Uint8Array(10), width: 3, height: 3, path: 'broken.png' };
    await expect(pool.apply(broken, steps)).rejects.toThrow(/broken\.png/);
    await expect(pool.apply(images[0], [{ id: 'gaussian-blur', params: { sigma: -4 } }])).rejects.toThrow(
      /sigma/,
    );
    await expect(pool.apply(images[0], steps, { stripRows: 0, label: 'x.jpg' })).rejects.toThrow(
      /x\.jpg.*stripRows/,
    );
  });
});

describe('the serial baseline', () => {
  it('runs the whole image in a thread of its own and matches runSerial', async () => {
    const baseline = await SerialBaselineThread.start();
    try {
      const image = noiseImage(27, 19, 6);
      for (const { steps } of pipelines) {
        const run = await baseline.run(image, steps);
        expect(run.threadId).toBe(baseline.threadId);
        expect(run.computeMs).toBeGreaterThanOrEqual(0);
        expect(same(run.image.data, runSerial(image, steps).data)).toBe(true);
      }
    } finally {
      await baseline.terminate();
    }
  });
});

describe('failures', () => {
  it('a worker that exits is replaced and its strip retried once', async () => {
    const pool = await FilterPool.create({
      size: 2,
      faults: ({ label, stripIndex, attempt }) =>
        label === 'flaky' && stripIndex === 1 && attempt === 0 ? 'exit' : undefined,
    });
    try {
      const before = pool.threadIds;
      const events: TaskEvent[] = [];
      pool.onTask((e) => events.push(e));
      const image = noiseImage(20, 30, 8);
      const steps = [{ id: 'invert' }];
      const result = await pool.apply(image, steps, { label: 'flaky', stripRows: 10 });
      expect(same(result.image.data, runSerial(image, steps).data)).toBe(true);
      expect(events.find((e) => e.stripIndex === 1)?.attempt).toBe(1);
      await waitFor(() => pool.liveWorkers === 2);
      expect(pool.threadIds.filter((id) => !before.includes(id))).toHaveLength(1);
    } finally {
      await pool.terminate();
    }
  });

  it('a crash retries the strip being computed and requeues the one waiting behind it', async () => {
    // One worker, many strips: the worker always holds a second strip in its queue (prefetch).
    const pool = await FilterPool.create({
      size: 1,
      faults: ({ stripIndex, attempt }) => (stripIndex === 2 && attempt === 0 ? 'exit' : undefined),
    });
    try {
      const events: TaskEvent[] = [];
      pool.onTask((e) => events.push(e));
      const image = noiseImage(9, 40, 5);
      const steps = [{ id: 'gaussian-blur', params: { sigma: 1 } }];
      const result = await pool.apply(image, steps, { stripRows: 5 });
      expect(same(result.image.data, runSerial(image, steps).data)).toBe(true);
      expect(events.map((e) => e.stripIndex).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // Strip 2 is retried. The strip before it may be too: a result the worker posted just before it
      // exited can be lost with the thread, and then that strip still counts as running at the crash.
      const retried = events.filter((e) => e.attempt === 1).map((e) => e.stripIndex);
      expect(retried).toContain(2);
      expect(retried.filter((i) => i !== 2).every((i) => i === 1)).toBe(true);
    } finally {
      await pool.terminate();
    }
  });

  for (const fault of ['exit', 'throw'] as const) {
    it(`a strip that crashes its worker twice (${fault}) fails with an error naming the image`, async () => {
      const pool = await FilterPool.create({
        size: 2,
        faults: ({ label, stripIndex }) => (label === 'doomed.jpg' && stripIndex === 0 ? fault : undefined),
      });
      try {
        const image = noiseImage(10, 10, 1);
        await expect(pool.apply(image, [{ id: 'invert' }], { label: 'doomed.jpg' })).rejects.toThrow(
          /doomed\.jpg.*crashed its worker twice/,
        );
        // The pool heals and goes on working.
        await waitFor(() => pool.liveWorkers === 2);
        const ok = await pool.apply(image, [{ id: 'invert' }], { label: 'fine.jpg' });
        expect(same(ok.image.data, runSerial(image, [{ id: 'invert' }]).data)).toBe(true);
      } finally {
        await pool.terminate();
      }
    });
  }

  it('an error thrown in a worker reaches the caller with its message and stack', async () => {
    const pool = await FilterPool.create({
      size: 1,
      faults: ({ label }) => (label === 'bad' ? 'error' : undefined),
    });
    try {
      const error = await pool
        .apply(noiseImage(4, 4), [{ id: 'invert' }], { label: 'bad' })
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/"bad".*injected error in the filter worker/);
      expect((error as Error).stack).toMatch(/filter\.worker/);
    } finally {
      await pool.terminate();
    }
  });

  it('faults are ignored unless the pool was built for them', async () => {
    // A pool without a FaultPlan spawns its workers with fault injection off: a fault field does nothing.
    const pool = await FilterPool.create({ size: 1 });
    try {
      const image = noiseImage(6, 6);
      const r = await pool.apply(image, [{ id: 'invert' }]);
      expect(same(r.image.data, runSerial(image, [{ id: 'invert' }]).data)).toBe(true);
    } finally {
      await pool.terminate();
    }
  });
});

describe('cancellation and shutdown', () => {
  it('abort stops running and queued work within a second; the pool goes on', async () => {
    const pool = await FilterPool.create({
      size: 1,
      faults: ({ label }) => (label === 'stuck' ? 'hang' : undefined),
    });
    try {
      const image = noiseImage(16, 16);
      const running = new AbortController();
      const queued = new AbortController();
      const stuck = pool.apply(image, [{ id: 'invert' }], {
        label: 'stuck',
        signal: running.signal,
        stripRows: 4,
      });
      const waiting = pool.apply(image, [{ id: 'invert' }], { label: 'waiting', signal: queued.signal });
      const stuckOutcome = stuck.catch((e: Error) => e);
      const waitingOutcome = waiting.catch((e: Error) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));

      let t = performance.now();
      queued.abort();
      expect(await waitingOutcome).toBeInstanceOf(FilterAbortError);
      expect(performance.now() - t).toBeLessThan(1000);

      t = performance.now();
      running.abort();
      const error = await stuckOutcome;
      expect(performance.now() - t).toBeLessThan(1000);
      expect(error).toBeInstanceOf(FilterAbortError);
      expect((error as Error).message).toMatch(/stuck/);

      await waitFor(() => pool.liveWorkers === 1);
      const after = await pool.apply(image, [{ id: 'invert' }], { label: 'after' });
      expect(same(after.image.data, runSerial(image, [{ id: 'invert' }]).data)).toBe(true);

      const already = AbortSignal.abort();
      await expect(pool.apply(image, [{ id: 'invert' }], { signal: already })).rejects.toBeInstanceOf(
        FilterAbortError,
      );
    } finally {
      await pool.terminate();
    }
  });

  it("cancelling a run whose strip only waits behind another run's leaves that other run alone", async () => {
    const pool = await FilterPool.create({
      size: 1,
      faults: ({ label }) => (label === 'stuck' ? 'hang' : undefined),
    });
    try {
      const image = noiseImage(8, 8);
      const first = new AbortController();
      const second = new AbortController();
      // 'stuck' has one strip, so the worker's second slot takes the other run's strip.
      const stuck = pool
        .apply(image, [{ id: 'invert' }], { label: 'stuck', signal: first.signal })
        .catch((e: Error) => e);
      const behind = pool
        .apply(image, [{ id: 'invert' }], { label: 'behind', signal: second.signal, stripRows: 4 })
        .catch((e: Error) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const threadBefore = pool.threadIds[0];
      second.abort();
      expect(await behind).toBeInstanceOf(FilterAbortError);
      expect(pool.threadIds[0]).toBe(threadBefore); // the worker running 'stuck' was not touched
      first.abort();
      expect(await stuck).toBeInstanceOf(FilterAbortError);
      await waitFor(() => pool.liveWorkers === 1 && pool.threadIds[0] !== threadBefore);
    } finally {
      await pool.terminate();
    }
  });

  it('terminate stops every worker and rejects what was pending', async () => {
    // Start libuv's thread pool first (it starts on first use), so that only workers can change the count.
    await stat('.');
    const threadsBefore = osThreadCount();
    const pool = await FilterPool.create({
      size: 2,
      faults: ({ label }) => (label === 'forever' ? 'hang' : undefined),
    });
    expect(pool.liveWorkers).toBe(2);
    const pending = pool
      .apply(noiseImage(8, 8), [{ id: 'invert' }], { label: 'forever' })
      .catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.terminate();
    expect(pool.liveWorkers).toBe(0);
    // Independent of the pool's own bookkeeping: the OS threads are gone too (Linux only).
    if (threadsBefore !== undefined) expect(osThreadCount()).toBeLessThanOrEqual(threadsBefore);
    expect(((await pending) as Error).message).toMatch(/terminated/);
    await expect(pool.apply(noiseImage(2, 2), [{ id: 'invert' }])).rejects.toThrow(/terminated/);
  });
});

/** Threads of this process according to the kernel, where /proc exists. */
function osThreadCount(): number | undefined {
  if (!existsSync('/proc/self/status')) return undefined;
  const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : undefined;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
