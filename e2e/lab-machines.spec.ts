/**
 * The Lab's Machines card (issue 11's machine axis): a real redis-server with a password and two
 * `pixelpool worker` processes (the built CLI) started here; the app runs the same batch on 1 and on 2 of
 * them and draws each host's workers on one timeline. Skipped, saying why, where redis-server is missing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisMissing, startRedis, type TestRedis } from '../engine/distributed/test-redis';
import { expect, ROOT, test } from './fixtures';
import { openPanel, screenshotSizes, smallestChartText, smallPhotos } from './helpers';

const PASSWORD = 'pp-E2e-Machines';
const missing = redisMissing();

test.describe('the machines experiment', () => {
  test.skip(missing !== undefined, missing ?? '');
  let redis: TestRedis | undefined;
  const workers: { child: ChildProcess; log: string }[] = [];

  // Each host on a core of its own where taskset is there, so that two hosts can show what two machines would.
  const pinned = spawnSync('taskset', ['--version']).status === 0;
  const startWorker = (name: string, core: number) =>
    new Promise<void>((resolve, reject) => {
      const command = pinned ? ['taskset', '-c', String(core), process.execPath] : [process.execPath];
      const child = spawn(
        command[0] as string,
        // --jobs 2: with eight photos, the first host to ask would otherwise take seven of them.
        [
          ...command.slice(1),
          join(ROOT, 'out/main/hosts/cli.js'),
          'worker',
          '--redis',
          redis?.url ?? '',
          '--name',
          name,
          '--workers',
          '1',
          '--jobs',
          '2',
          '--roots',
          tmpdir(),
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const worker = { child, log: '' };
      workers.push(worker);
      const onData = (d: Buffer) => {
        worker.log += d;
        if (worker.log.includes('taking jobs from')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', () => reject(new Error(`${name} exited before it was ready:\n${worker.log}`)));
    });

  test.beforeEach(async () => {
    redis = await startRedis({ password: PASSWORD });
    await startWorker('alpha', 0);
    await startWorker('beta', 1);
  });

  test.afterEach(async () => {
    for (const { child } of workers) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
    for (const { log } of workers) expect(log).not.toContain(PASSWORD);
    workers.length = 0;
  });

  test('runs the batch on 1 and 2 worker hosts and draws every host’s workers on one timeline', async ({
    app,
  }) => {
    test.setTimeout(180_000);
    const { page } = app;
    await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 8, 2400));
    await expect(page.getByTestId('thumbnail')).toHaveCount(8);
    await openPanel(page, 'lab');
    await page.getByTestId('lab-experiment-machines').click();
    const card = page.getByTestId('lab-machines');
    await expect(card).toContainText('Enter the Redis URL the worker hosts listen on.');
    await expect(page.getByTestId('lab-run')).toBeDisabled();
    await page.getByTestId('lab-machines-url').fill('http://nope');
    await expect(card).toContainText('must be a redis:// or rediss:// URL');
    await page.getByTestId('lab-machines-url').fill(`redis://127.0.0.1:${redis?.port}`);
    await page.getByTestId('lab-machines-password').fill(PASSWORD);
    await page.getByTestId('lab-machines-out').fill('relative/folder');
    await expect(card).toContainText('must be an absolute path');
    const out = join(app.workDir, 'scratch');
    await page.getByTestId('lab-machines-out').fill(out);
    await page.getByTestId('lab-machines-counts').fill('1,3,x');
    await expect(card).toContainText('Host counts must be whole numbers');
    await page.getByTestId('lab-machines-counts').fill('1,2');
    await page.getByTestId('lab-runs').fill('2');
    await expect(page.getByTestId('lab-run')).toBeEnabled();

    await page.getByTestId('lab-run').click();
    const result = page.getByTestId('lab-machines-result');
    await expect(result).toBeVisible({ timeout: 150_000 });
    const rows = page.getByTestId('lab-machines-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('reference');
    await expect(rows.nth(1).getByTestId('lab-machines-row-speedup')).toHaveText(
      /^\d\.\d\d× \[\d\.\d\d–\d\.\d\d\]$/,
    );
    // The 2-host run's timeline: each host's heading, then its worker's lane, in name order.
    await expect(page.getByTestId('lab-machines-host')).toHaveText([
      /^alpha: \d photos?, 1 worker thread$/,
      /^beta: \d photos?, 1 worker thread$/,
    ]);
    await expect(page.getByTestId('lab-machines-lane')).toHaveCount(2);
    await expect(page.getByTestId('lab-machines-lane').nth(0)).toHaveAttribute(
      'data-lane',
      'alpha · worker 0',
    );
    await expect(page.getByTestId('lab-machines-lane').nth(1)).toHaveAttribute(
      'data-lane',
      'beta · worker 0',
    );
    await expect(page.getByTestId('lab-machines-timeline-caption')).toContainText(
      /times on Redis’s clock, within ±\d+\.\d ms$/,
    );
    await page.getByTestId('lab-machines-timeline').getByRole('combobox').selectOption('1');
    await expect(page.getByTestId('lab-machines-host')).toHaveText([/^alpha: 8 photos, 1 worker thread$/]);
    await page.getByTestId('lab-machines-timeline').getByRole('combobox').selectOption('2');
    await expect(page.getByTestId('lab-machines-findings')).toContainText('of the 2x that 2 equal machines');
    // The runs' outputs are gone, and the password is nowhere in the page but its own field.
    expect(await readdir(out)).toEqual([]);
    await page.getByTestId('lab-machines-password').fill('');
    expect(await page.content()).not.toContain(PASSWORD);
    await page.getByTestId('lab-machines-password').fill(PASSWORD);

    await page.setViewportSize({ width: 800, height: 600 });
    const smallest = await smallestChartText(page);
    expect(smallest.px, `chart text "${smallest.text}"`).toBeGreaterThanOrEqual(10);
    await screenshotSizes(page, 'lab-machines', app.target);
    expect(app.errors).toEqual([]);
  });

  test('says so when Redis cannot be reached', async ({ app }) => {
    const { page } = app;
    await openPanel(page, 'lab');
    await page.getByTestId('lab-experiment-machines').click();
    await page.getByTestId('lab-machines-url').fill('redis://127.0.0.1:1');
    await page.getByTestId('lab-machines-out').fill(join(app.workDir, 'scratch'));
    await page.getByTestId('lab-runs').fill('1');
    await page.getByTestId('lab-run').click();
    await expect(page.getByTestId('lab-error')).toContainText('Cannot reach Redis at redis://127.0.0.1:1', {
      timeout: 20_000,
    });
  });
});
