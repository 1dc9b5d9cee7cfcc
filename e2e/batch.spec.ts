import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { TAGGED, writeTaggedPhoto } from '../engine/images/test-fixtures';
import {
  DEFAULT_KERNELS,
  DEFAULT_SCHEDULE,
  KERNEL_CHOICES,
  KERNEL_INFO,
  SCHEDULE_INFO,
} from '../shared/kernels';
import { type App, expect, test } from './fixtures';
import { openPanel, screenshotPanel, screenshotSizes, smallPhotos } from './helpers';

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

  test('by default each file keeps its format: a transparent PNG stays a transparent PNG, a JPEG a JPEG', async ({
    app,
  }) => {
    const { page } = app;
    const [photo] = await smallPhotos(join(app.workDir, 'in'), 1, 320);
    const logo = join(app.workDir, 'in', 'logo.png');
    await sharp({
      create: { width: 64, height: 48, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } },
    })
      .png()
      .toFile(logo);
    await app.addFiles([photo as string, logo]);
    await expect(page.getByTestId('thumbnail')).toHaveCount(2);

    const outDir = join(app.workDir, 'out-same');
    await openPanel(page, 'batch');
    await expect(page.getByTestId('batch-format')).toHaveValue('same');
    await expect(page.getByTestId('batch-quality')).toHaveValue('80');
    // Metadata kept by default; the GPS choice only means something while keeping.
    await expect(page.getByTestId('batch-metadata')).toHaveValue('keep');
    await page.getByTestId('batch-metadata').selectOption('strip');
    await expect(page.getByTestId('batch-strip-gps')).toBeDisabled();
    await expect(page.getByTestId('batch-metadata-hint')).toContainText('Nothing but the pixels');
    await page.getByTestId('batch-metadata').selectOption('keep');
    await expect(page.getByTestId('batch-strip-gps')).toBeEnabled();
    await screenshotSizes(page, 'batch-output', app.target);
    await page.getByTestId('batch-outdir').fill(outDir);
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('Done: 2 written', { timeout: 60_000 });

    const written = (await readdir(outDir)).sort();
    expect(written).toHaveLength(2);
    const png = written.find((n) => n.startsWith('logo-'));
    const jpeg = written.find((n) => !n.startsWith('logo-'));
    expect(png).toBe('logo-edited.png');
    expect(jpeg).toMatch(/-edited\.jpg$/);
    const pngMeta = await sharp(join(outDir, png as string)).metadata();
    expect([pngMeta.format, pngMeta.hasAlpha]).toEqual(['png', true]);
    expect((await sharp(join(outDir, jpeg as string)).metadata()).format).toBe('jpeg');
  });

  test('the metadata choice reaches the files: Keep keeps EXIF, Strip leaves none; folders cannot be kept on the web', async ({
    app,
  }) => {
    const { page } = app;
    const photo = join(app.workDir, 'in', 'camera.jpg');
    await mkdir(join(app.workDir, 'in'), { recursive: true });
    await writeTaggedPhoto(photo, { width: 90, height: 60 });
    await app.addFiles([photo]);
    await expect(page.getByTestId('thumbnail')).toHaveCount(1);
    await openPanel(page, 'batch');
    if (app.target === 'web') await expect(page.getByTestId('batch-keep-folders')).toBeDisabled();

    for (const mode of ['keep', 'strip'] as const) {
      const outDir = join(app.workDir, `out-${mode}`);
      await page.getByTestId('batch-outdir').fill(outDir);
      await page.getByTestId('batch-metadata').selectOption(mode);
      await page.getByTestId('batch-start').click();
      await expect(page.getByTestId('batch-summary')).toContainText('Done: 1 written', { timeout: 60_000 });
      const meta = await sharp(join(outDir, 'camera-edited.jpg')).metadata();
      if (mode === 'keep') {
        expect(exifReader(meta.exif as Buffer).Image?.Artist).toBe(TAGGED.artist);
        expect(meta.density).toBe(TAGGED.density);
      } else {
        expect([meta.exif, meta.xmp, meta.icc]).toEqual([undefined, undefined, undefined]);
      }
    }
  });

  test('runs the kernels chosen, says which ran, and remembers the choice', async ({ app }) => {
    const { page } = app;
    await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 2, 480));
    await expect(page.getByTestId('thumbnail')).toHaveCount(2);

    const outDir = join(app.workDir, 'out');
    await openPanel(page, 'batch');
    const kernels = page.getByTestId('batch-kernels');
    await expect(kernels).toHaveValue(DEFAULT_KERNELS);
    await expect(kernels.locator('option')).toHaveText(KERNEL_CHOICES.map((k) => KERNEL_INFO[k].title));
    await expect(page.getByTestId(`batch-schedule-${DEFAULT_SCHEDULE}`)).toBeChecked();
    await expect(page.getByTestId('batch-schedule-hint')).toHaveText(SCHEDULE_INFO[DEFAULT_SCHEDULE].idea);
    await page.getByTestId('batch-outdir').fill(outDir);
    await page.getByTestId('batch-conflict-overwrite').check();
    await page.getByTestId('batch-start').click();
    const summary = page.getByTestId('batch-summary');
    await expect(summary).toContainText('Done: 2 written', { timeout: 60_000 });
    await expect(page.getByTestId('batch-kernels-ran')).toHaveText('Kernels: WebAssembly SIMD');
    await expect(page.getByTestId('batch-kernels-fallback')).toHaveCount(0);

    // Serial filters one image after another: the schedule stays as chosen but cannot be changed.
    const workers = page.getByTestId('batch-workers');
    const poolSize = await workers.inputValue();
    await workers.selectOption('0');
    await expect(page.getByTestId('batch-schedule-auto')).toBeDisabled();
    await expect(page.getByTestId('batch-schedule-hint')).toContainText('nothing to spread');
    await workers.selectOption(poolSize);

    await kernels.selectOption('js');
    await page.getByTestId('batch-schedule-images').check();
    await expect(page.getByTestId('batch-schedule-hint')).toHaveText(SCHEDULE_INFO.images.idea);
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await screenshotPanel(page, 'batch-speed', app.target);
    await app.page.setViewportSize({ width: 800, height: 600 });
    await screenshotPanel(page, 'batch-speed-800', app.target);
    await app.page.setViewportSize({ width: 1280, height: 800 });

    await page.getByTestId('batch-start').click();
    await expect(summary).toContainText('Done: 2 written', { timeout: 60_000 });
    await expect(page.getByTestId('batch-kernels-ran')).toHaveText('Kernels: JavaScript');
    await expect(page.getByTestId('batch-kernels-fallback')).toHaveCount(0);
    expect((await readdir(outDir)).sort()).toEqual([
      'colorful-cups-edited.jpg',
      'evening-glow-boats-edited.jpg',
    ]);

    // Saved with the other batch settings, so a new window starts from them.
    await page.reload();
    await openPanel(page, 'batch');
    await expect(page.getByTestId('batch-kernels')).toHaveValue('js');
    await expect(page.getByTestId('batch-schedule-images')).toBeChecked();
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
