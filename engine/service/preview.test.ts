import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../images/test-fixtures';
import { imageCostBytes, MemoryBudget } from '../memory/budget';
import { FilterPool } from '../pool/index';
import { MediaStore } from './media-store';
import { PreviewRenderer } from './preview';

let dir: string;
let pool: FilterPool;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-preview-'));
  pool = await FilterPool.create({ size: 1 });
});
afterAll(async () => {
  await pool.terminate();
  await rm(dir, { recursive: true, force: true });
});

describe('PreviewRenderer and the memory budget', () => {
  it('runs previews one at a time when the budget holds one, and gives every byte back', async () => {
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      paths.push(join(dir, `p${i}.png`));
      await writePhoto(paths[i], { format: 'png', width: 200, height: 100 });
    }
    // The previews are 64x32: the budget fits exactly one of them.
    const memory = new MemoryBudget(imageCostBytes(64, 32));
    const renderer = new PreviewRenderer(new MediaStore(64 * 1024 * 1024), async () => pool, memory);
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, memory.usedBytes);
    }, 1);
    const results = await Promise.all(
      paths.map((path, i) => renderer.render(`img${i}`, path, [{ id: 'invert' }], 1, 64)),
    );
    clearInterval(watch);
    expect(results.map((r) => [r.width, r.height])).toEqual(paths.map(() => [64, 32]));
    expect(most).toBeLessThanOrEqual(memory.totalBytes);
    expect(memory.usedBytes).toBe(0);
  });
});
