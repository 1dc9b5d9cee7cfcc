import { expect, test } from './fixtures';
import { screenshotPanel } from './helpers';

test('the queue experiment runs each capacity on the sample photos: depths, memory, throughput, the sentinel', async ({
  app,
}) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-queue').click();
  const card = page.getByTestId('lab-queue');
  await expect(card).toBeVisible();

  await expect(card.getByTestId('lab-image')).toContainText('the sample photos');
  await expect(card.getByTestId('lab-queue-pipeline')).toContainText('median:radius=4');
  await expect(card.getByTestId('lab-capacities')).toHaveValue('1, 4, 0');

  await card.getByTestId('lab-capacities').fill('1, x');
  await expect(card.getByTestId('lab-run')).toBeDisabled();
  await expect(card).toContainText('Capacities must be 1 to 6 different whole numbers');
  await card.getByTestId('lab-capacities').fill('1, 4, 0');

  await card.getByTestId('lab-run').click();
  const result = page.getByTestId('lab-queue-result');
  await expect(result).toBeVisible({ timeout: 80_000 });

  const rows = page.getByTestId('lab-queue-row');
  await expect(rows).toHaveCount(3);
  for (const [i, capacity] of [1, 4, 0].entries()) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute('data-capacity', String(capacity));
    await expect(row).toContainText('DONE');
    const peak = Number(await row.getByTestId('lab-queue-peak').textContent());
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(4);
    // A bounded queue never held more than its capacity.
    const [decoded, filtered] = ((await row.getByTestId('lab-queue-max-depth').textContent()) ?? '')
      .split('/')
      .map((n) => Number(n.trim()));
    if (capacity > 0) expect(Math.max(decoded, filtered)).toBeLessThanOrEqual(capacity);
  }
  await expect(page.getByTestId('lab-queue-sentinel')).toContainText('3 of 3');
  await expect(page.getByTestId('lab-queue-depth')).toHaveCount(3);
  await expect(page.getByTestId('lab-queue-depth').first().locator('svg .recharts-line')).toHaveCount(2);
  await expect(page.getByTestId('lab-queue-memory').locator('svg .recharts-bar-rectangle')).toHaveCount(3);
  await expect(page.getByTestId('lab-queue-throughput').locator('svg .recharts-bar-rectangle')).toHaveCount(
    3,
  );
  await expect(page.getByTestId('lab-queue-findings')).toContainText('queue.Queue(maxsize)');
  await expect(page.getByTestId('lab-queue-findings')).toContainText('DONE sentinel');

  await screenshotPanel(page, 'lab-queue', app.target);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: `${__dirname}/screenshots/lab-queue-800${app.target === 'electron' ? '-electron' : ''}.png`,
    fullPage: true,
  });
  expect(app.errors).toEqual([]);
});

test('the queue experiment can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-queue').click();
  const card = page.getByTestId('lab-queue');
  await card.getByTestId('lab-capacities').fill('1, 2, 3, 4, 5, 0');
  await card.getByTestId('lab-run').click();
  await expect(card.getByTestId('lab-cancel')).toBeVisible();
  await card.getByTestId('lab-cancel').click();
  await expect(card).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-queue-result')).toHaveCount(0);
  await expect(card.getByTestId('lab-run')).toBeEnabled();
});
