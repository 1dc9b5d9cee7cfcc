/** `pixelpool lab pipe` as a user runs it: the built CLI (Vitest's globalSetup builds it), its JSON and its table. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../../engine/images/test-fixtures';
import type { PipeReport } from '../../engine/lab/pipe';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/main/hosts/cli.js');

async function pixelpool(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-cli-pipe-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pixelpool lab pipe', () => {
  it('--json prints the payload and the three channels, every byte intact', async () => {
    const photo = join(dir, 'pipe.png');
    await writePhoto(photo, { format: 'png', width: 200, height: 400 });
    const run = await pixelpool(['lab', 'pipe', photo, '--workers', '2', '--runs', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as PipeReport & { image: string };
    expect(report.image).toBe(photo);
    expect(report.payload).toMatchObject({ label: 'pipe.png', width: 200, height: 400, bytes: 320_000 });
    // 800-byte rows: 327 fit in 256 KB, so two chunks.
    expect(report.payload).toMatchObject({ chunkRows: 327, chunks: 2 });
    expect(report.channels.map((c) => [c.name, c.producers, c.intact])).toEqual([
      ['thread', 1, true],
      ['process', 1, true],
      ['queue', 2, true],
    ]);
  });

  it('prints the table and the sentences, and refuses a bad count', async () => {
    const photo = join(dir, 'small.png');
    await writePhoto(photo, { format: 'png', width: 30, height: 20 });
    const run = await pixelpool(['lab', 'pipe', photo, '--workers', '1', '--runs', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Thread pipe +1 /m);
    expect(run.stdout).toMatch(/^Many-producer queue +1 /m);
    expect(run.stdout).toContain('multiprocessing.Pipe(): two Connection objects');
    expect(run.stdout).toContain('A Pipe has exactly two ends');
    const bad = await pixelpool(['lab', 'pipe', photo, '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers');
  });
});
