import { join } from 'node:path';
import { expect, test } from './fixtures';
import { comparePixels, openPanel, screenshotPanel, smallPhotos } from './helpers';

test('building a pipeline changes the preview pixels', async ({ app }) => {
  const { page } = app;
  await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 1, 800));
  await expect(page.getByTestId('thumbnail')).toHaveCount(1);

  await openPanel(page, 'edit');
  await page.getByTestId('pipeline-clear').click();
  await expect(page.getByTestId('filter-card')).toHaveCount(0);
  await page.getByTestId('add-filter-invert').click();
  await expect(page.getByTestId('filter-card')).toHaveCount(1);

  // Invert is exact: every pixel of the preview must be 255 minus the same pixel before.
  const before = page.getByTestId('preview-before');
  const after = page.getByTestId('preview-after');
  await expect(after).toBeVisible();
  await expect
    .poll(async () => (await comparePixels(page, before, after)).invertedShare, { timeout: 20_000 })
    .toBeGreaterThan(0.99);

  // A second filter with a parameter: the preview is redrawn and differs from the input.
  const firstAfter = await after.getAttribute('src');
  await page.getByTestId('add-filter-gaussian-blur').click();
  await expect(page.getByTestId('filter-card')).toHaveCount(2);
  await expect.poll(() => after.getAttribute('src'), { timeout: 20_000 }).not.toBe(firstAfter);
  const blurred = await comparePixels(page, before, after);
  expect(blurred.invertedShare).toBeLessThan(0.9);
  expect(blurred.meanAbsDiff).toBeGreaterThan(20);
  await screenshotPanel(page, 'pipeline', app.target);
});
