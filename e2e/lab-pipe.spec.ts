import { expect, test } from './fixtures';
import { screenshotPanel } from './helpers';

const CHANNELS = ['thread', 'process', 'queue'];

test('the pipe sends a sample photo through a thread pipe, a process pipe and a queue, every byte intact', async ({
  app,
}) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-pipe').click();
  const card = page.getByTestId('lab-pipe');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('lab-image')).toContainText('a sample photo');
  await expect(card.getByTestId('lab-runs')).toHaveValue('5');

  // A field out of range says so and nothing can start.
  await card.getByTestId('lab-workers').fill('0');
  await expect(card.getByTestId('lab-run')).toBeDisabled();
  await expect(card).toContainText('Producers must be a whole number from 1 to 64.');
  await card.getByTestId('lab-workers').fill('2');
  await card.getByTestId('lab-runs').fill('3');

  await card.getByTestId('lab-run').click();
  const result = page.getByTestId('lab-pipe-result');
  await expect(result).toBeVisible({ timeout: 60_000 });

  // A 2560x1600 sample photo: 16.4 MB of pixels, in 64 chunks of 25 rows.
  await expect(page.getByTestId('lab-pipe-payload')).toContainText('16.4 MB');
  await expect(page.getByTestId('lab-pipe-payload')).toContainText('64 chunks of 25 rows');
  await expect(page.getByTestId('lab-pipe-intact')).toContainText('intact');
  await expect(page.getByTestId('lab-pipe-intact')).not.toContainText('NOT');
  const rows = page.getByTestId('lab-pipe-row');
  await expect(rows).toHaveCount(3);
  for (const [i, name] of CHANNELS.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-channel', name);
    await expect(rows.nth(i)).toHaveAttribute('data-intact', 'true');
    // A median and the range of the 3 runs, as numbers (whatever this machine measured).
    await expect(rows.nth(i).getByTestId('lab-pipe-mbs')).toHaveText(/^\d+(\.\d+)?\d+(\.\d+)?–\d+(\.\d+)?$/);
    await expect(rows.nth(i).getByTestId('lab-pipe-rtt')).toHaveText(/^\d+(\.\d+)?\d+(\.\d+)?–\d+(\.\d+)?$/);
  }
  await expect(page.getByTestId('lab-pipe-findings')).toContainText('multiprocessing.Pipe()');
  await expect(page.getByTestId('lab-pipe-findings')).toContainText('multiprocessing.Queue');
  await expect(page.getByTestId('lab-pipe-chart-mb').locator('svg .recharts-bar-rectangle')).toHaveCount(3);
  await expect(page.getByTestId('lab-pipe-chart-rtt').locator('svg .recharts-bar-rectangle')).toHaveCount(3);

  await screenshotPanel(page, 'lab-pipe', app.target);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: `${__dirname}/screenshots/lab-pipe-800${app.target === 'electron' ? '-electron' : ''}.png`,
    fullPage: true,
  });
  expect(app.errors).toEqual([]);
});

test('a pipe run can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-pipe').click();
  const card = page.getByTestId('lab-pipe');
  await card.getByTestId('lab-runs').fill('100');
  await card.getByTestId('lab-run').click();
  await expect(card.getByTestId('lab-cancel')).toBeVisible();
  await card.getByTestId('lab-cancel').click();
  await expect(card).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-pipe-result')).toHaveCount(0);
  await expect(card.getByTestId('lab-run')).toBeEnabled();
});
