/**
 * The `pixelpool` command as installed (bin/pixelpool.js), which on Linux runs the CLI as its own child
 * with MALLOC_ARENA_MAX set. Signals sent to the command's pid must reach that child, and the child must
 * never outlive the shim: a supervisor or `timeout -s INT` signals only the pid it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SHIM = join(ROOT, 'bin/pixelpool.js');
const PHOTO = join(ROOT, 'assets/photos/forest-path.jpg');
const linux = process.platform === 'linux';

let dir: string;
let inputs: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-shim-'));
  inputs = join(dir, 'in');
  await mkdir(inputs);
  for (let i = 0; i < 16; i++) await cp(PHOTO, join(inputs, `p${i}.jpg`));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** Starts a slow serial batch through the shim; resolves with the shim once the first file is out. */
async function startSlowBatch(out: string): Promise<{ shim: ChildProcess; exited: Promise<Exit> }> {
  const shim = spawn(
    process.execPath,
    [
      SHIM,
      'batch',
      inputs,
      '--out',
      out,
      '--filters',
      'gaussian-blur:sigma=4',
      '--serial',
      '--format',
      'png',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MALLOC_ARENA_MAX: undefined } },
  );
  let stdout = '';
  shim.stdout?.on('data', (d) => {
    stdout += d;
  });
  shim.stderr?.resume();
  const exited = new Promise<Exit>((res) =>
    shim.on('close', (code, signal) => res({ code, signal, stdout })),
  );
  for (;;) {
    const names = await readdir(out).catch(() => [] as string[]);
    if (names.some((n) => !n.startsWith('.'))) return { shim, exited };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The pid of the CLI the shim started (its only child), from /proc. */
async function childOf(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/);
  expect(children).toHaveLength(1);
  return Number(children[0]);
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!existsSync(`/proc/${pid}`)) return true;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (/^\d+ \(.*\) Z/.test(stat)) return true; // a zombie has exited; only its reaper is gone
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Every name in the folder is a whole output: no hidden temp files. */
async function onlyWholeOutputs(out: string): Promise<string[]> {
  const names = await readdir(out);
  for (const name of names) expect(name).toMatch(/^p\d+-edited\.png$/);
  return names;
}

describe.skipIf(!linux)('bin/pixelpool.js', () => {
  it('SIGINT sent to the command pid alone cancels the batch: exit 130, nothing partial', async () => {
    const out = join(dir, 'int');
    const { shim, exited } = await startSlowBatch(out);
    shim.kill('SIGINT');
    const exit = await exited;
    expect(exit.code).toBe(130);
    expect(exit.stdout).toContain('Cancelled: wrote');
    expect((await onlyWholeOutputs(out)).length).toBeLessThan(16);
  });

  it('SIGTERM sent to the command pid cancels the batch: exit 143, nothing partial', async () => {
    const out = join(dir, 'term');
    const { shim, exited } = await startSlowBatch(out);
    shim.kill('SIGTERM');
    const exit = await exited;
    expect(exit.code).toBe(143);
    expect(exit.stdout).toContain('Cancelled: wrote');
    expect((await onlyWholeOutputs(out)).length).toBeLessThan(16);
  });

  it('SIGKILL of the command takes the real worker with it: no file is written afterwards', async () => {
    const out = join(dir, 'kill');
    const { shim, exited } = await startSlowBatch(out);
    const cli = await childOf(shim.pid as number);
    shim.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(await waitGone(cli, 10_000)).toBe(true);
    const names = await onlyWholeOutputs(out);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await readdir(out)).toEqual(names);
    expect(names.length).toBeLessThan(16);
  });
});
