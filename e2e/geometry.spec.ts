import { join } from 'node:path';
import { expect, test } from './fixtures';
import { openPanel, screenshotSizes, smallPhotos } from './helpers';

test('geometry steps: a choice is a select from the catalogue, and the preview shows the new size', async ({
  app,
}) => {
  const { page } = app;
  await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 1, 640));
  await expect(page.getByTestId('thumbnail')).toHaveCount(1);

  await openPanel(page, 'edit');
  await page.getByTestId('pipeline-clear').click();
  await expect(page.getByText('Size & orientation')).toBeVisible();
  await page.getByTestId('add-filter-resize').click();
  const card = page.getByTestId('filter-card');
  await expect(card).toHaveCount(1);

  // The default resize has neither side: the service refuses it with the rule, before any pixel.
  await expect(page.getByTestId('filter-error')).toContainText('resize needs a width or a height');
  await card.getByTestId('param-width').getByRole('spinbutton').fill('300');
  await card.getByTestId('param-height').getByRole('spinbutton').fill('300');
  await card.getByTestId('param-fit').getByRole('combobox').selectOption('cover');
  await expect(page.getByTestId('filter-error')).toHaveCount(0);
  await expect(page.getByTestId('preview-time')).toContainText('300×300 at full size');
  await expect(page.getByTestId('preview-geometry')).toContainText('→ 300×300');

  // A rotate after a filter: 640 wide, the sample photo's ratio, turned a quarter.
  await page.getByTestId('add-filter-invert').click();
  await page.getByTestId('add-filter-rotate').click();
  await page
    .getByTestId('filter-card')
    .nth(0)
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(page.getByTestId('filter-card')).toHaveCount(2);
  await expect(page.getByTestId('preview-time')).toContainText('400×640 at full size');
  await page
    .getByTestId('filter-card')
    .nth(1)
    .getByTestId('param-angle')
    .getByRole('combobox')
    .selectOption('180');
  await expect(page.getByTestId('preview-time')).toContainText('640×400 at full size');
  // Same size again: before and after are compared with the split.
  await expect(page.getByTestId('preview-split')).toBeVisible();

  await page.getByTestId('add-filter-crop').click();
  await page
    .getByTestId('filter-card')
    .nth(2)
    .getByTestId('param-aspect')
    .getByRole('combobox')
    .selectOption('1/1');
  await expect(page.getByTestId('preview-time')).toContainText('400×400 at full size');
  await expect(page.getByTestId('preview-split')).toHaveCount(0);

  await screenshotSizes(page, 'geometry', app.target);
});
