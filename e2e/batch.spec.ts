import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { type App, expect, test } from './fixtures';
import { openPanel, screenshotPanel, smallPhotos } from './helpers';

test.describe('batch', () => {
  test('writes every image in the chosen format and size', async ({ app }) => {
    const { page } = app;
    const photos = await smallPhotos(join(app.workDir, 'in'), 3, 720);
    await app.addFiles(photos);
    await expect(page.getByTestId('thumbnail')).toHaveCount(3);

    await openPanel(page, 'edit');
    await page.getByTestId('pipeline-clear').click();
    await page.getByTestId('add-filter-gaussian-blur').click();
    await expect(page.getByTestId('filter-card')).toHaveCount(1);

    const outDir = join(app.workDir, 'out');
    await openPanel(page, 'batch');
    await page.getByTestId('batch-outdir').fill(outDir);
    await page.getByTestId('batch-format').selectOption('webp');
    await page.getByTestId('batch-name').fill('{name}-soft.{ext}');
    await page.getByTestId('batch-start').click();

    await expect(page.getByTestId('batch-summary')).toContainText('Done: 3 written', { timeout: 60_000 });
    await expect(page.getByTestId('batch-file').and(page.locator('[data-state="done"]'))).toHaveCount(3);

    const written = (await readdir(outDir)).sort();
    expect(written).toEqual([
      'colorful-cups-soft.webp',
      'evening-glow-boats-soft.webp',
      'fallen-leaf-soft.webp',
    ]);
    for (const name of written) {
      const meta = await sharp(join(outDir, name)).metadata();
      const source = await sharp(join(app.workDir, 'in', name.replace('-soft.webp', '.jpg'))).metadata();
      expect(meta.format).toBe('webp');
      expect([meta.width, meta.height]).toEqual([source.width, source.height]);
    }
    await screenshotPanel(page, 'batch', app.target);
  });

  test('cancelling a batch leaves no partial files', async ({ app }) => {
    const { page } = app;
    const count = 24;
    const outDir = await startSlowBatch(app, count, 'png');
    // Cancel once the first file is written: the others are queued, decoding, in the pool or encoding.
    const doneFiles = page.getByTestId('batch-file').and(page.locator('[data-state="done"]'));
    await expect(doneFiles.first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('batch-cancel').click();

    await expect(page.getByTestId('batch-summary')).toContainText('Cancelled', { timeout: 30_000 });
    const done = await doneFiles.count();
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(count);
    await expect(
      page.getByTestId('batch-file').and(page.locator('[data-state="cancelled"]')).first(),
    ).toBeVisible();
    const left = await readdir(outDir).catch(() => [] as string[]);
    // Only complete files: as many as were reported written, each a whole readable PNG, no temp names.
    expect(left).toHaveLength(done);
    for (const name of left) {
      expect(name.startsWith('.')).toBe(false);
      const { data, info } = await sharp(join(outDir, name)).raw().toBuffer({ resolveWithObject: true });
      expect(data.length).toBe(info.width * info.height * info.channels);
    }
    await screenshotPanel(page, 'batch-cancelled', app.target);
  });

  test('a reloaded window picks the running batch back up (job state lives in the host)', async ({ app }) => {
    const { page } = app;
    const count = 12;
    const outDir = await startSlowBatch(app, count, 'jpeg');
    await expect(page.getByTestId('batch-cancel')).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('thumbnail')).toHaveCount(count);
    await openPanel(page, 'batch');
    await expect(page.getByTestId('batch-file')).toHaveCount(count);
    await expect(page.getByTestId('batch-summary')).toContainText(`Done: ${count} written`, {
      timeout: 60_000,
    });
    expect((await readdir(outDir)).filter((name) => name.endsWith('.jpg'))).toHaveLength(count);
  });
});

/**
 * Starts a batch with enough work to still be running when the test cancels or reloads, however fast the
 * kernels get: `count` larger images through the slowest filter there is (a wide median), about a quarter
 * second each per core. Returns the output folder.
 */
async function startSlowBatch(app: App, count: number, format: 'png' | 'jpeg'): Promise<string> {
  const { page } = app;
  await app.addFiles(await smallPhotos(join(app.workDir, 'in'), count, 1600));
  await expect(page.getByTestId('thumbnail')).toHaveCount(count);

  await openPanel(page, 'edit');
  await page.getByTestId('pipeline-clear').click();
  await page.getByTestId('add-filter-median').click();
  // The number box applies each valid input as it is typed: no Enter needed.
  await page.getByTestId('param-radius').getByRole('spinbutton').fill('8');

  const outDir = join(app.workDir, 'out');
  await openPanel(page, 'batch');
  await page.getByTestId('batch-outdir').fill(outDir);
  await page.getByTestId('batch-format').selectOption(format);
  await page.getByTestId('batch-start').click();
  return outDir;
}
