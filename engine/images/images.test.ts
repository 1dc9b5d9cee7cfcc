import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainReadFailure, fileSystemError } from './errors';
import {
  DEFAULT_MAX_PIXELS,
  decodeImage,
  decodePreview,
  encodeImage,
  ImageError,
  makeThumbnail,
  OUTPUT_FORMATS,
  probeImage,
} from './index';
import { endsBeforeItsEndMarker } from './sniff';
import {
  photoLikePixels,
  writeEmptyFile,
  writePhoto,
  writePngHeader,
  writeTextFile,
  writeTruncatedJpeg,
} from './test-fixtures';

let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-images-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(promise: Promise<unknown>): Promise<ImageError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageError);
  return err as ImageError;
}

describe('decodeImage', () => {
  it('decodes a JPEG to RGBA in an ArrayBuffer of its own that can be transferred', async () => {
    await writePhoto(at('photo.jpg'), { width: 97, height: 31 });
    const img = await decodeImage(at('photo.jpg'));
    expect([img.width, img.height, img.format, img.path]).toEqual([97, 31, 'jpeg', at('photo.jpg')]);
    expect(img.data.byteLength).toBe(97 * 31 * 4);
    expect(img.data.byteOffset).toBe(0);
    expect(img.data.buffer.byteLength).toBe(97 * 31 * 4);
    for (let i = 3; i < img.data.length; i += 4) expect(img.data[i]).toBe(255);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(img.data.buffer, [img.data.buffer]);
    port1.close();
    port2.close();
    expect(img.data.buffer.byteLength).toBe(0); // really moved, not silently copied
  });

  it('says whether the file had alpha, and decodes into memory the caller places', async () => {
    await writePhoto(at('opaque.jpg'), { width: 7, height: 5, format: 'jpeg' });
    await writePhoto(at('clear.png'), { width: 7, height: 5, format: 'png', alpha: true });
    const shared = new Uint8Array(new SharedArrayBuffer(7 * 5 * 4));
    const sizes: string[] = [];
    const img = await decodeImage(at('opaque.jpg'), {}, (w, h) => {
      sizes.push(`${w}x${h}`);
      return shared;
    });
    expect([img.opaque, img.data === shared, sizes]).toEqual([true, true, ['7x5']]);
    expect((await decodeImage(at('clear.png'))).opaque).toBe(false);
    await expect(decodeImage(at('opaque.jpg'), {}, () => new Uint8Array(4))).rejects.toThrow(
      /4 bytes placed for 140 bytes of RGBA/,
    );
  });

  it('returns exactly the pixels of a lossless PNG, alpha included', async () => {
    const [width, height] = [13, 7];
    const rgba = photoLikePixels(width, height, 4);
    await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toFile(at('alpha.png'));
    const img = await decodeImage(at('alpha.png'));
    expect(Buffer.from(img.data).equals(rgba)).toBe(true);
  });

  it('decodes a 1x1 image', async () => {
    await sharp(Buffer.from([10, 20, 30, 40]), { raw: { width: 1, height: 1, channels: 4 } })
      .png()
      .toFile(at('one.png'));
    const img = await decodeImage(at('one.png'));
    expect([...img.data]).toEqual([10, 20, 30, 40]);
  });

  it('expands grey and 16-bit images to 8-bit RGBA', async () => {
    const grey = Buffer.from([0, 100, 200, 255, 50, 150]);
    await sharp(grey, { raw: { width: 3, height: 2, channels: 1 } })
      .png()
      .toFile(at('grey.png'));
    const g = await decodeImage(at('grey.png'));
    expect([...g.data.subarray(4, 8)]).toEqual([100, 100, 100, 255]);

    await sharp(photoLikePixels(5, 4), { raw: { width: 5, height: 4, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toFile(at('deep.png'));
    expect((await sharp(at('deep.png')).metadata()).depth).toBe('ushort');
    const deep = await decodeImage(at('deep.png'));
    expect(deep.data.byteLength).toBe(5 * 4 * 4);
    const reference = photoLikePixels(5, 4);
    for (let p = 0; p < 20; p++) {
      for (let c = 0; c < 3; c++)
        expect(Math.abs(deep.data[p * 4 + c] - reference[p * 3 + c])).toBeLessThanOrEqual(1);
    }
  });

  it('applies the EXIF orientation (6: rotate 90 degrees) so width and height swap', async () => {
    const raw = photoLikePixels(40, 20);
    await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(at('rotated.jpg'));
    const stored = await sharp(at('rotated.jpg')).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([40, 20, 6]);
    const img = await decodeImage(at('rotated.jpg'));
    expect([img.width, img.height]).toEqual([20, 40]);
    const upright = await sharp(at('rotated.jpg')).rotate(90).raw().toBuffer();
    // Orientation 6 means "rotate 90 clockwise to display": compare with sharp doing exactly that.
    expect(Buffer.from(img.data.filter((_, i) => i % 4 !== 3)).equals(upright)).toBe(true);
    const info = await probeImage(at('rotated.jpg'));
    expect([info.width, info.height, info.orientation]).toEqual([20, 40, 6]);
  });
});

describe('probeImage', () => {
  it('reports format, size, alpha and file size without decoding', async () => {
    const bytes = await writePhoto(at('probe.webp'), { width: 50, height: 30, format: 'webp', alpha: true });
    expect(await probeImage(at('probe.webp'))).toEqual({
      path: at('probe.webp'),
      format: 'webp',
      width: 50,
      height: 30,
      megapixels: 0.0015,
      hasAlpha: true,
      orientation: 1,
      bytes: bytes.length,
    });
  });

  it('tells AVIF apart', async () => {
    await writePhoto(at('probe.avif'), { width: 16, height: 16, format: 'avif' });
    expect((await probeImage(at('probe.avif'))).format).toBe('avif');
  });
});

describe('bad files: the error names the file and says what is wrong', () => {
  it('a truncated JPEG', async () => {
    await writeTruncatedJpeg(at('cut.jpg'));
    const err = await readError(decodeImage(at('cut.jpg')));
    expect(err.kind).toBe('truncated');
    expect(err.message).toMatch(new RegExp(`^${escapeRegExp(at('cut.jpg'))}: truncated or corrupt JPEG`));
    expect(err.message).toContain('premature end of JPEG image');
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('a truncated JPEG or PNG is called truncated even when libvips only says "Warning treated as error"', async () => {
    // Under concurrent decodes libvips may lose the specific warning; the missing end marker still tells.
    const generic = new Error('VipsJpeg: Warning treated as error due to failOn setting');
    await writeTruncatedJpeg(at('cut-generic.jpg'));
    const jpeg = await explainReadFailure(at('cut-generic.jpg'), generic, DEFAULT_MAX_PIXELS);
    expect(jpeg.kind).toBe('truncated');
    expect(jpeg.message).toBe(
      `${at('cut-generic.jpg')}: truncated or corrupt JPEG: the data ends early (the file stops before its end marker)`,
    );
    const png = await writePhoto(at('whole.png'), { format: 'png' });
    await writeFile(at('cut.png'), png.subarray(0, png.length - 20));
    expect((await explainReadFailure(at('cut.png'), generic, DEFAULT_MAX_PIXELS)).kind).toBe('truncated');
  });

  it('a whole file, even padded after its end marker, is not taken for a truncated one', async () => {
    const jpeg = await writePhoto(at('padded.jpg'));
    await writeFile(at('padded.jpg'), Buffer.concat([jpeg, Buffer.alloc(100)]));
    await writePhoto(at('whole2.png'), { format: 'png' });
    for (const [name, format] of [
      ['padded.jpg', 'jpeg'],
      ['whole2.png', 'png'],
    ] as const) {
      expect(await endsBeforeItsEndMarker(at(name), format)).toBe(false);
    }
    const err = await explainReadFailure(
      at('padded.jpg'),
      new Error('VipsJpeg: bogus marker'),
      DEFAULT_MAX_PIXELS,
    );
    expect(err.kind).toBe('corrupt');
  });

  it('an empty file', async () => {
    await writeEmptyFile(at('empty.jpg'));
    for (const read of [decodeImage, probeImage]) {
      const err = await readError(read(at('empty.jpg')));
      expect(err.kind).toBe('empty');
      expect(err.message).toBe(`${at('empty.jpg')}: the file is empty (0 bytes)`);
    }
  });

  it('a text file named .png', async () => {
    await writeTextFile(at('notes.png'));
    const err = await readError(decodeImage(at('notes.png')));
    expect(err.kind).toBe('not-an-image');
    expect(err.message).toBe(`${at('notes.png')}: not an image: it holds text, whatever its name says`);
    expect((err.cause as Error).message).toMatch(/unsupported image format/);
  });

  it('a PNG header claiming 100000 x 100000 pixels', async () => {
    await writePngHeader(at('huge.png'), 100000, 100000);
    for (const read of [decodeImage, probeImage, (p: string) => makeThumbnail(p, 64)]) {
      const err = await readError(read(at('huge.png')));
      expect(err.kind).toBe('too-large');
      expect(err.message).toBe(
        `${at('huge.png')}: 100000 x 100000 pixels exceeds the limit of 268 megapixels`,
      );
    }
  });

  it('an image over a lower limit set by the caller', async () => {
    await writePhoto(at('medium.png'), { width: 300, height: 200, format: 'png' });
    const err = await readError(decodeImage(at('medium.png'), { maxPixels: 50_000 }));
    expect(err.message).toBe(`${at('medium.png')}: 300 x 200 pixels exceeds the limit of 0.1 megapixels`);
    expect((await decodeImage(at('medium.png'), { maxPixels: 60_000 })).width).toBe(300);
    expect(DEFAULT_MAX_PIXELS).toBe(16383 * 16383);
  });

  it('a missing file, a folder, an unsupported format', async () => {
    const missing = await readError(decodeImage(at('nope.jpg')));
    expect([missing.kind, missing.message]).toEqual(['not-found', `${at('nope.jpg')}: file not found`]);

    await mkdir(at('folder.jpg'));
    const folder = await readError(probeImage(at('folder.jpg')));
    expect(folder.message).toBe(`${at('folder.jpg')}: this is a folder, not an image file`);

    await writeFile(at('drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const svg = await readError(decodeImage(at('drawing.svg')));
    expect(svg.kind).toBe('unsupported-format');
    expect(svg.message).toBe(
      `${at('drawing.svg')}: unsupported format (SVG); PixelPool reads JPEG, PNG, WebP, AVIF, TIFF and GIF`,
    );
  });

  it('permission denied (root reads everything, so the error is fed in directly)', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/x/a.jpg'"), { code: 'EACCES' });
    const err = fileSystemError('/x/a.jpg', denied);
    expect([err?.kind, err?.message, err?.cause]).toEqual([
      'permission-denied',
      '/x/a.jpg: permission denied: the file cannot be read',
      denied,
    ]);
    expect(fileSystemError('/x/a.jpg', new Error('something else'))).toBeUndefined();
  });

  it('a file whose header is cut before the image size', async () => {
    const whole = await writePhoto(at('whole.jpg'));
    await writeFile(at('stub.jpg'), whole.subarray(0, 20));
    const err = await readError(probeImage(at('stub.jpg')));
    expect(['truncated', 'corrupt']).toContain(err.kind);
    expect(err.message).toMatch(new RegExp(`^${escapeRegExp(at('stub.jpg'))}: (truncated or )?corrupt JPEG`));
  });
});

describe('encodeImage', () => {
  const [width, height] = [33, 21];
  const opaque = () => {
    const rgb = photoLikePixels(width, height, 3);
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      rgba.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
      rgba[p * 4 + 3] = 255;
    }
    return { data: rgba, width, height };
  };

  it.each(OUTPUT_FORMATS)('round-trips %s through sharp', async (format) => {
    const img = opaque();
    const encoded = await encodeImage(img, { format, quality: 90, opaque: true });
    const meta = await sharp(encoded).metadata();
    expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([width, height, false]);
    const back = await sharp(encoded).ensureAlpha().raw().toBuffer();
    let total = 0;
    for (let i = 0; i < back.length; i++) total += Math.abs(back[i] - img.data[i]);
    const meanError = total / back.length;
    if (format === 'png') expect(meanError).toBe(0);
    else expect(meanError).toBeLessThan(12);
  });

  it('keeps alpha in PNG and WebP and lays JPEG on white', async () => {
    const img = { data: new Uint8Array(photoLikePixels(width, height, 4)), width, height };
    const png = await sharp(await encodeImage(img, { format: 'png' }))
      .raw()
      .toBuffer();
    expect(png.equals(Buffer.from(img.data))).toBe(true);
    expect((await sharp(await encodeImage(img, { format: 'webp' })).metadata()).hasAlpha).toBe(true);

    const clear = { data: new Uint8Array([0, 0, 0, 0]), width: 1, height: 1 };
    const jpeg = await sharp(await encodeImage(clear, { format: 'jpeg' }))
      .raw()
      .toBuffer();
    expect([...jpeg].every((v) => v >= 250)).toBe(true);
  });

  it.each(OUTPUT_FORMATS)(
    'writes an opaque %s without alpha, as flattening would, with no scan',
    async (format) => {
      const img = opaque();
      const dropped = await encodeImage(img, { format, quality: 90, opaque: true });
      const flattened = await sharp(img.data, { raw: { width, height, channels: 4 } })
        .flatten({ background: '#ffffff' })
        .toFormat(format, format === 'png' ? {} : { quality: 90 })
        .toBuffer();
      const pixels = (bytes: Buffer) => sharp(bytes).raw().toBuffer();
      expect((await pixels(dropped)).equals(await pixels(flattened))).toBe(true);
    },
  );

  it('keeps the alpha band of an RGBA image not said to be opaque (no pass over its pixels)', async () => {
    const png = await encodeImage(opaque(), { format: 'png' });
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
  });

  it('honours quality', async () => {
    const img = opaque();
    const low = await encodeImage(img, { format: 'jpeg', quality: 20 });
    const high = await encodeImage(img, { format: 'jpeg', quality: 98 });
    expect(low.length).toBeLessThan(high.length);
  });

  it('refuses bad arguments clearly', async () => {
    const img = opaque();
    await expect(encodeImage(img, { format: 'jpeg', quality: 0 })).rejects.toThrow(
      /quality must be .* 1 to 100, got 0/,
    );
    await expect(encodeImage({ ...img, width: 2 }, { format: 'png', label: 'x.png' })).rejects.toThrow(
      /^x\.png: .* is not RGBA for 2 x 21/,
    );
  });
});

describe('previews and thumbnails', () => {
  it('makeThumbnail fits the box, keeps the aspect and stays upright', async () => {
    await sharp(photoLikePixels(400, 100), { raw: { width: 400, height: 100, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(at('wide-rotated.jpg'));
    const thumb = await makeThumbnail(at('wide-rotated.jpg'), 80);
    expect([thumb.width, thumb.height, thumb.mime]).toEqual([20, 80, 'image/webp']);
    const meta = await sharp(thumb.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 20, 80]);
  });

  it('decodePreview downscales to RGBA and never enlarges', async () => {
    await writePhoto(at('big.png'), { width: 300, height: 120, format: 'png' });
    const preview = await decodePreview(at('big.png'), 100);
    expect([preview.width, preview.height, preview.data.byteLength]).toEqual([100, 40, 100 * 40 * 4]);
    const small = await decodePreview(at('big.png'), 1000);
    expect([small.width, small.height]).toEqual([300, 120]);
    expect(Buffer.from(small.data).equals(Buffer.from((await decodeImage(at('big.png'))).data))).toBe(true);
  });

  it('reports bad files the same way', async () => {
    await writeFile(at('also-text.jpg'), 'hello');
    expect((await readError(makeThumbnail(at('also-text.jpg'), 64))).kind).toBe('not-an-image');
    expect((await readError(decodePreview(at('also-text.jpg'), 64))).kind).toBe('not-an-image');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Keeps the reference file for the encode tests honest: reading it back must not depend on a cache.
it('reads a file rewritten under the same name afresh', async () => {
  await writePhoto(at('same.png'), { width: 10, height: 10, format: 'png' });
  expect((await decodeImage(at('same.png'))).width).toBe(10);
  await writePhoto(at('same.png'), { width: 12, height: 10, format: 'png' });
  expect((await decodeImage(at('same.png'))).width).toBe(12);
  expect((await readFile(at('same.png'))).length).toBeGreaterThan(0);
});
