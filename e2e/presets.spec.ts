import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { openPanel, screenshotSizes, smallPhotos } from './helpers';

const order = (page: import('@playwright/test').Page) =>
  page.getByTestId('filter-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-filter-id')));

test('named presets: saved as the file the CLI reads, applied and deleted with undo', async ({ app }) => {
  const { page } = app;
  // The fixture's own presets folder (e2e/fixtures.ts), the one `pixelpool batch --preset` would read.
  const presetsDir =
    app.target === 'web' ? join(app.workDir, 'settings', 'presets') : join(app.workDir, 'presets');
  await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 1, 320));
  await openPanel(page, 'edit');
  await expect(page.getByTestId('named-presets')).toContainText('none saved yet');
  await page.getByTestId('pipeline-clear').click();
  for (const id of ['gaussian-blur', 'sepia']) await page.getByTestId(`add-filter-${id}`).click();

  await page.getByTestId('named-preset-new').click();
  await page.getByTestId('named-preset-name').fill('Web/800');
  await expect(page.getByTestId('named-preset-error')).toContainText(
    'the preset name must be a name without /',
  );
  await expect(page.getByTestId('named-preset-save')).toBeDisabled();
  await page.getByTestId('named-preset-name').fill('Web 800');
  await page.getByTestId('named-preset-save').click();
  await expect(page.getByTestId('named-preset')).toHaveText(['Web 800×']);
  const file = JSON.parse(await readFile(join(presetsDir, 'Web 800.json'), 'utf8'));
  expect(file).toMatchObject({
    pixelpool: 1,
    name: 'Web 800',
    filters: [{ id: 'gaussian-blur' }, { id: 'sepia' }],
  });

  // A second one, then apply the first over it; undo brings the second back.
  await page.getByTestId('pipeline-clear').click();
  await page.getByTestId('add-filter-invert').click();
  await page.getByTestId('named-preset-new').click();
  await page.getByTestId('named-preset-name').fill('Negative');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('named-preset')).toHaveText(['Negative×', 'Web 800×']);
  await page.getByRole('button', { name: 'Web 800', exact: true }).click();
  await expect.poll(() => order(page)).toEqual(['gaussian-blur', 'sepia']);
  await page.getByTestId('undo').click();
  await expect.poll(() => order(page)).toEqual(['invert']);

  await screenshotSizes(page, 'presets', app.target);

  // Delete, then undo: the file comes back.
  await page.getByRole('button', { name: 'Delete the preset Negative' }).click();
  await expect(page.getByTestId('named-preset')).toHaveText(['Web 800×']);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('named-preset')).toHaveText(['Negative×', 'Web 800×']);
  expect(JSON.parse(await readFile(join(presetsDir, 'Negative.json'), 'utf8')).filters).toEqual([
    { id: 'invert', params: {}, enabled: true },
  ]);
});
