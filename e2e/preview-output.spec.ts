import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { type App, expect, PHOTOS, test } from './fixtures';
import { openPanel } from './helpers';

const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

/** One full-size sample photo (2560x1600) in the test's folder. */
async function samplePhoto(app: App): Promise<string> {
  const dir = join(app.workDir, 'in');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'forest-path.jpg');
  await copyFile(join(PHOTOS, 'forest-path.jpg'), path);
  return path;
}

/** The batch's output settings, which the preview encodes with. */
async function chooseOutput(page: Page, outDir: string, format: string): Promise<void> {
  await openPanel(page, 'batch');
  await page.getByTestId('batch-outdir').fill(outDir);
  await page.getByTestId('batch-format').selectOption(format);
}

/** pixelate size 24 then gaussian-blur: both read neighbours, so a downscaled preview would differ. */
async function neighbourhoodPipeline(page: Page): Promise<void> {
  await openPanel(page, 'edit');
  await page.getByTestId('pipeline-clear').click();
  await page.getByTestId('add-filter-pixelate').click();
  await page
    .getByTestId('filter-card')
    .first()
    .getByTestId('param-size')
    .locator('input[type=number]')
    .fill('24');
  await page.getByTestId('add-filter-gaussian-blur').click();
  await expect(page.getByTestId('filter-card')).toHaveCount(2);
}

/** The bytes of a media URL the page shows (its src), fetched as the browser does. */
async function mediaBytes(page: Page, src: string): Promise<Buffer> {
  const response = await page.request.get(new URL(src, page.url()).href);
  expect(response.ok()).toBe(true);
  return response.body();
}

const rgba = (bytes: Buffer | string) =>
  sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });

test.describe('the preview is the output', () => {
  test.beforeEach(({ app }) => {
    test.skip(
      app.target === 'electron',
      'reads media over HTTP: the web host serves them, Electron by its protocol',
    );
  });

  test('the 1:1 preview pixels equal the written PNG byte for byte', async ({ app }) => {
    const { page } = app;
    const photo = await samplePhoto(app);
    await app.addFiles([photo]);
    await expect(page.getByTestId('thumbnail')).toHaveCount(1);
    const outDir = join(app.workDir, 'out');
    await chooseOutput(page, outDir, 'png');
    await neighbourhoodPipeline(page);

    // The preview answers with the encoded output's real size, as PNG (quality does not apply).
    await expect(page.getByTestId('preview-encoded-size')).toContainText(/^PNG: /, { timeout: 60_000 });
    await expect(page.getByTestId('preview-time')).toContainText('2560×1600 at full size');
    await page.getByTestId('preview-actual').click();
    await expect(page.getByTestId('preview-zoom')).toHaveText('100%');
    const src = await page.getByTestId('preview-after').getAttribute('src');
    expect(src).toBeTruthy();
    const preview = await rgba(await mediaBytes(page, src as string));

    await openPanel(page, 'batch');
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('Done: 1 written', { timeout: 90_000 });
    const [written] = await readdir(outDir);
    const file = await rgba(join(outDir, written));

    expect([preview.info.width, preview.info.height]).toEqual([2560, 1600]);
    expect([file.info.width, file.info.height]).toEqual([preview.info.width, preview.info.height]);
    expect(Buffer.compare(preview.data, file.data)).toBe(0);
    // And it is not the input: the filters ran.
    const input = await rgba(photo);
    expect(Buffer.compare(preview.data, input.data)).not.toBe(0);
  });

  test('screenshots: fitted, 1:1, split and as encoded, light and dark, small and large', async ({ app }) => {
    const { page } = app;
    await app.addFiles([await samplePhoto(app)]);
    await expect(page.getByTestId('thumbnail')).toHaveCount(1);
    await chooseOutput(page, join(app.workDir, 'out'), 'jpeg');
    await neighbourhoodPipeline(page);
    await expect(page.getByTestId('preview-encoded-size')).toContainText(/^JPEG q\d+: /, { timeout: 60_000 });

    for (const [width, height] of [
      [800, 600],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      const pane = page.getByTestId('preview');
      const shoot = async (state: string) => {
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          await page.mouse.move(0, 0);
          await page.waitForTimeout(300);
          await pane.screenshot({ path: join(SCREENSHOTS, `preview-${state}-${colorScheme}-${width}.png`) });
        }
      };
      await page.getByTestId('preview-fit').click();
      await pane.scrollIntoViewIfNeeded();
      await shoot('fitted');
      await page.getByTestId('preview-actual').click();
      await shoot('actual');
      // Split moved left, zoomed in on a corner, keys only: + and the arrows.
      const viewport = page.getByTestId('preview-viewport');
      await page.getByTestId('preview-split').focus();
      await page.keyboard.press('PageDown');
      await viewport.focus();
      await page.keyboard.press('+');
      await page.keyboard.press('ArrowRight');
      await shoot('split');
      await page.getByTestId('preview-as-encoded').check();
      await expect(page.getByTestId('preview-after')).toHaveAttribute('alt', /^As encoded/);
      await shoot('encoded');
      await page.getByTestId('preview-as-encoded').uncheck();
    }
    await page.emulateMedia({ colorScheme: null });
  });
});
