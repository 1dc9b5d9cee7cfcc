import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../renderer/src/lib/format';
import { expect, test } from './fixtures';
import { openPanel, screenshotPanel, smallPhotos } from './helpers';

/** Each entry of a zip as Python's zipfile reads it (a reader independent of the one that wrote it). */
function unzipWithPython(zipPath: string): { name: string; method: number; bytes: Buffer }[] {
  const script = [
    'import base64, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None, "a CRC does not match"',
    'print(json.dumps([{"name": i.filename, "method": i.compress_type,',
    '                   "data": base64.b64encode(z.read(i)).decode()} for i in z.infolist()]))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, zipPath], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`python3 could not read ${zipPath}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { name: string; method: number; data: string }[]).map((e) => ({
    name: e.name,
    method: e.method,
    bytes: Buffer.from(e.data, 'base64'),
  }));
}

test.describe('downloads', () => {
  test('the web host hands out each written file and all of them as a .zip; the desktop app opens the folder', async ({
    app,
  }) => {
    const { page } = app;
    await app.addFiles(await smallPhotos(join(app.workDir, 'in'), 3, 480));
    await expect(page.getByTestId('thumbnail')).toHaveCount(3);

    const outDir = join(app.workDir, 'out');
    await openPanel(page, 'batch');
    await page.getByTestId('batch-outdir').fill(outDir);
    // A name that is not ASCII: the browser must save it as it is (Content-Disposition filename*).
    await page.getByTestId('batch-name').fill('{name}-été.{ext}');
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('Done: 3 written', { timeout: 60_000 });

    if (app.target === 'electron') {
      await expect(page.getByTestId('batch-open-folder')).toBeVisible();
      await expect(page.getByTestId('batch-download-all')).toHaveCount(0);
      await expect(page.getByTestId('batch-file-download')).toHaveCount(0);
      return;
    }

    const written = (await readdir(outDir)).sort();
    expect(written).toEqual(['colorful-cups-été.jpg', 'evening-glow-boats-été.jpg', 'fallen-leaf-été.jpg']);
    const onDisk = new Map(
      await Promise.all(written.map(async (name) => [name, await readFile(join(outDir, name))] as const)),
    );
    const totalBytes = [...onDisk.values()].reduce((sum, b) => sum + b.length, 0);

    // No folder to open on this host: downloads instead.
    await expect(page.getByTestId('batch-open-folder')).toHaveCount(0);
    const links = page.getByTestId('batch-file-download');
    await expect(links).toHaveCount(3);
    const all = page.getByTestId('batch-download-all');
    await expect(all).toHaveText(`Download all (.zip, 3 files, ${formatBytes(totalBytes)})`);

    // One file: the second in the list.
    const second = page.getByTestId('batch-file').nth(1);
    const link = second.getByTestId('batch-file-download');
    await expect(link).toHaveAccessibleName('Download evening-glow-boats-été.jpg');
    const [one] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(one.suggestedFilename()).toBe('evening-glow-boats-été.jpg');
    const savedOne = join(app.workDir, 'saved-one.jpg');
    await one.saveAs(savedOne);
    expect((await readFile(savedOne)).equals(onDisk.get('evening-glow-boats-été.jpg') as Buffer)).toBe(true);

    // All of them.
    const [zip] = await Promise.all([page.waitForEvent('download'), all.click()]);
    expect(zip.suggestedFilename()).toBe('out.zip');
    const savedZip = join(app.workDir, 'saved.zip');
    await zip.saveAs(savedZip);
    const entries = unzipWithPython(savedZip);
    expect(entries.map((e) => e.name).sort()).toEqual(written);
    for (const entry of entries) {
      expect(entry.method, entry.name).toBe(0);
      expect(entry.bytes.equals(onDisk.get(entry.name) as Buffer), entry.name).toBe(true);
    }

    for (const [width, height] of [
      [800, 600],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await screenshotPanel(page, `batch-downloads-${width}`, app.target);
    }
  });
});
