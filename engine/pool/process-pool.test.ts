/**
 * The pool of child processes: the thread pool's guarantees with processes under it (process-slot.ts).
 */
import { describe, expect, it } from 'vitest';
import { FilterAbortError } from './errors';
import { FilterPool } from './filter-pool';
import { runSerial } from './serial';
import { noiseImage } from './test-images';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Whether a process with this pid is still there. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a pool of processes', () => {
  it('writes what the serial path writes, for both kernels, any strip height, more workers than strips', async () => {
    const pool = await FilterPool.create({ size: 3, pool: 'processes' });
    try {
      expect([pool.kind, pool.transport]).toEqual(['processes', 'copy']);
      const steps = [{ id: 'gaussian-blur', params: { sigma: 2 } }, { id: 'sobel' }];
      for (const [width, height] of [
        [1, 1],
        [37, 23],
        [5, 2],
      ]) {
        const image = noiseImage(width, height, width + height);
        const expected = runSerial(image, steps).data;
        for (const kernels of ['js', 'wasm'] as const) {
          for (const stripRows of [1, 7, 1000]) {
            const result = await pool.apply(image, steps, { kernels, stripRows });
            expect(same(result.image.data, expected), `${width}x${height} ${kernels} ${stripRows}`).toBe(
              true,
            );
            expect(result.kernels).toBe(kernels);
          }
        }
      }
    } finally {
      await pool.terminate();
    }
  });

  it('refuses a transport that needs shared memory', async () => {
    await expect(FilterPool.create({ size: 1, pool: 'processes', transport: 'shared' })).rejects.toThrow(
      /transport must be "copy" for a pool of processes, got "shared"; processes share no memory/,
    );
  });

  it('a process that exits is replaced and its strip retried once; terminate leaves no process behind', async () => {
    const pool = await FilterPool.create({
      size: 2,
      pool: 'processes',
      faults: ({ stripIndex, attempt }) => (stripIndex === 1 && attempt === 0 ? 'exit' : undefined),
    });
    const pids = new Set(pool.threadIds);
    try {
      const image = noiseImage(20, 30, 8);
      const steps = [{ id: 'invert' }];
      const result = await pool.apply(image, steps, { stripRows: 10 });
      expect(same(result.image.data, runSerial(image, steps).data)).toBe(true);
      await waitFor(() => pool.liveWorkers === 2);
      for (const pid of pool.threadIds) pids.add(pid);
      expect(pids.size).toBe(3);
    } finally {
      await pool.terminate();
    }
    expect([...pids].filter(running)).toEqual([]);
  });

  it('cancels a strip that never returns (its process is killed), and the next run is unharmed', async () => {
    const pool = await FilterPool.create({
      size: 2,
      pool: 'processes',
      faults: ({ label }) => (label === 'stuck' ? 'hang' : undefined),
    });
    try {
      const controller = new AbortController();
      const image = noiseImage(16, 16, 3);
      const stuck = pool.apply(image, [{ id: 'invert' }], { label: 'stuck', signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      // Without the cancel the strip would never settle: the test would time out.
      await expect(stuck).rejects.toBeInstanceOf(FilterAbortError);
      const result = await pool.apply(image, [{ id: 'invert' }]);
      expect(same(result.image.data, runSerial(image, [{ id: 'invert' }]).data)).toBe(true);
    } finally {
      await pool.terminate();
    }
  });
});
