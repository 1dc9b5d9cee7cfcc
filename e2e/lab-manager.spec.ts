import { expect, test } from './fixtures';
import { screenshotPanel } from './helpers';

test('the manager experiment counts updates by message and in shared memory', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-manager').click();
  const card = page.getByTestId('lab-manager');
  await expect(card).toBeVisible();
  // No photo: the manager measures messages alone.
  await expect(page.getByTestId('lab-image')).toHaveCount(0);
  await expect(page.getByTestId('lab-updates')).toHaveValue('100000');

  await page.getByTestId('lab-updates').fill('1000001');
  await expect(page.getByTestId('lab-run')).toBeDisabled();
  await expect(card).toContainText('Updates must be a whole number from 1 to 1000000.');
  await page.getByTestId('lab-updates').fill('20000');
  await page.getByTestId('lab-workers').fill('2');

  await page.getByTestId('lab-run').click();
  const result = page.getByTestId('lab-manager-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const rows = page.getByTestId('lab-manager-row');
  await expect(rows).toHaveCount(2);
  for (const [i, mode] of ['message', 'shared'].entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-mode', mode);
    // Every one of the 2 x 20 000 updates counted, in both modes.
    await expect(rows.nth(i)).toHaveAttribute('data-exact', 'true');
    await expect(rows.nth(i).getByTestId('lab-manager-count')).toHaveText('40\u202f000');
    await expect(rows.nth(i).getByTestId('lab-manager-cost')).toHaveText(/^\d+(\.\d+)? (µs|ns)$/);
  }
  await expect(page.getByTestId('lab-manager-findings')).toContainText('multiprocessing.Manager().Value');
  await expect(page.getByTestId('lab-manager-ratio')).toContainText(/\d×/);
  await expect(page.getByTestId('lab-manager-chart').locator('svg .recharts-bar-rectangle')).toHaveCount(2);

  await screenshotPanel(page, 'lab-manager', app.target);
  expect(app.errors).toEqual([]);
});

test('the manager experiment can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-experiment-manager').click();
  await page.getByTestId('lab-workers').fill('1');
  await page.getByTestId('lab-updates').fill('1000000');
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-cancel')).toBeVisible();
  await page.getByTestId('lab-cancel').click();
  await expect(page.getByTestId('panel-lab')).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-manager-result')).toHaveCount(0);
  await expect(page.getByTestId('lab-run')).toBeEnabled();
});
