import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../workers/filters/index';
import { decodeImage } from '../images/index';
import {
  photoLikePixels,
  writeEmptyFile,
  writePhoto,
  writeTextFile,
  writeTruncatedJpeg,
} from '../images/test-fixtures';
import { FilterPool } from '../pool/index';
import { poolFilterConcurrency } from './filter-stage';
import {
  BatchError,
  type BatchEvent,
  type BatchOptions,
  maxImagesInFlight,
  NamePatternError,
  runBatch,
} from './index';
import { nodeOutputFs, OutputFolderError } from './output';

let root: string;
let work: string;
let pool: FilterPool;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pixelpool-batch-'));
  pool = await FilterPool.create({ size: 2 });
});
afterAll(async () => {
  await pool.terminate();
  await rm(root, { recursive: true, force: true });
});
let counter = 0;
beforeEach(async () => {
  work = join(root, `t${counter++}`);
  await mkdir(work);
});

const invert = [{ id: 'invert' }];
const batch = (
  opts: Omit<BatchOptions, 'steps'> & Partial<Pick<BatchOptions, 'steps'>>,
  events?: BatchEvent[],
) => runBatch({ steps: invert, pool, ...opts }, { onProgress: events ? (e) => events.push(e) : undefined });

async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

describe('runBatch', () => {
  it('writes the good files, reports each bad one with its reason, and never touches the inputs', async () => {
    const input = join(work, 'in');
    await mkdir(join(input, 'sub'), { recursive: true });
    await writePhoto(join(input, 'a.jpg'));
    await writePhoto(join(input, 'b.png'), { format: 'png', alpha: true });
    await writePhoto(join(input, 'sub', 'c.webp'), { format: 'webp' });
    await writeTruncatedJpeg(join(input, 'broken.jpg'));
    await writeTextFile(join(input, 'notes.png'));
    await writeEmptyFile(join(input, 'empty.jpg'));
    await writeFile(join(input, 'readme.txt'), 'not an image, and not named like one');
    await writeFile(join(input, '._a.jpg'), 'macOS resource fork');
    const before = await hashTree(input);
    const out = join(work, 'out');

    const events: BatchEvent[] = [];
    const summary = await batch({ inputs: [input], outDir: out }, events);

    expect(summary.processed).toBe(3);
    expect(summary.total).toBe(6);
    // Reported, never opened; the hidden resource fork stays silent.
    expect(summary.ignored).toEqual([join(input, 'readme.txt')]);
    expect(summary.failed.map((f) => f.path).sort()).toEqual(
      ['broken.jpg', 'empty.jpg', 'notes.png'].map((n) => join(input, n)),
    );
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.path.slice(input.length + 1), f.error]));
    expect(reasons['broken.jpg']).toMatch(/broken\.jpg: truncated or corrupt JPEG/);
    expect(reasons['empty.jpg']).toMatch(/empty\.jpg: the file is empty \(0 bytes\)$/);
    expect(reasons['notes.png']).toMatch(/notes\.png: not an image: it holds text/);
    expect(await listing(out)).toEqual(['a-edited.jpg', 'b-edited.png', 'c-edited.webp']);
    for (const [name, format] of [
      ['a-edited.jpg', 'jpeg'],
      ['b-edited.png', 'png'],
      ['c-edited.webp', 'webp'],
    ]) {
      expect((await sharp(join(out, name)).metadata()).format).toBe(format);
    }
    expect(await hashTree(input)).toEqual(before);
    expect(summary.megapixels).toBeCloseTo((3 * 96 * 64) / 1e6, 6);

    const fileStates = events.filter((e) => e.type === 'file').map((e) => e.state);
    expect(fileStates.filter((s) => s === 'done')).toHaveLength(3);
    expect(fileStates.filter((s) => s === 'failed')).toHaveLength(3);
    const last = events.at(-1);
    expect(last?.type === 'progress' && last.stats.done + last.stats.failed).toBe(6);
  });

  it('applies the pipeline: the pool and the serial path write the same, correct pixels', async () => {
    const [width, height] = [37, 23];
    const rgba = photoLikePixels(width, height, 4);
    await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toFile(join(work, 'p.png'));
    const transports = new Set<string>();
    const unsubscribe = pool.onTask((event) => transports.add(event.transport));
    const pooled = await batch({ inputs: [join(work, 'p.png')], outDir: join(work, 'pool') });
    unsubscribe();
    expect([...transports]).toEqual(['shared']); // the pool's default
    const serial = await batch({ inputs: [join(work, 'p.png')], outDir: join(work, 'serial'), serial: true });
    const a = await decodeImage(pooled.outputs[0].output);
    const b = await decodeImage(serial.outputs[0].output);
    const expected = rgba.map((v, i) => (i % 4 === 3 ? v : 255 - v));
    expect(Buffer.from(a.data).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(b.data).equals(Buffer.from(expected))).toBe(true);
  });

  it('writes the same bytes with either kernels and every schedule, serial too, and says which kernels ran', async () => {
    // Odd sizes (one a single pixel, one a single row), alpha, and more workers than the small ones have
    // strips; a blur, so strips need their halo rows.
    const input = join(work, 'in');
    await mkdir(input);
    const sizes: [number, number, boolean][] = [
      [1, 1, false],
      [41, 1, true],
      [37, 23, true],
      [64, 129, false],
      [3, 200, false],
    ];
    for (const [k, [width, height, alpha]] of sizes.entries()) {
      await sharp(photoLikePixels(width, height, alpha ? 4 : 3), {
        raw: { width, height, channels: alpha ? 4 : 3 },
      })
        .png()
        .toFile(join(input, `i${k}.png`));
    }
    const steps = [{ id: 'gaussian-blur', params: { sigma: 2 } }, { id: 'sobel' }];
    const runs = {
      reference: { serial: true, kernels: 'js' },
      serialWasm: { serial: true, kernels: 'wasm' },
      strips: { schedule: 'strips', kernels: 'wasm' },
      images: { schedule: 'images', kernels: 'wasm' },
      auto: { schedule: 'auto' },
      stripsJs: { schedule: 'strips', kernels: 'js' },
    } as const;
    const trees: Record<string, Record<string, string>> = {};
    for (const [name, opts] of Object.entries(runs)) {
      const outDir = join(work, name);
      const summary = await batch({ inputs: [input], outDir, steps, ...opts });
      expect(summary.processed, name).toBe(sizes.length);
      expect(summary.kernels, name).toBe('kernels' in opts ? opts.kernels : 'wasm');
      expect(summary.kernelsFallback, name).toBeUndefined();
      trees[name] = Object.fromEntries(
        Object.entries(await hashTree(outDir)).map(([path, hash]) => [path.slice(outDir.length), hash]),
      );
    }
    for (const name of Object.keys(runs)) expect(trees[name], name).toEqual(trees.reference);
  });

  it('a pool that cannot start stops the batch as a whole, naming why, and blames no file', async () => {
    for (let i = 0; i < 3; i++)
      await writePhoto(join(work, `n${i}.png`), { format: 'png', width: 16, height: 16 });
    const out = join(work, 'out');
    const failure = await runBatch({
      inputs: [work],
      outDir: out,
      steps: invert,
      pool: () => Promise.reject(new Error('no worker could be started here')),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BatchError);
    const { message, summary } = failure as BatchError;
    expect(message).toBe('no worker could be started here');
    expect([summary.processed, summary.failed]).toEqual([0, []]);
    expect(await readdir(out)).toEqual([]);
  });

  it('names outputs by pattern, with {index}, {ext} and {filter}', async () => {
    const inputs = [];
    for (let i = 0; i < 11; i++) {
      inputs.push(join(work, `img${i}.png`));
      await writePhoto(inputs[i], { width: 8, height: 8, format: 'png' });
    }
    const summary = await batch({
      inputs,
      outDir: join(work, 'out'),
      namePattern: '{index}_{name}_{filter}.{ext}',
      format: 'webp',
    });
    expect(summary.outputs.map((o) => o.output.slice(work.length + 5)).sort()).toEqual(
      inputs.map((_, i) => `${String(i + 1).padStart(2, '0')}_img${i}_invert.webp`),
    );
  });

  it('names {filter} "none" when no step is enabled, as the batch form previews it', async () => {
    await writePhoto(join(work, 'img.png'), { width: 8, height: 8, format: 'png' });
    const summary = await batch({
      inputs: [join(work, 'img.png')],
      outDir: join(work, 'out'),
      steps: [{ id: 'invert', enabled: false }],
      namePattern: '{name}-{filter}.{ext}',
    });
    expect(summary.outputs.map((o) => o.output.slice(work.length + 5))).toEqual(['img-none.png']);
  });

  it('refuses bad patterns, bad pipelines and bad settings before writing anything', async () => {
    const input = join(work, 'a.jpg');
    await writePhoto(input);
    const out = join(work, 'never');
    await expect(batch({ inputs: [input], outDir: out, namePattern: '{nam}.{ext}' })).rejects.toThrow(
      new NamePatternError(
        'the name pattern',
        'text and the placeholders {name}, {index}, {ext}, {filter}, {dir}',
        '{nam}.{ext}',
        '{nam} is not one',
      ),
    );
    await expect(batch({ inputs: [input], outDir: out, namePattern: 'sub/{name}.{ext}' })).rejects.toThrow(
      /^the name pattern must be a file name without \/, \\ or NUL, got "sub\/\{name\}\.\{ext\}"; it names files inside the output folder only; \{dir\} in front keeps the input's folders$/,
    );
    // Every file would get the same name: refused here as the API and the batch form refuse it.
    await expect(batch({ inputs: [input], outDir: out, namePattern: 'edited.{ext}' })).rejects.toThrow(
      /must be a pattern with \{name\} or \{index\}, got "edited\.\{ext\}"; else every file would get the same name/,
    );
    await expect(batch({ inputs: [input], outDir: out, steps: [{ id: 'blurr' }] })).rejects.toThrow(
      PipelineError,
    );
    await expect(batch({ inputs: [input], outDir: out, quality: 101 })).rejects.toThrow(/quality must be/);
    expect(await listing(work)).toEqual(['a.jpg']);
  });

  describe('name collisions', () => {
    async function setup() {
      const input = join(work, 'photo.png');
      await writePhoto(input, { format: 'png', width: 20, height: 10 });
      const out = join(work, 'out');
      await mkdir(out);
      await writeFile(join(out, 'photo-edited.png'), 'an older output');
      return { input, out };
    }

    it('suffix (default) keeps the old file and numbers the new one', async () => {
      const { input, out } = await setup();
      await batch({ inputs: [input], outDir: out });
      await batch({ inputs: [input], outDir: out });
      expect(await listing(out)).toEqual(['photo-edited-1.png', 'photo-edited-2.png', 'photo-edited.png']);
      expect(await readFile(join(out, 'photo-edited.png'), 'utf8')).toBe('an older output');
    });

    it('skip leaves the existing file alone and counts it', async () => {
      const { input, out } = await setup();
      const summary = await batch({ inputs: [input], outDir: out, onConflict: 'skip' });
      expect([summary.processed, summary.skipped]).toEqual([0, 1]);
      expect(summary.skippedFiles).toEqual([{ input, output: join(out, 'photo-edited.png') }]);
      expect(await listing(out)).toEqual(['photo-edited.png']);
      expect(await readFile(join(out, 'photo-edited.png'), 'utf8')).toBe('an older output');
    });

    it('overwrite replaces it', async () => {
      const { input, out } = await setup();
      const summary = await batch({ inputs: [input], outDir: out, onConflict: 'overwrite' });
      expect(summary.processed).toBe(1);
      expect(await listing(out)).toEqual(['photo-edited.png']);
      expect((await sharp(join(out, 'photo-edited.png')).metadata()).width).toBe(20);
    });

    it('two inputs with the same name never share an output, whatever the policy', async () => {
      await mkdir(join(work, 'x'));
      await mkdir(join(work, 'y'));
      await writePhoto(join(work, 'x', 'same.jpg'));
      await writePhoto(join(work, 'y', 'same.jpg'));
      for (const onConflict of ['overwrite', 'skip'] as const) {
        const out = join(work, `out-${onConflict}`);
        const summary = await batch({ inputs: [join(work, 'x'), join(work, 'y')], outDir: out, onConflict });
        expect(summary.processed).toBe(2);
        expect(await listing(out)).toEqual(['same-edited-1.jpg', 'same-edited.jpg']);
        // In input order, however the two were encoded and written.
        expect(summary.outputs.find((o) => o.input.includes(`${join('y', 'same.jpg')}`))?.output).toBe(
          join(out, 'same-edited-1.jpg'),
        );
      }
    });

    it('--keep-folders mirrors the tree: two photo.jpg in two folders, a file at the top', async () => {
      const tree = join(work, 'tree');
      await mkdir(join(tree, 'a'), { recursive: true });
      await mkdir(join(tree, 'b', 'deep'), { recursive: true });
      await writePhoto(join(tree, 'a', 'photo.jpg'));
      await writePhoto(join(tree, 'b', 'deep', 'photo.jpg'));
      await writePhoto(join(tree, 'top.jpg'));
      const out = join(work, 'out-tree');
      const summary = await batch({ inputs: [tree], outDir: out, keepFolders: true });
      expect(summary.processed).toBe(3);
      const written = summary.outputs.map((o) => o.output.slice(out.length + 1)).sort();
      expect(written).toEqual(
        ['a/photo-edited.jpg', 'b/deep/photo-edited.jpg', 'top-edited.jpg'].map((p) => join(...p.split('/'))),
      );
      expect(await listing(join(out, 'b', 'deep'))).toEqual(['photo-edited.jpg']);
      // Nothing but the outputs and their folders: no temp file in any of them.
      expect((await listing(out)).sort()).toEqual(['a', 'b', 'top-edited.jpg']);

      // Again into the same tree: the suffix goes on the file's name, inside its folder.
      const again = await batch({ inputs: [tree], outDir: out, keepFolders: true });
      expect(again.outputs.map((o) => o.output.slice(out.length + 1)).sort()).toEqual(
        ['a/photo-edited-1.jpg', 'b/deep/photo-edited-1.jpg', 'top-edited-1.jpg'].map((p) =>
          join(...p.split('/')),
        ),
      );

      // The same with {dir} spelled in the pattern.
      const spelled = await batch({
        inputs: [tree],
        outDir: join(work, 'out-dir'),
        namePattern: '{dir}{index}-{name}.{ext}',
      });
      expect(spelled.outputs.map((o) => o.output.slice(join(work, 'out-dir').length + 1)).sort()).toEqual(
        ['3-top.jpg', 'a/1-photo.jpg', 'b/deep/2-photo.jpg'].map((p) => join(...p.split('/'))),
      );
    });

    it('a file where a mirrored folder should go fails that image alone, with the reason', async () => {
      const tree = join(work, 'blocked');
      await mkdir(join(tree, 'a'), { recursive: true });
      await mkdir(join(tree, 'b'), { recursive: true });
      await writePhoto(join(tree, 'a', 'one.jpg'));
      await writePhoto(join(tree, 'b', 'two.jpg'));
      const out = join(work, 'out-blocked');
      await mkdir(out);
      await writeFile(join(out, 'a'), 'a file, not a folder');
      const summary = await batch({ inputs: [tree], outDir: out, keepFolders: true });
      expect(summary.processed).toBe(1);
      expect(summary.failed).toHaveLength(1);
      expect(summary.failed[0].error).toMatch(/Cannot create the folder .*a: /);
      expect(await listing(join(out, 'b'))).toEqual(['two-edited.jpg']);
    });

    it('never overwrites an input, even when told to overwrite into the input folder', async () => {
      const input = join(work, 'keep.png');
      await writePhoto(input, { format: 'png' });
      const before = await hashTree(work);
      const summary = await batch({
        inputs: [work],
        outDir: work,
        namePattern: '{name}.{ext}',
        onConflict: 'overwrite',
      });
      expect(summary.outputs.map((o) => o.output)).toEqual([join(work, 'keep-1.png')]);
      expect((await hashTree(work))[input]).toBe(before[input]);
      const skipped = await batch({
        inputs: [input],
        outDir: work,
        namePattern: '{name}.{ext}',
        onConflict: 'skip',
      });
      expect(skipped.skipped).toBe(1);
    });
  });

  it('honours format and quality', async () => {
    const input = join(work, 'q.png');
    await writePhoto(input, { format: 'png', width: 120, height: 80 });
    const low = await batch({ inputs: [input], outDir: join(work, 'low'), format: 'jpeg', quality: 15 });
    const high = await batch({ inputs: [input], outDir: join(work, 'high'), format: 'jpeg', quality: 95 });
    expect(low.outputs[0].output).toMatch(/q-edited\.jpg$/);
    expect((await sharp(low.outputs[0].output).metadata()).format).toBe('jpeg');
    expect(low.outputs[0].bytes).toBeLessThan(high.outputs[0].bytes);
    const avif = await batch({ inputs: [input], outDir: join(work, 'avif'), format: 'avif', quality: 50 });
    const meta = await sharp(avif.outputs[0].output).metadata();
    expect([meta.format, meta.compression, meta.width, meta.height]).toEqual(['heif', 'av1', 120, 80]);
  });

  it('keeps a fixed number of images in flight, however long the batch', async () => {
    const inputs = [];
    for (let i = 0; i < 16; i++) {
      inputs.push(join(work, `m${i}.png`));
      await writePhoto(inputs[i], { format: 'png', width: 32, height: 32 });
    }
    // A slow disk: the writer is the bottleneck, so every queue upstream fills up.
    const slowWrite = async (path: string, data: Uint8Array, opts: { flag: 'wx' }) => {
      await new Promise((r) => setTimeout(r, 25));
      await nodeOutputFs.writeFile(path, data, opts);
    };
    const allocationsBefore = pool.sharedMemory.allocations;
    const summary = await batch({ inputs, outDir: join(work, 'out'), io: { writeFile: slowWrite } });
    expect(summary.processed).toBe(16);
    // Shared memory stays flat too: images are decoded into the pool's arena and encoded from it, so
    // each image in flight holds one arena buffer (its input, then its output), two while in the pool,
    // and 16 images of the same size allocate no more than that.
    const most = maxImagesInFlight(pool.size);
    const buffers = most + poolFilterConcurrency(pool.size);
    expect(pool.sharedMemory.buffers).toBeLessThanOrEqual(buffers);
    expect(pool.sharedMemory.allocations - allocationsBefore).toBeLessThanOrEqual(buffers);
    expect(summary.peakImagesInFlight).toBeLessThanOrEqual(most);
    expect(summary.peakImagesInFlight).toBeGreaterThanOrEqual(most - 1);
  });

  it('cancels cleanly: complete outputs only, no temp files', async () => {
    const inputs = [];
    for (let i = 0; i < 10; i++) {
      inputs.push(join(work, `c${i}.png`));
      await writePhoto(inputs[i], { format: 'png', width: 64, height: 64 });
    }
    const out = join(work, 'out');
    const controller = new AbortController();
    // Cancel while the second file's bytes sit in their temp file, before it gets its name.
    let writes = 0;
    const writeThenCancel = async (path: string, data: Uint8Array, opts: { flag: 'wx' }) => {
      await nodeOutputFs.writeFile(path, data, opts);
      if (!path.includes('.probe.') && ++writes === 2) controller.abort();
    };
    const summary = await runBatch(
      { inputs, outDir: out, steps: invert, pool, io: { writeFile: writeThenCancel } },
      { signal: controller.signal },
    );
    expect(summary.cancelled).toBe(true);
    expect(summary.processed).toBe(1);
    // Two images are filtered at once, so the first written may be c0 or c1.
    const names = await listing(out);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^c[01]-edited\.png$/);
    expect((await decodeImage(join(out, names[0]))).width).toBe(64);
  });

  it('cancels while images are being decoded and filtered, leaving only whole outputs', async () => {
    const inputs = [];
    for (let i = 0; i < 12; i++) {
      inputs.push(join(work, `d${i}.png`));
      await writePhoto(inputs[i], { format: 'png', width: 200, height: 150 });
    }
    const out = join(work, 'out');
    const controller = new AbortController();
    const summary = await runBatch(
      { inputs, outDir: out, steps: [{ id: 'gaussian-blur', params: { sigma: 3 } }], pool },
      {
        signal: controller.signal,
        onProgress(event) {
          if (event.type === 'file' && event.state === 'done') controller.abort();
        },
      },
    );
    expect(summary.cancelled).toBe(true);
    expect(summary.failed).toEqual([]); // cancelled work is not reported as failed
    const names = await listing(out);
    expect(names.length).toBe(summary.processed);
    expect(names.length).toBeLessThan(12);
    for (const name of names) {
      expect(name).toMatch(/^d\d+-edited\.png$/);
      expect((await decodeImage(join(out, name))).width).toBe(200);
    }
  });

  it('a signal aborted before the start writes nothing', async () => {
    await writePhoto(join(work, 'x.jpg'));
    const summary = await runBatch(
      { inputs: [join(work, 'x.jpg')], outDir: join(work, 'out'), steps: invert, pool },
      { signal: AbortSignal.abort() },
    );
    expect([summary.cancelled, summary.processed]).toEqual([true, 0]);
    expect(await listing(join(work, 'out'))).toEqual([]);
  });

  it('reports an output folder that cannot be created, naming it', async () => {
    await writePhoto(join(work, 'x.jpg'));
    await writeFile(join(work, 'a-file'), 'I am a file');
    const out = join(work, 'a-file', 'out');
    const err = await batch({ inputs: [join(work, 'x.jpg')], outDir: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputFolderError);
    expect((err as Error).message).toBe(
      `Cannot create the output folder ${out}: a part of the path is a file, not a folder (ENOTDIR)`,
    );
  });

  it('reports a read-only output folder before decoding anything', async () => {
    await writePhoto(join(work, 'x.jpg'));
    const readOnly = async () => {
      throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    };
    const out = join(work, 'out');
    await expect(
      batch({ inputs: [join(work, 'x.jpg')], outDir: out, io: { writeFile: readOnly } }),
    ).rejects.toThrow(
      `Cannot write to the output folder ${out}: the folder is on a read-only file system (EROFS)`,
    );
  });

  it('stops on a full disk, naming the folder, and leaves no partial file', async () => {
    const inputs = [];
    for (let i = 0; i < 4; i++) {
      inputs.push(join(work, `f${i}.png`));
      await writePhoto(inputs[i], { format: 'png', width: 40, height: 40 });
    }
    let writes = 0;
    const fillsUp = async (path: string, data: Uint8Array, opts: { flag: 'wx' }) => {
      if (path.includes('.probe.') || ++writes < 2) return nodeOutputFs.writeFile(path, data, opts);
      await nodeOutputFs.writeFile(path, data.subarray(0, data.length >> 1), opts); // half written, then:
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const out = join(work, 'out');
    const err = await batch({ inputs, outDir: out, io: { writeFile: fillsUp } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchError);
    const message = (err as BatchError).message;
    expect(message).toMatch(
      new RegExp(
        `^Cannot write to the output folder ${out}: no space left on the device \\(ENOSPC\\), while writing f[0-3]-edited\\.png$`,
      ),
    );
    expect((err as BatchError).summary.processed).toBe(1);
    const names = await listing(out);
    expect(names).toHaveLength(1); // the one written before the disk filled up; no temp file, no half file
    expect(message).not.toContain(names[0]);
  });

  it('goes on past an input path that is missing or not a folder', async () => {
    await writePhoto(join(work, 'ok.jpg'));
    const missing = join(work, 'gone');
    const notFolder = join(work, 'ok.jpg', 'inside');
    const summary = await batch({
      inputs: [missing, notFolder, join(work, 'ok.jpg')],
      outDir: join(work, 'out'),
    });
    expect(summary.processed).toBe(1);
    expect(summary.failed).toEqual([
      { path: missing, error: `${missing}: not found` },
      { path: notFolder, error: `${notFolder}: not a folder` },
    ]);
  });

  it('does not pick up its own outputs when the output folder sits inside the input folder', async () => {
    await writePhoto(join(work, 'one.jpg'));
    const out = join(work, 'edited');
    await batch({ inputs: [work], outDir: out });
    const second = await batch({ inputs: [work], outDir: out });
    expect(second.total).toBe(1);
    expect(await listing(out)).toEqual(['one-edited-1.jpg', 'one-edited.jpg']);
  });

  it('copies of the sample photos batch like any file', async () => {
    await cp(join(__dirname, '../../assets/photos/fallen-leaf.jpg'), join(work, 'leaf.jpg'));
    const summary = await batch({
      inputs: [join(work, 'leaf.jpg')],
      outDir: join(work, 'out'),
      format: 'webp',
    });
    expect(summary.outputs[0].megapixels).toBeCloseTo(4.096, 3);
  });
});
