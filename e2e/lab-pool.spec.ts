import { expect, test } from './fixtures';
import { screenshotPanel, smallestChartText } from './helpers';

const METHODS = ['apply', 'applyAsync', 'map', 'imap', 'imap_unordered'];

test('the pool experiment times every method on the sample photos and shows the error from a child', async ({
  app,
}) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-pool').click();
  const card = page.getByTestId('lab-pool');
  await expect(card).toBeVisible();

  // An empty library: the sample photos; the CLI's default pipeline, rounds 3.
  await expect(card.getByTestId('lab-image')).toContainText('the sample photos');
  await expect(card.getByTestId('lab-pool-pipeline-default')).toBeChecked();
  await expect(card.getByTestId('lab-pool-pipeline')).toContainText('gaussian-blur:sigma=3');
  await expect(card.getByTestId('lab-rounds')).toHaveValue('3');

  await card.getByTestId('lab-rounds').fill('0');
  await expect(card.getByTestId('lab-run')).toBeDisabled();
  await expect(card).toContainText('Rounds must be a whole number from 1 to 100.');
  await card.getByTestId('lab-rounds').fill('1');

  await card.getByTestId('lab-run').click();
  const result = page.getByTestId('lab-pool-result');
  await expect(result).toBeVisible({ timeout: 80_000 });
  await expect(result).toContainText('Result on 4 photos (sample photos)');

  const rows = page.getByTestId('lab-pool-row');
  await expect(rows).toHaveCount(5);
  for (const [i, name] of METHODS.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-method', name);
    const first = Number(await rows.nth(i).getByTestId('lab-pool-first-ms').textContent());
    expect(first).toBeGreaterThan(0);
  }
  // map hands every result over at once, at its end: its first result is its last (whatever the times).
  const mapRow = page.locator('[data-testid="lab-pool-row"][data-method="map"]');
  expect(await mapRow.getByTestId('lab-pool-first-ms').textContent()).toBe(
    await mapRow.getByTestId('lab-pool-total-ms').textContent(),
  );

  // The timeline: one row of marks per method, on one axis.
  const timeline = page.getByTestId('lab-pool-timeline');
  await expect(timeline.locator('svg .recharts-scatter')).toHaveCount(5);
  await expect(timeline.locator('svg .recharts-scatter-symbol').first()).toBeVisible();

  // The error from the child: the parent's copy of the worker's stack, its frames in the worker's file.
  const error = page.getByTestId('lab-pool-error');
  await expect(error).toContainText('error callback called');
  await expect(error).toContainText('get() re-raised it');
  await expect(page.getByTestId('lab-pool-error-stack')).toContainText(
    'PipelineError: step 1 (gaussian-blur)',
  );
  await expect(
    page.getByTestId('lab-pool-error-stack').locator('.lab-pool__frame--worker').first(),
  ).toContainText('filter.worker.js');
  await expect(page.getByTestId('lab-pool-findings')).toContainText('Pool.apply_async');
  await expect(page.getByTestId('lab-pool-findings')).toContainText('imap delivered its first result at');

  await screenshotPanel(page, 'lab-pool', app.target);
  await page.setViewportSize({ width: 800, height: 600 });
  // Readable in a small window: no chart text drawn under 10 px (helpers.ts, smallestChartText).
  await expect.poll(async () => (await smallestChartText(page)).px).toBeGreaterThanOrEqual(10);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: `${__dirname}/screenshots/lab-pool-800${app.target === 'electron' ? '-electron' : ''}.png`,
    fullPage: true,
  });
  expect(app.errors).toEqual([]);
});

test('the pool experiment can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-pool').click();
  const card = page.getByTestId('lab-pool');
  await card.getByTestId('lab-rounds').fill('100');
  await card.getByTestId('lab-run').click();
  await expect(card.getByTestId('lab-cancel')).toBeVisible();
  await card.getByTestId('lab-cancel').click();
  await expect(card).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-pool-result')).toHaveCount(0);
  await expect(card.getByTestId('lab-run')).toBeEnabled();
});
