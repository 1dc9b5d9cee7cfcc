import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionError } from '../../shared/errors';
import type { PipelineStep } from '../../workers/filters/types';
import { writePhoto } from '../images/test-fixtures';
import { runQueueExperiment } from './queue';

// A filter far slower than decoding these small files, so that an unbounded decoder runs ahead.
const STEPS: PipelineStep[] = [
  { id: 'gaussian-blur', params: { sigma: 12 } },
  { id: 'gaussian-blur', params: { sigma: 12 } },
];

let dir: string;
let files: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-lab-queue-'));
  files = [];
  for (let i = 0; i < 3; i++) {
    const path = join(dir, `photo-${i}.png`);
    await writePhoto(path, { format: 'png', width: 90 + i * 10, height: 70 });
    files.push(path);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runQueueExperiment', () => {
  it('bounds every queue by its capacity, processes each image once and ends on the sentinel', async () => {
    const report = await runQueueExperiment(files, {
      workers: 2,
      steps: STEPS,
      capacities: [1, 2, 0],
      checkMachine: false,
    });
    expect(report.capacities.map((c) => c.capacity)).toEqual([1, 2, 0]);
    expect(report.photos.map((i) => [i.width, i.height])).toEqual([
      [90, 70],
      [100, 70],
      [110, 70],
    ]);
    for (const run of report.capacities) {
      expect(run.endedWithSentinel).toBe(true);
      expect(run.processed.map((p) => p.index).sort()).toEqual([0, 1, 2]);
      expect(run.processed.every((p) => p.encodedBytes > 0)).toBe(true);
      expect(run.megapixelsPerSecond).toBeGreaterThan(0);
      expect(run.peakImagesInMemory).toBeGreaterThanOrEqual(1);
      expect(run.peakImagesInMemory).toBeLessThanOrEqual(3);
      expect(run.peakBytes).toBeGreaterThanOrEqual(90 * 70 * 4);
      for (const key of ['decoded', 'filtered'] as const) {
        expect(run.depths[key].length).toBeGreaterThanOrEqual(2); // at least the start and the end
        for (const [ms, depth] of run.depths[key]) {
          expect(ms).toBeGreaterThanOrEqual(0);
          if (run.capacity > 0) expect(depth).toBeLessThanOrEqual(run.capacity);
        }
        if (run.capacity > 0) expect(run.maxDepths[key]).toBeLessThanOrEqual(run.capacity);
        expect(run.depths[key].at(-1)?.[1]).toBe(0); // drained at the end
      }
    }
    // How many photos a run holds depends on how fast its stages went (a fast filter keeps every queue
    // empty whatever its capacity): only the bound is certain, never an order between the runs.
  });

  it('reports each capacity as it is done, and an abort stops the run in flight', async () => {
    const done: [number, number][] = [];
    await runQueueExperiment(files, {
      workers: 1,
      steps: [{ id: 'invert' }],
      capacities: [1, 0],
      checkMachine: false,
      onCapacity: (n, total) => done.push([n, total]),
    });
    expect(done).toEqual([
      [1, 2],
      [2, 2],
    ]);

    // Aborted while the first capacity's photos are in the queues: no capacity completes.
    const controller = new AbortController();
    const completed: number[] = [];
    const run = runQueueExperiment(files, {
      workers: 1,
      steps: STEPS,
      capacities: [1, 2, 0],
      checkMachine: false,
      signal: controller.signal,
      onCapacity: (n) => completed.push(n),
    });
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 0);
    await expect(run).rejects.toThrow(/cancelled/);
    expect(completed.length).toBeLessThan(3);
  });

  it('refuses a negative capacity as a bad option', async () => {
    await expect(
      runQueueExperiment(files, { workers: 1, steps: STEPS, capacities: [-1], checkMachine: false }),
    ).rejects.toThrow(OptionError);
  });
});
