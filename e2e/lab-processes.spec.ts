import { expect, test } from './fixtures';
import { screenshotPanel } from './helpers';

const FIGURES = ['start', 'memory', 'trip', 'one', 'all', 'speedup'];

test('the processes experiment measures threads against processes on the sample photos', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-processes').click();
  const card = page.getByTestId('lab-processes');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('lab-image')).toContainText('the sample photos');
  await expect(page.getByTestId('lab-pipeline')).toContainText('(default)');

  // A field out of range says so and the run cannot start.
  await page.getByTestId('lab-workers').fill('17');
  await expect(page.getByTestId('lab-run')).toBeDisabled();
  await expect(card).toContainText('Workers must be a whole number from 1 to 16.');
  await page.getByTestId('lab-workers').fill('2');
  await page.getByTestId('lab-runs').fill('2');

  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-progress')).toBeVisible();
  const result = page.getByTestId('lab-processes-result');
  await expect(result).toBeVisible({ timeout: 80_000 });

  const rows = page.getByTestId('lab-procs-row');
  await expect(rows).toHaveCount(FIGURES.length);
  for (const [i, figure] of FIGURES.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-figure', figure);
    // Both kinds measured: a number in each cell (whatever this machine made of it).
    for (const kind of ['threads', 'processes']) {
      const cell = (await rows.nth(i).locator(`td[data-kind="${kind}"]`).textContent()) ?? '';
      expect(cell, `${figure} ${kind}`).toMatch(/^\d+(\.\d+)?×?/);
    }
  }
  await expect(page.getByTestId('lab-procs-findings')).toContainText(
    'multiprocessing.Process over threading.Thread',
  );
  await expect(page.getByTestId('lab-procs-start-factor')).toContainText('start-up, against a thread');
  // The speedup chart has a bar per kind at 1 and at 2 workers.
  await expect(
    page.getByTestId('lab-procs-chart-speedup').locator('svg .recharts-bar-rectangle'),
  ).toHaveCount(4);
  await expect(page.getByTestId('lab-procs-chart-start').locator('svg .recharts-bar-rectangle')).toHaveCount(
    2,
  );

  await screenshotPanel(page, 'lab-processes', app.target);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${__dirname}/screenshots/lab-processes-800.png`, fullPage: true });
  expect(app.errors).toEqual([]);
});

test('the processes experiment can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-processes').click();
  await page.getByTestId('lab-runs').fill('100');
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-cancel')).toBeVisible();
  await expect(page.getByTestId('lab-progress')).toContainText('start-up');
  await page.getByTestId('lab-cancel').click();
  await expect(page.getByTestId('panel-lab')).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-processes-result')).toHaveCount(0);
  await expect(page.getByTestId('lab-run')).toBeEnabled();
});
