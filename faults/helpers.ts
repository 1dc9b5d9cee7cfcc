/**
 * Shared by the fault-injection suite (faults/*.test.ts): running the real `pixelpool` command,
 * reading its summary, and checking what a run left on disk.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';

export const ROOT = resolve(__dirname, '..');
export const SHIM = join(ROOT, 'bin/pixelpool.js');
export const PHOTOS = join(ROOT, 'assets/photos');

/** `npm run test:faults` (vitest.faults.config.mts) sets FAULTS_FULL=1; `npm test` runs the fast subset. */
export const FULL = process.env.FAULTS_FULL === '1';

/** The seed of every seeded choice in the suite; FAULTS_SEED=<n> replays another one. */
export const SEED = Number(process.env.FAULTS_SEED ?? 20240611);

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The run did not end within its time and was killed: a hang. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Killed (SIGKILL, its whole process group) after this long and reported as timedOut. */
  timeoutMs?: number;
  /** Its own process group, so that the test can signal the command and the CLI it runs together. */
  detached?: boolean;
  onSpawn?: (child: ChildProcess) => void;
  /** Extra arguments for node, before the script (e.g. --require). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * `node bin/pixelpool.js <args>` as a user runs it (the shim re-runs itself with MALLOC_ARENA_MAX on
 * Linux). Resolves once its output pipes are closed, i.e. once the CLI child has exited too.
 */
export function pixelpool(args: readonly string[], opts: RunOptions = {}): Promise<Run> {
  const { timeoutMs = 120_000 } = opts;
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), SHIM, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.detached ?? true,
      env: opts.env ?? { ...process.env, MALLOC_ARENA_MAX: undefined },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr, timedOut });
    });
    opts.onSpawn?.(child);
  });
}

/** Signals the child's process group (spawned detached), or the child alone when it has none. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    child.kill(signal);
  }
}

export interface Summary {
  cancelled: boolean;
  written: number;
  total: number;
  skipped: number;
  failed: number;
  /** The lines under "Failed N:", without their indent. */
  failures: string[];
}

/** Reads the summary hosts/cli/batch-command.ts formatSummary prints on stdout. */
export function parseSummary(stdout: string): Summary {
  const head = stdout.match(/^(Cancelled: wrote|Wrote) (\d+) of (\d+) images? to /m);
  if (!head) throw new Error(`no batch summary in the output:\n${stdout}`);
  const lines = stdout.split('\n');
  const section = (title: RegExp): string[] => {
    const start = lines.findIndex((l) => title.test(l));
    if (start < 0) return [];
    const body: string[] = [];
    for (let i = start + 1; i < lines.length && lines[i].startsWith('  '); i++) body.push(lines[i].slice(2));
    return body;
  };
  const count = (title: RegExp) => Number(stdout.match(title)?.[1] ?? 0);
  return {
    cancelled: head[1] === 'Cancelled: wrote',
    written: Number(head[2]),
    total: Number(head[3]),
    skipped: count(/^Skipped (\d+) /m),
    failed: count(/^Failed (\d+):$/m),
    failures: section(/^Failed \d+:$/),
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** name -> sha256 of every file in a folder (not recursive). */
export async function hashFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = sha256(await readFile(join(dir, name)));
  return out;
}

/** The batch's temp names (".pixelpool-tmp-<pid>-<host>-<hex>", ".probe.pixelpool-tmp-…") in a folder. */
export async function tempFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith('.') && n.includes('pixelpool-tmp'));
}

/** The names that are not hidden: the outputs. */
export async function visibleFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => !n.startsWith('.')).sort();
}

/**
 * Decodes every pixel with libvips stopping at the first warning: a cut or damaged file throws.
 * Resolves with its format and size.
 */
export async function decodeWhole(path: string): Promise<{ format: string; width: number; height: number }> {
  const { info } = await sharp(path, { failOn: 'warning', limitInputPixels: false, sequentialRead: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const meta = await sharp(path, { limitInputPixels: false }).metadata();
  return { format: meta.format, width: info.width, height: info.height };
}

/** The suite's usual batch: invert, 2 workers, PNG out. */
export function invertBatch(inputs: readonly string[], out: string): string[] {
  return ['batch', ...inputs, '--out', out, '--filters', 'invert', '--workers', '2', '--format', 'png'];
}

/** `out` holds exactly the edited PNGs of `inputs` (file names), each whole and width x height, no temp file. */
export async function expectWholePngs(
  out: string,
  inputs: readonly string[],
  size: { width: number; height: number },
): Promise<void> {
  expect(await visibleFiles(out)).toEqual(inputs.map(editedPng).sort());
  for (const name of inputs) {
    expect(await decodeWhole(join(out, editedPng(name))), name).toMatchObject({ format: 'png', ...size });
  }
  expect(await tempFiles(out)).toEqual([]);
}

/** "<input name without extension>-edited.png": the CLI's default output name for --format png. */
export function editedPng(input: string): string {
  return `${basename(input, extname(input))}-edited.png`;
}

/** Copies of the sample photos (2560 x 1600 JPEGs) into `dir`: `count` files, cycling over the four. */
export async function copyPhotos(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const photos = (await readdir(PHOTOS)).filter((n) => n.endsWith('.jpg')).sort();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const photo = photos[i % photos.length];
    const name = `${basename(photo, '.jpg')}-${Math.floor(i / photos.length)}.jpg`;
    await cp(join(PHOTOS, photo), join(dir, name));
    names.push(name);
  }
  return names;
}
