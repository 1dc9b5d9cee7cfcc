import { join } from 'node:path';
import { expect, test } from './fixtures';
import { brokenFiles, screenshotPanel, smallPhotos, waitForImage } from './helpers';

test.describe('images', () => {
  test('dropped photos show as thumbnails with their size', async ({ app }) => {
    const { page } = app;
    const photos = await smallPhotos(join(app.workDir, 'in'), 3, 960);
    await app.dropFiles(photos);

    const thumbs = page.getByTestId('thumbnail');
    await expect(thumbs).toHaveCount(3);
    for (const name of ['colorful-cups.jpg', 'evening-glow-boats.jpg', 'fallen-leaf.jpg']) {
      await expect(page.getByTestId('thumbnails')).toContainText(name);
    }
    // The thumbnails are real images served by the host (media key -> URL), not broken icons.
    for (const img of await page.getByTestId('thumbnails').locator('img').all()) await waitForImage(img);
    await expect(page.getByTestId('thumbnails')).toContainText('960');
    await expect(page.getByTestId('images-total')).toContainText('3 images');
    await screenshotPanel(page, 'images', app.target);
  });

  test('a corrupt file gets its error while the other files are added', async ({ app }) => {
    const { page } = app;
    const [photo] = await smallPhotos(join(app.workDir, 'in'), 1);
    const broken = await brokenFiles(join(app.workDir, 'broken'));
    await app.dropFiles([broken.truncated, photo, broken.textAsPng]);

    await expect(page.getByTestId('thumbnail')).toHaveCount(1);
    const errors = page.getByTestId('image-error');
    await expect(errors).toHaveCount(2);
    await expect(errors.filter({ hasText: 'truncated.jpg' })).toContainText(
      /truncat|incomplete|corrupt|premature/i,
    );
    await expect(errors.filter({ hasText: 'notes.png' })).toContainText(/not an image|text/i);
    await screenshotPanel(page, 'images-errors', app.target);
  });
});
