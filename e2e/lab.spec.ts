import { expect, test } from './fixtures';
import { screenshotPanel, smallestChartText } from './helpers';

const VARIANTS = ['unsynchronised', 'atomic', 'lock', 'private'];

test('the lab races on a sample photo and shows the four variants with their lost counts', async ({
  app,
}) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  const panel = page.getByTestId('panel-lab');
  await expect(panel).toBeVisible();

  // An empty library: the race runs on a sample photo; workers default to the cores, runs to 5.
  await expect(page.getByTestId('lab-image')).toContainText('a sample photo');
  await expect(page.getByTestId('lab-workers')).toHaveValue(/^\d+$/);
  expect(Number(await page.getByTestId('lab-workers').inputValue())).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('lab-runs')).toHaveValue('5');

  // A field out of range says so and the race cannot start.
  await page.getByTestId('lab-runs').fill('101');
  await expect(page.getByTestId('lab-run')).toBeDisabled();
  await expect(panel).toContainText('Runs must be a whole number from 1 to 100.');
  await page.getByTestId('lab-runs').fill('5');

  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-progress')).toBeVisible();
  const result = page.getByTestId('lab-race-result');
  await expect(result).toBeVisible({ timeout: 80_000 });

  await expect(page.getByTestId('lab-race-expected')).toContainText('exact total');
  await expect(page.getByTestId('lab-race-expected')).toContainText('a sample photo');
  const rows = page.getByTestId('lab-race-row');
  await expect(rows).toHaveCount(4);
  for (const [i, name] of VARIANTS.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-variant', name);
    // Five runs, five lost counts (numbers, whatever the race did on this machine).
    const lost = ((await rows.nth(i).getByTestId('lab-race-lost').textContent()) ?? '').split('·');
    expect(lost).toHaveLength(5);
    for (const n of lost) expect(n.trim()).toMatch(/^\d[\d\u202f]*$/);
  }
  // Every synchronised variant got every bin right.
  for (const name of ['atomic', 'lock', 'private']) {
    await expect(page.locator(`[data-testid="lab-race-row"][data-variant="${name}"]`)).toHaveAttribute(
      'data-exact',
      'true',
    );
  }
  await expect(page.getByTestId('lab-race-findings')).toContainText('multiprocessing.Array(lock=False)');
  await expect(page.getByTestId('lab-race-findings')).toContainText('with arr.get_lock():');
  await expect(page.getByTestId('lab-chart-ms').locator('svg .recharts-bar-rectangle')).toHaveCount(4);
  await expect(page.getByTestId('lab-chart-lost')).toContainText('Counts lost per variant');

  await screenshotPanel(page, 'lab-race', app.target);
  await page.setViewportSize({ width: 800, height: 600 });
  // Readable in a small window: no chart text drawn under 10 px (helpers.ts, smallestChartText).
  await expect.poll(async () => (await smallestChartText(page)).px).toBeGreaterThanOrEqual(10);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: `${__dirname}/screenshots/lab-race-800${app.target === 'electron' ? '-electron' : ''}.png`,
    fullPage: true,
  });
  expect(app.errors).toEqual([]);
});

test('a race can be cancelled', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('tab-lab').click();
  await page.getByTestId('lab-runs').fill('100');
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-cancel')).toBeVisible();
  await page.getByTestId('lab-cancel').click();
  await expect(page.getByTestId('panel-lab')).toContainText('Cancelled: nothing was kept.');
  await expect(page.getByTestId('lab-race-result')).toHaveCount(0);
  await expect(page.getByTestId('lab-run')).toBeEnabled();
});
