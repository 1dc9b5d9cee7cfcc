import { expect, test } from './fixtures';
import { screenshotPanel } from './helpers';

test('the cores experiment times pools of 1 to twice the cores and says where it stopped helping', async ({
  app,
}) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-cores').click();
  const card = page.getByTestId('lab-cores');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('lab-image')).toContainText('the sample photos');

  await page.getByTestId('lab-max-workers').fill('0');
  await expect(page.getByTestId('lab-run')).toBeDisabled();
  await expect(card).toContainText('The largest pool must be a whole number from 1 to 16.');
  await page.getByTestId('lab-max-workers').fill('3');
  await page.getByTestId('lab-runs').fill('2');

  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-progress')).toBeVisible();
  const result = page.getByTestId('lab-cores-result');
  await expect(result).toBeVisible({ timeout: 80_000 });

  const rows = page.getByTestId('lab-cores-row');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await expect(rows.nth(i)).toHaveAttribute('data-workers', String(i + 1));
    await expect(rows.nth(i).getByTestId('lab-cores-mps')).toHaveText(/^\d+\.\d$/);
  }
  // One row says it stopped helping, and the stat names the same count
  const stop = await page.getByTestId('lab-cores-stop').locator('.stat__value').textContent();
  // (or, where even the largest pool was best, that it still helped).
  await expect(page.locator(`[data-testid="lab-cores-row"][data-workers="${stop}"]`)).toContainText(
    /stopped helping|still helping/,
  );
  await expect(page.getByTestId('lab-cores-findings')).toContainText('Pool(processes=os.cpu_count())');
  await expect(page.getByTestId('lab-cores-chart')).toContainText('cores');

  await screenshotPanel(page, 'lab-cores', app.target);
  expect(app.errors).toEqual([]);
});

test('the cores experiment can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-cores').click();
  await page.getByTestId('lab-runs').fill('100');
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-cancel')).toBeVisible();
  await expect(page.getByTestId('lab-progress')).toContainText('workers');
  await page.getByTestId('lab-cancel').click();
  await expect(page.getByTestId('panel-lab')).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-cores-result')).toHaveCount(0);
  await expect(page.getByTestId('lab-run')).toBeEnabled();
});
