import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { POOL_KIND_INFO, POOL_KINDS, PROCESSES_SHARE_NO_MEMORY } from '../shared/pools';
import { expect, test } from './fixtures';
import { chooseBenchmark, openPanel, screenshotPanel, smallPhotos } from './helpers';

test.describe('a pool of processes', () => {
  test('the Batch panel runs a batch on processes, the summary says so, and the files match threads', async ({
    app,
  }) => {
    const { page } = app;
    await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 2, 480));
    await expect(page.getByTestId('thumbnail')).toHaveCount(2);

    await openPanel(page, 'batch');
    const pool = page.getByTestId('batch-pool');
    await expect(pool).toHaveValue('threads');
    await expect(pool.locator('option')).toHaveText(POOL_KINDS.map((k) => POOL_KIND_INFO[k].title));
    await expect(page.getByTestId('batch-pool-hint')).toHaveText(POOL_KIND_INFO.threads.cost);
    await page.getByTestId('batch-format').selectOption('png');
    await page.getByTestId('batch-conflict-overwrite').check();

    // Threads first, as the reference.
    const threadsOut = join(app.workDir, 'threads');
    await page.getByTestId('batch-outdir').fill(threadsOut);
    await page.getByTestId('batch-start').click();
    const summary = page.getByTestId('batch-summary');
    await expect(summary).toContainText('Done: 2 written', { timeout: 60_000 });
    await expect(page.getByTestId('batch-pool-ran')).toHaveText('Workers: Threads');

    await pool.selectOption('processes');
    await expect(page.getByTestId('batch-pool-hint')).toHaveText(POOL_KIND_INFO.processes.cost);
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await screenshotPanel(page, 'batch-processes', app.target);

    const processesOut = join(app.workDir, 'processes');
    await page.getByTestId('batch-outdir').fill(processesOut);
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-pool-ran')).toHaveAttribute('data-pool', 'processes', {
      timeout: 60_000,
    });
    await expect(summary).toContainText('Done: 2 written');
    await expect(page.getByTestId('batch-pool-ran')).toContainText('Workers: Processes');
    await expect(page.getByTestId('batch-gain')).toBeVisible();
    await screenshotPanel(page, 'batch-processes-done', app.target);

    const names = (await readdir(threadsOut)).sort();
    expect(names).toHaveLength(2);
    expect((await readdir(processesOut)).sort()).toEqual(names);
    for (const name of names) {
      const [a, b] = await Promise.all([
        readFile(join(threadsOut, name)),
        readFile(join(processesOut, name)),
      ]);
      expect(a.equals(b), name).toBe(true);
    }

    // Serial uses no pool: the choice is kept but cannot be changed, and the hint says why.
    const workers = page.getByTestId('batch-workers');
    const size = await workers.inputValue();
    await workers.selectOption('0');
    await expect(pool).toBeDisabled();
    await expect(page.getByTestId('batch-pool-hint')).toHaveText('Serial uses no pool.');
    await workers.selectOption(size);

    // Saved with the other batch settings.
    await page.reload();
    await openPanel(page, 'batch');
    await expect(page.getByTestId('batch-pool')).toHaveValue('processes');
  });

  test('the Benchmark panel runs processes on copy only, saying why, and the report names the pool', async ({
    app,
  }) => {
    const { page } = app;
    await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 1, 320));
    await expect(page.getByTestId('thumbnail')).toHaveCount(1);
    await openPanel(page, 'edit');
    await page.getByTestId('pipeline-clear').click();
    await page.getByTestId('add-filter-invert').click();

    await openPanel(page, 'benchmark');
    await chooseBenchmark(page, { workers: [1], transport: 'shared', repeat: 1, scope: 'filter' });
    await page.getByTestId('bench-pool').selectOption('processes');
    await expect(page.getByTestId('bench-pool-idea')).toHaveText(POOL_KIND_INFO.processes.cost);
    // Shared memory is not for processes: copy takes its place, and the others cannot be chosen.
    await expect(page.getByTestId('bench-transport-copy')).toBeChecked();
    for (const t of ['transfer', 'shared']) {
      await expect(page.getByTestId(`bench-transport-${t}`)).toBeDisabled();
      await expect(page.getByTestId(`bench-transport-${t}`)).not.toBeChecked();
    }
    await expect(page.getByTestId('bench-transport-pool-hint')).toHaveText(
      `Processes: Copy only; ${PROCESSES_SHARE_NO_MEMORY}.`,
    );

    await page.getByTestId('benchmark-run').click();
    await expect(page.getByTestId('results-table').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('benchmark-pool')).toHaveAttribute('data-pool', 'processes');
    await expect(page.getByTestId('benchmark-pool')).toContainText('Workers: Processes');
    await screenshotPanel(page, 'benchmark-processes', app.target);

    // Back to threads: the results say they were measured on processes.
    await page.getByTestId('bench-pool').selectOption('threads');
    await expect(page.getByTestId('bench-transport-shared')).toBeEnabled();
    await expect(page.getByTestId('benchmark-stale')).toContainText('workers are processes → threads');
  });
});
