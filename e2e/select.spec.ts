import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { type App, expect, test } from './fixtures';
import { openPanel, screenshotPanel, smallPhotos } from './helpers';

/** The names of the checked thumbnails, in list order. */
const checkedNames = (page: Page) =>
  page
    .getByTestId('thumbnail')
    .evaluateAll((cards) =>
      cards
        .filter((c) => c.getAttribute('data-checked') === 'true')
        .map((c) => c.getAttribute('data-image-name')),
    );

async function screenshots(app: App, name: string): Promise<void> {
  for (const [width, height] of [
    [800, 600],
    [1920, 1080],
  ] as const) {
    await app.page.setViewportSize({ width, height });
    await screenshotPanel(app.page, `${name}-${width}`, app.target);
  }
  await app.page.setViewportSize({ width: 1280, height: 860 });
}

test.describe('select', () => {
  test('a file added twice is listed once, and a batch of 2 selected of 3 writes exactly those 2', async ({
    app,
  }) => {
    const { page } = app;
    const photos = await smallPhotos(join(app.workDir, 'in'), 3, 480);
    await app.addFiles(photos);
    const thumbs = page.getByTestId('thumbnail');
    await expect(thumbs).toHaveCount(3);

    // The same file again: in a browser the same bytes uploaded again, in Electron the same path.
    await app.addFiles([photos[0]]);
    const summary = page.getByTestId('images-summary');
    await expect(summary).toHaveText('No image added. colorful-cups.jpg is already in the list.');
    // Another photo again, and a byte-for-byte copy of the third from another folder.
    await mkdir(join(app.workDir, 'copies'));
    const copy = join(app.workDir, 'copies', 'leaf-copy.jpg');
    await copyFile(photos[2], copy);
    await app.addFiles([photos[1], copy]);
    await expect(summary).toHaveText('No image added. 2 files were already in the list.');
    await expect(thumbs).toHaveCount(3);

    // Two of three: a click, then a shift-click, which takes the range between.
    const boxes = page.getByTestId('thumbnail-check');
    await expect(page.getByTestId('images-checked')).toHaveText(
      'None selected: a batch processes all 3 images.',
    );
    await boxes.nth(0).check();
    await boxes.nth(1).click({ modifiers: ['Shift'] });
    expect(await checkedNames(page)).toEqual(['colorful-cups.jpg', 'evening-glow-boats.jpg']);
    await expect(page.getByTestId('images-checked')).toHaveText('2 of 3 images selected for the batch.');
    await expect(page.getByRole('checkbox', { name: 'Select fallen-leaf.jpg' })).not.toBeChecked();
    await screenshots(app, 'select-images');

    const outDir = join(app.workDir, 'out');
    await openPanel(page, 'batch');
    await expect(page.getByTestId('batch-scope')).toHaveText('Process 2 of 3 images (the selected ones).');
    await expect(page.getByTestId('batch-scope-selected')).toBeChecked();
    await page.getByTestId('batch-outdir').fill(outDir);
    await screenshots(app, 'select-batch');
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('Done: 2 written', { timeout: 60_000 });
    await expect(page.getByTestId('batch-file')).toHaveCount(2);
    expect((await readdir(outDir)).sort()).toEqual([
      'colorful-cups-edited.jpg',
      'evening-glow-boats-edited.jpg',
    ]);
  });

  test('select all and none, all instead of the selection, and removing the selected ones with undo', async ({
    app,
  }) => {
    const { page } = app;
    await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 3, 320));
    const thumbs = page.getByTestId('thumbnail');
    await expect(thumbs).toHaveCount(3);

    await page.getByTestId('select-all').click();
    await expect(page.getByTestId('images-checked')).toHaveText('3 of 3 images selected for the batch.');
    await expect(page.getByTestId('select-all')).toBeDisabled();
    await page.getByTestId('select-none').click();
    expect(await checkedNames(page)).toEqual([]);

    // The keyboard: each checkbox is a real one, named by its image; Shift+Space takes a range.
    const box = (name: string) => page.getByRole('checkbox', { name: `Select ${name}` });
    await box('colorful-cups.jpg').focus();
    await page.keyboard.press('Space');
    await expect(box('colorful-cups.jpg')).toBeChecked();
    await box('fallen-leaf.jpg').focus();
    await page.keyboard.press('Shift+Space');
    expect(await checkedNames(page)).toEqual([
      'colorful-cups.jpg',
      'evening-glow-boats.jpg',
      'fallen-leaf.jpg',
    ]);
    await box('evening-glow-boats.jpg').uncheck();
    expect(await checkedNames(page)).toEqual(['colorful-cups.jpg', 'fallen-leaf.jpg']);

    await openPanel(page, 'batch');
    await expect(page.getByTestId('batch-scope')).toHaveText('Process 2 of 3 images (the selected ones).');
    await page.getByTestId('batch-scope-all').check();
    await expect(page.getByTestId('batch-scope')).toHaveText('Process all 3 images (2 selected).');

    await openPanel(page, 'images');
    await page.getByTestId('remove-selected').click();
    await expect(thumbs).toHaveCount(1);
    await expect(page.getByTestId('images-checked')).toHaveText(
      'None selected: a batch processes the one image.',
    );
    await expect(page.getByTestId('undo-toast')).toContainText('Removed 2 images');
    await page.getByTestId('undo').click();
    await expect(thumbs).toHaveCount(3);
    // Back as they were: checked.
    await expect.poll(() => checkedNames(page)).toEqual(['colorful-cups.jpg', 'fallen-leaf.jpg']);
  });
});
