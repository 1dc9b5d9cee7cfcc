/**
 * Fault injection, worker crashes inside a batch. The pool itself is covered by
 * engine/pool/filter-pool.test.ts ("failures": a worker that exits is replaced and its strip retried
 * once, a crash requeues the strip waiting behind it, a strip that crashes its worker twice fails
 * naming the image, an error thrown in a worker keeps its message); not repeated here. Promise
 * checked one level up, through runBatch and the pool's fault plan: an image whose strips keep
 * killing their worker (process.exit or an uncaught exception) fails alone, named, and every other
 * image of the batch is written whole with no temp file; one crash is absorbed and the image written.
 * The hung-worker watchdog is being built separately: no 'hang' fault here.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../engine/batch/index';
import { writePhoto } from '../engine/images/test-fixtures';
import { FilterPool } from '../engine/pool/index';
import { expectWholePngs, hashFolder } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-faults-workers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a batch whose workers crash', () => {
  it('fails only the images that crash their worker twice; the others, a once-crashed one too, are written', async () => {
    const input = join(dir, 'in');
    await mkdir(input);
    const files = ['a.png', 'doomed-exit.png', 'b.png', 'doomed-throw.png', 'flaky.png', 'c.png'];
    for (const name of files) await writePhoto(join(input, name), { format: 'png', width: 96, height: 64 });
    const before = await hashFolder(input);
    const pool = await FilterPool.create({
      size: 2,
      faults: ({ label, stripIndex, attempt }) => {
        const name = basename(label);
        if (name === 'doomed-exit.png' && stripIndex === 0) return 'exit';
        if (name === 'doomed-throw.png' && stripIndex === 0) return 'throw';
        if (name === 'flaky.png' && stripIndex === 0 && attempt === 0) return 'exit';
        return undefined;
      },
    });
    const out = join(dir, 'out');
    try {
      const summary = await runBatch({ inputs: [input], outDir: out, steps: [{ id: 'invert' }], pool });
      expect(summary.failed.map((f) => basename(f.path)).sort()).toEqual([
        'doomed-exit.png',
        'doomed-throw.png',
      ]);
      for (const failure of summary.failed) {
        expect(failure.error).toContain(basename(failure.path));
        expect(failure.error).toMatch(/crashed its worker twice/);
      }
      const written = ['a.png', 'b.png', 'c.png', 'flaky.png'];
      expect(summary.processed).toBe(written.length);
      await expectWholePngs(out, written, { width: 96, height: 64 });
      expect(await hashFolder(input)).toEqual(before);
      expect(pool.liveWorkers).toBeGreaterThan(0); // healed, still usable by the caller
    } finally {
      await pool.terminate();
    }
  }, 120_000);
});
