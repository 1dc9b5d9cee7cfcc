/**
 * The Batch panel's "Run on: worker hosts (Redis)" (issue 11): a real redis-server with a password and
 * one `pixelpool worker` process (the built CLI), started here, take the batch the app submits; the
 * summary names the host. Skipped, saying why, where redis-server is not installed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisMissing, startRedis, type TestRedis } from '../engine/distributed/test-redis';
import { expect, ROOT, test } from './fixtures';
import { openPanel, screenshotSizes, smallPhotos } from './helpers';

const PASSWORD = 'pp-E2e-S3cret';
const missing = redisMissing();

test.describe('batch on worker hosts', () => {
  test.skip(missing !== undefined, missing ?? '');
  let redis: TestRedis | undefined;
  let worker: ChildProcess | undefined;
  let workerLog = '';

  test.beforeEach(async () => {
    redis = await startRedis({ password: PASSWORD });
    // The web host's uploads and the test's output folder both sit in the temporary folder.
    worker = spawn(
      process.execPath,
      [
        join(ROOT, 'out/main/hosts/cli.js'),
        'worker',
        '--redis',
        redis.url,
        '--name',
        'e2e-host',
        '--workers',
        '1',
        '--roots',
        tmpdir(),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        workerLog += d;
        if (workerLog.includes('taking jobs from')) resolve();
      };
      worker?.stdout?.on('data', onData);
      worker?.stderr?.on('data', onData);
      worker?.once('exit', () => reject(new Error(`the worker exited before it was ready:\n${workerLog}`)));
    });
  });

  test.afterEach(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker?.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
    expect(workerLog).not.toContain(PASSWORD);
  });

  test('runs the batch on a worker host and names it in the summary', async ({ app }) => {
    const { page } = app;
    const photos = await smallPhotos(join(app.workDir, 'in'), 3, 480);
    await app.addFiles(photos);
    await expect(page.getByTestId('thumbnail')).toHaveCount(3);

    const outDir = join(app.workDir, 'out');
    await openPanel(page, 'batch');
    await page.getByTestId('batch-outdir').fill(outDir);
    await page.getByTestId('batch-run-on-queue').check();
    await expect(page.getByTestId('batch-workers')).toBeDisabled();
    await page.getByTestId('batch-redis-url').fill('http://nope');
    await expect(page.getByTestId('batch-redis-error')).toContainText('must be a redis:// or rediss:// URL');
    await expect(page.getByTestId('batch-start')).toBeDisabled();
    // The URL without its password, the password in its own field (shown as dots).
    await page.getByTestId('batch-redis-url').fill(`redis://127.0.0.1:${redis?.port}`);
    await page.getByTestId('batch-redis-password').fill(PASSWORD);
    await expect(page.getByTestId('batch-redis-error')).toHaveCount(0);
    await screenshotSizes(page, 'batch-queue', app.target);

    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('Done: 3 written', { timeout: 60_000 });
    await expect(page.getByTestId('batch-hosts-ran')).toHaveText('Worker hosts: e2e-host 3');
    expect((await readdir(outDir)).sort()).toHaveLength(3);
    await screenshotSizes(page, 'batch-queue-done', app.target);

    // The settings on disk keep the URL without its password (the web host's folder; Electron's is userData).
    if (app.target !== 'web') return;
    const settings = await readFile(join(app.workDir, 'settings', 'settings.json'), 'utf8');
    expect(settings).toContain(`"redisUrl": "redis://127.0.0.1:${redis?.port}"`);
    expect(settings).not.toContain(PASSWORD);
  });
});
