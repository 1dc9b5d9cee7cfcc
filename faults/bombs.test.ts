/**
 * Fault injection, decompression bombs. Promise checked: an image whose header declares more pixels
 * than the limit (engine/images DEFAULT_MAX_PIXELS, 16383 x 16383, sharp's limitInputPixels) is
 * refused from its header, alone, with a message naming the file and the limit, whether it is a
 * real 1 MB PNG of 16384 x 16384 or a tiny file with a lying header; the other files of the batch
 * are written. The full run also batches an image right at the limit (16383 x 16383, under 1 MB on
 * disk), which is accepted and written whole; how much memory that takes is the memory budget's
 * business and is not checked here.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../engine/images/test-fixtures';
import { makeSources, type SourceKind, withHeaderSize } from './corpus';
import {
  expectWholePngs,
  FULL,
  hashFolder,
  invertBatch,
  parseSummary,
  pixelpool,
  tempFiles,
  visibleFiles,
} from './helpers';

const LIMIT_TEXT = 'exceeds the limit of 268 megapixels';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-faults-bombs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A solid black PNG of width x height: a few hundred kB whatever the size (about 3 s to make). */
function solidPng(path: string, width: number, height: number): Promise<unknown> {
  return sharp({ create: { width, height, channels: 3, background: '#000' }, limitInputPixels: false })
    .png({ compressionLevel: 9 })
    .toFile(path);
}

describe('over the pixel limit', () => {
  const good = ['good-a.jpg', 'good-b.png', 'good-c.webp'];
  /** name -> what it is, for failure messages. */
  const bombs: Record<string, string> = {};
  let input: string;

  beforeAll(async () => {
    input = join(dir, 'over');
    await mkdir(input);
    await solidPng(join(input, 'real-16384x16384.png'), 16384, 16384);
    bombs['real-16384x16384.png'] = 'a real solid PNG of 16384 x 16384';
    // Tiny files whose header lies: the small valid image's size field rewritten. (Not WebP: its
    // frames stop at 16383 x 16383, under the limit, and libwebp refuses a larger VP8X canvas as
    // corrupt; not a GIF's logical screen: libvips sizes a GIF by its frames.)
    const lies: [SourceKind, string, number, number][] = [
      ['png', 'png', 100_000, 100_000],
      ['jpeg', 'jpg', 65_000, 65_000],
      ['gif', 'gif', 65_535, 65_535],
      ['tiff', 'tif', 65_535, 65_535],
      ['avif', 'avif', 100_000, 100_000],
    ];
    const sources = await makeSources();
    for (const [kind, ext, width, height] of lies) {
      const source = sources.find((s) => s.kind === kind);
      if (!source) throw new Error(`no ${kind} source`);
      const { bytes, where } = withHeaderSize(source, width, height, { fixCrc: true, gifFrame: true });
      const name = `lying-${kind}-${width}x${height}.${ext}`;
      await writeFile(join(input, name), bytes);
      bombs[name] = `a ${bytes.length}-byte ${kind} whose ${where} claims ${width} x ${height}`;
    }
    await writePhoto(join(input, good[0]), { format: 'jpeg' });
    await writePhoto(join(input, good[1]), { format: 'png' });
    await writePhoto(join(input, good[2]), { format: 'webp' });
  }, 120_000);

  it('fails each bomb alone, naming it and the limit, and writes the others whole', async () => {
    const before = await hashFolder(input);
    const out = join(dir, 'over-out');
    const run = await pixelpool(invertBatch([input], out));
    expect(run.timedOut, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const summary = parseSummary(run.stdout);
    const names = Object.keys(bombs);
    expect(summary.total).toBe(names.length + good.length);
    expect(summary.written, run.stdout).toBe(good.length);
    for (const name of names) {
      const line = summary.failures.find((l) => l.startsWith(`${join(input, name)}: `));
      expect(line, `${name} (${bombs[name]}) is not among the failures:\n${run.stdout}`).toBeDefined();
      expect(line, bombs[name]).toContain(LIMIT_TEXT);
    }
    await expectWholePngs(out, good, { width: 96, height: 64 });
    expect(await hashFolder(input)).toEqual(before);
  }, 180_000);
});

// 16383 x 16383 RGBA is about 1 GB decoded; the batch peaks at a few GB (measured: 4.3 GB RSS).
const roomForTheLimit = freemem() > 8 * 1024 ** 3;

describe.skipIf(!FULL || !roomForTheLimit)(
  'at the pixel limit: a 16383 x 16383 PNG under 1 MB is written whole (peak memory not checked: the memory budget)',
  () => {
    it('is accepted, inverted and written next to a small photo; exit 0', async () => {
      const input = join(dir, 'at');
      await mkdir(input);
      await solidPng(join(input, 'limit.png'), 16383, 16383);
      await writePhoto(join(input, 'small.jpg'));
      const before = await hashFolder(input);
      const out = join(dir, 'at-out');
      const run = await pixelpool(invertBatch([input], out));
      expect(run.timedOut, run.stderr).toBe(false);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(parseSummary(run.stdout)).toMatchObject({ written: 2, total: 2, failed: 0 });
      expect(await visibleFiles(out)).toEqual(['limit-edited.png', 'small-edited.png']);
      // Decoded in strips (sequential read, shrunk to 64 x 64): every row is read, libvips failing on any cut.
      const { data, info } = await sharp(join(out, 'limit-edited.png'), {
        failOn: 'warning',
        limitInputPixels: false,
        sequentialRead: true,
      })
        .resize(64, 64)
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([64, 64]);
      expect(data.every((v) => v === 255)).toBe(true); // black, inverted
      expect((await sharp(join(out, 'limit-edited.png')).metadata()).width).toBe(16383);
      expect(await tempFiles(out)).toEqual([]);
      expect(await hashFolder(input)).toEqual(before);
    }, 300_000);
  },
);
