import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../batch/index';
import { decodeImage, encodeImage } from '../images/index';
import { writePhoto } from '../images/test-fixtures';
import { imageCostBytes, MemoryBudget } from '../memory/budget';
import { FilterPool, runSerial } from '../pool/index';
import { MediaStore } from './media-store';
import { PreviewRenderer } from './preview';

let dir: string;
let pool: FilterPool;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-preview-'));
  pool = await FilterPool.create({ size: 2 });
});
afterAll(async () => {
  await pool.terminate();
  await rm(dir, { recursive: true, force: true });
});

const jpegQ80 = { format: 'jpeg', quality: 80 } as const;

/** RGBA pixels of an encoded image, as sharp decodes it. */
async function rgba(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).ensureAlpha().raw().toBuffer();
}

describe('PreviewRenderer', () => {
  it('renders at full size: the lossless pixels are the serial pipeline on the decoded file, byte for byte', async () => {
    // Odd sizes, and alpha: strips and the PNG's alpha band both matter.
    for (const [width, height, alpha] of [
      [301, 77, false],
      [1, 1, true],
      [97, 203, true],
    ] as const) {
      const path = join(dir, `full-${width}x${height}.png`);
      await writePhoto(path, { format: 'png', width, height, alpha });
      const media = new MediaStore(64 * 1024 * 1024);
      const renderer = new PreviewRenderer(media, async () => pool);
      const steps = [
        { id: 'pixelate', params: { size: 24 } },
        { id: 'gaussian-blur', params: { sigma: 2 } },
      ];
      const result = await renderer.render('a', path, steps, jpegQ80);
      expect([result.width, result.height, result.beforeWidth, result.beforeHeight]).toEqual([
        width,
        height,
        width,
        height,
      ]);
      const reference = runSerial(await decodeImage(path), steps, 'js');
      const after = await rgba(media.get(result.after)?.bytes as Buffer);
      expect(Buffer.compare(after, Buffer.from(reference.data))).toBe(0);
    }
  });

  it('with geometry steps, shows the pixels the serial batch writes, at their new size', async () => {
    const path = join(dir, 'geometry.jpg');
    await writePhoto(path, { width: 301, height: 197 });
    for (const steps of [
      [
        { id: 'resize', params: { width: 120 } },
        { id: 'gaussian-blur', params: { sigma: 2 } },
        { id: 'rotate' },
      ],
      [{ id: 'sobel' }, { id: 'crop', params: { aspect: '1/1', gravity: 'east' } }, { id: 'flop' }],
    ]) {
      const media = new MediaStore(64 * 1024 * 1024);
      const result = await new PreviewRenderer(media, async () => pool).render('g', path, steps, jpegQ80);
      const outDir = join(dir, `geometry-out-${steps[0].id}`);
      const batch = await runBatch({ inputs: [path], outDir, steps, serial: true, format: 'png' });
      const written = await sharp(await readFile(batch.outputs[0].output)).metadata();
      expect([result.width, result.height]).toEqual([written.width, written.height]);
      expect([result.beforeWidth, result.beforeHeight]).toEqual([301, 197]);
      const after = await rgba(media.get(result.after)?.bytes as Buffer);
      expect(after.equals(await rgba(await readFile(batch.outputs[0].output)))).toBe(true);
    }
  });

  it("reports the encoded output's real byte size, format and quality, and keeps its bytes", async () => {
    const path = join(dir, 'encoded.jpg');
    const file = await writePhoto(path, { width: 640, height: 480 });
    const media = new MediaStore(64 * 1024 * 1024);
    const renderer = new PreviewRenderer(media, async () => pool);
    const steps = [{ id: 'invert' }];
    const result = await renderer.render('a', path, steps, { format: 'webp', quality: 55 });
    const encoded = media.get(result.encoded);
    expect(encoded?.mime).toBe('image/webp');
    expect(result.output).toEqual({
      format: 'webp',
      quality: 55,
      bytes: encoded?.bytes.byteLength,
      inputBytes: file.byteLength,
    });
    // The same bytes the batch's encoder makes of the serial path's pixels.
    const decoded = await decodeImage(path);
    const reference = runSerial(decoded, steps, 'js');
    const expected = await encodeImage(reference, { format: 'webp', quality: 55, opaque: true });
    expect(Buffer.compare(encoded?.bytes as Buffer, expected)).toBe(0);

    const png = await renderer.render('a', path, steps, { format: 'png', quality: 55 });
    expect(png.output.quality).toBeNull();
    expect(png.decodeCached).toBe(true);
    expect(png.timings.decodeMs).toBe(0);
    // The first render's media are dropped when the second is kept.
    expect(media.get(result.encoded)).toBeUndefined();
    expect(media.get(result.after)).toBeUndefined();
  });

  it("encodes 'same' as the batch writes it: a transparent PNG stays PNG, a JPEG stays JPEG", async () => {
    const media = new MediaStore(64 * 1024 * 1024);
    const renderer = new PreviewRenderer(media, async () => pool);
    const png = join(dir, 'same.png');
    await writePhoto(png, { format: 'png', width: 40, height: 30, alpha: true });
    const jpeg = join(dir, 'same.jpg');
    await writePhoto(jpeg, { width: 40, height: 30 });
    const fromPng = await renderer.render('p', png, [{ id: 'invert' }], { format: 'same', quality: 80 });
    expect(fromPng.output).toMatchObject({ format: 'png', quality: null });
    expect(media.get(fromPng.encoded)?.mime).toBe('image/png');
    const fromJpeg = await renderer.render('j', jpeg, [{ id: 'invert' }], { format: 'same', quality: 80 });
    expect(fromJpeg.output).toMatchObject({ format: 'jpeg', quality: 80 });
  });

  it('cancels an older render of the same image, keeping only the newer', async () => {
    const path = join(dir, 'cancel.png');
    await writePhoto(path, { format: 'png', width: 800, height: 600 });
    const media = new MediaStore(64 * 1024 * 1024);
    const renderer = new PreviewRenderer(media, async () => pool);
    const steps = [{ id: 'gaussian-blur', params: { sigma: 8 } }];
    const first = renderer.render('a', path, steps, jpegQ80);
    const second = renderer.render('a', path, steps, jpegQ80);
    // Stopped where the abort found it: waiting for memory (AbortError) or after (ServiceError 'cancelled').
    const stopped = await first.then(
      () => null,
      (error: { name?: string; code?: string }) => error,
    );
    expect(stopped?.code === 'cancelled' || stopped?.name === 'AbortError').toBe(true);
    const kept = await second;
    expect(media.get(kept.encoded)).toBeDefined();
    renderer.forget('a');
    expect(media.usedBytes).toBe(0);
  });

  it('runs previews one at a time when the budget holds one full-size image, and gives every byte back', async () => {
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      paths.push(join(dir, `p${i}.png`));
      await writePhoto(paths[i], { format: 'png', width: 200, height: 100 });
    }
    const memory = new MemoryBudget(imageCostBytes(200, 100));
    const renderer = new PreviewRenderer(new MediaStore(64 * 1024 * 1024), async () => pool, memory);
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, memory.usedBytes);
    }, 1);
    const results = await Promise.all(
      paths.map((path, i) => renderer.render(`img${i}`, path, [{ id: 'invert' }], jpegQ80)),
    );
    clearInterval(watch);
    expect(results.map((r) => [r.width, r.height])).toEqual(paths.map(() => [200, 100]));
    expect(most).toBeLessThanOrEqual(memory.totalBytes);
    expect(memory.usedBytes).toBe(0);
  });
});
