import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { openPanel, screenshotSizes, smallPhotos } from './helpers';

const order = (page: import('@playwright/test').Page) =>
  page.getByTestId('filter-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-filter-id')));

test('steps reorder by dragging, and Clear and removing a step can be undone', async ({ app }) => {
  const { page } = app;
  await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 1, 320));
  await openPanel(page, 'edit');
  await page.getByTestId('pipeline-clear').click();
  for (const id of ['invert', 'sepia', 'sobel']) await page.getByTestId(`add-filter-${id}`).click();
  await expect.poll(() => order(page)).toEqual(['invert', 'sepia', 'sobel']);

  // Drag the first card's grip below the last card.
  const cards = page.getByTestId('filter-card');
  // Every card on screen: a drag cannot scroll the page here.
  await page.setViewportSize({ width: 1280, height: 1400 });
  await cards.nth(0).scrollIntoViewIfNeeded();
  const last = await cards.nth(2).boundingBox();
  if (!last) throw new Error('no card box');
  // The browser's own drag and drop, as a mouse does it: Playwright drives it in Chromium.
  const grip = cards.nth(0).getByTestId('filter-grip');
  const from = await grip.boundingBox();
  if (!from) throw new Error('no grip box');
  await expect(grip).toHaveAttribute('draggable', 'true');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 3 });
  await expect(cards.nth(0)).toHaveClass(/filter-card--dragging/);
  await page.mouse.move(last.x + last.width / 2, last.y + last.height * 0.9, { steps: 8 });
  await expect(cards.nth(2)).toHaveClass(/filter-card--drop-after/);
  await page.mouse.up();
  await expect.poll(() => order(page)).toEqual(['sepia', 'sobel', 'invert']);
  // The arrows still work.
  await cards.nth(2).getByTestId('filter-up').click();
  await expect.poll(() => order(page)).toEqual(['sepia', 'invert', 'sobel']);

  await cards.nth(1).getByTestId('filter-remove').click();
  await expect(page.getByTestId('undo-toast')).toContainText('Removed step 2, Invert');
  await page.getByTestId('undo').click();
  await expect.poll(() => order(page)).toEqual(['sepia', 'invert', 'sobel']);

  await page.getByTestId('pipeline-clear').click();
  await expect(page.getByTestId('filter-card')).toHaveCount(0);
  await expect(page.getByTestId('undo-toast')).toContainText('Cleared the pipeline (3 steps)');
  await page.keyboard.press('Control+z');
  await expect.poll(() => order(page)).toEqual(['sepia', 'invert', 'sobel']);
  await expect(page.getByTestId('undo-toast')).toHaveCount(0);
});

test('Clear all can be undone; same-named images say what tells them apart; the grid is even', async ({
  app,
}) => {
  const { page } = app;
  const photos = await smallPhotos(join(app.workDir, 'a'), 3, 320);
  // A portrait photo with the first photo's name in another folder (a byte-for-byte copy would be listed once).
  await mkdir(join(app.workDir, 'b'));
  await sharp(photos[0])
    .rotate(90)
    .toFile(join(app.workDir, 'b', 'colorful-cups.jpg'));
  await app.addFiles([...photos, join(app.workDir, 'b', 'colorful-cups.jpg')]);
  const thumbs = page.getByTestId('thumbnail');
  await expect(thumbs).toHaveCount(4);
  const folders = page.getByTestId('thumbnail-folder');
  await expect(folders).toHaveCount(2);
  const hints = await folders.allTextContents();
  expect(hints.every((h) => h.length > 0)).toBe(true);
  expect(new Set(hints).size).toBe(2);

  const heights = await thumbs.evaluateAll((items) =>
    items.map((i) => Math.round(i.getBoundingClientRect().height)),
  );
  expect(new Set(heights).size, `card heights ${heights.join(', ')}`).toBe(1);

  await page.getByTestId('clear-images').click();
  await expect(thumbs).toHaveCount(0);
  await expect(page.getByTestId('undo-toast')).toContainText('Cleared 4 images');
  await screenshotSizes(page, 'undo', app.target);
  await page.getByTestId('undo').click();
  await expect(thumbs).toHaveCount(4);
  await screenshotSizes(page, 'images-clash', app.target);
});
