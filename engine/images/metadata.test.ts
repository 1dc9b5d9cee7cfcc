/**
 * Metadata kept and stripped: the EXIF and XMP edits against an independent parser (exif-reader) and
 * hand-made blocks, and whole encodes read back with sharp's own metadata(), their pixels compared
 * with the encode that carries nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFormat } from '../../shared/formats';
import { editExif } from './exif';
import { decodeImage, encodeImage, readOutputMetadata } from './index';
import { outputMetadata } from './metadata';
import { photoLikePixels, TAGGED, writeTaggedPhoto } from './test-fixtures';
import { editXmp, xmpHasGps } from './xmp';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-metadata-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEEP = { metadata: 'keep', stripGps: false } as const;
const KEEP_NO_GPS = { metadata: 'keep', stripGps: true } as const;
const STRIP = { metadata: 'strip', stripGps: false } as const;

/**
 * A hand-made EXIF block: IFD0 with Orientation 6, Artist and a GPS pointer, a GPS IFD with a
 * latitude, and IFD1 holding a 9-byte "thumbnail". Offsets as TIFF 6.0 lays them out.
 */
function handMadeExif(littleEndian: boolean): Buffer {
  const b = Buffer.alloc(200);
  const u16 = (v: number, at: number) => (littleEndian ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (littleEndian ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  b.write('Exif\0\0', 0, 'latin1');
  const t = 6; // TIFF header
  b.write(littleEndian ? 'II' : 'MM', t, 'latin1');
  u16(42, t + 2);
  u32(8, t + 4);
  // IFD0 at 8: 3 entries, then next-IFD pointer at 8 + 2 + 36 = 46
  u16(3, t + 8);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    u16(tag, t + at);
    u16(type, t + at + 2);
    u32(count, t + at + 4);
    if (type === 3 && count === 1) u16(value, t + at + 8);
    else u32(value, t + at + 8);
  };
  entry(10, 0x0112, 3, 1, 6); // Orientation
  entry(22, 0x013b, 2, 7, 100); // Artist, "Ada L.\0" at 100
  entry(34, 0x8825, 4, 1, 60); // GPS IFD at 60
  u32(120, t + 46); // IFD1 at 120
  // GPS IFD at 60: 1 entry GPSLatitudeRef "N" inline; next 0
  u16(1, t + 60);
  u16(0x0001, t + 62);
  u16(2, t + 64);
  u32(2, t + 66);
  b.write('N\0', t + 70, 'latin1');
  u32(0, t + 74);
  b.write('Ada L.\0', t + 100, 'latin1');
  // IFD1 at 120: thumbnail offset and length; bytes at 160
  u16(2, t + 120);
  entry(122, 0x0201, 4, 1, 160);
  entry(134, 0x0202, 4, 1, 9);
  u32(0, t + 146);
  b.write('THUMBDATA', t + 160, 'latin1');
  return b;
}

describe('editExif', () => {
  it.each([true, false])(
    'little endian %s: orientation 1, thumbnail gone, GPS gone only when asked',
    (le) => {
      const exif = handMadeExif(le);
      const before = exifReader(exif);
      expect(before.Image?.Orientation).toBe(6);
      expect(before.GPSInfo?.GPSLatitudeRef).toBe('N');
      expect(before.Thumbnail).toBeDefined();

      const kept = editExif(exif, { stripGps: false });
      const read = exifReader(kept as Buffer);
      expect(read.Image?.Orientation).toBe(1);
      expect(read.Image?.Artist).toBe('Ada L.');
      expect(read.GPSInfo?.GPSLatitudeRef).toBe('N');
      expect(read.Thumbnail).toBeUndefined();
      expect((kept as Buffer).includes('THUMBDATA')).toBe(false);

      const noGps = editExif(exif, { stripGps: true }) as Buffer;
      const readNoGps = exifReader(noGps);
      expect(readNoGps.GPSInfo).toBeUndefined();
      expect(readNoGps.Image).toMatchObject({ Orientation: 1, Artist: 'Ada L.' });
      expect(readNoGps.Image?.GPSInfo).toBeUndefined();
      // The location's bytes are zeroed, not just unlinked.
      expect(noGps.subarray(6 + 60, 6 + 78).every((x) => x === 0)).toBe(true);
      // The input is left as it was.
      expect(exifReader(exif).Image?.Orientation).toBe(6);
    },
  );

  it('leaves out what it cannot read rather than copying it unread', () => {
    const exif = handMadeExif(true);
    expect(editExif(exif.subarray(0, 40), { stripGps: false })).toBeUndefined();
    expect(editExif(Buffer.from('Exif\0\0XX*\0\0\0\0\0'), { stripGps: false })).toBeUndefined();
    expect(editExif(Buffer.from('not exif at all'), { stripGps: false })).toBeUndefined();
    const badMagic = Buffer.from(exif);
    badMagic.writeUInt16LE(43, 8);
    expect(editExif(badMagic, { stripGps: false })).toBeUndefined();
    const wildPointer = Buffer.from(exif);
    wildPointer.writeUInt32LE(100_000, 6 + 4);
    expect(editExif(wildPointer, { stripGps: false })).toBeUndefined();
  });
});

describe('editXmp', () => {
  it('resets the orientation in both forms and removes GPS properties in both forms', () => {
    const xmp =
      '<rdf:Description tiff:Orientation="6" exif:GPSLatitude="51,30.0N" dc:format="image/jpeg">' +
      '<tiff:Orientation>8</tiff:Orientation><exif:GPSLongitude>0,7.0W</exif:GPSLongitude>' +
      '<exif:GPSTimeStamp/><dc:creator>Ada</dc:creator></rdf:Description>';
    const kept = editXmp(xmp, { stripGps: false });
    expect(kept).toContain('tiff:Orientation="1"');
    expect(kept).toContain('<tiff:Orientation>1</tiff:Orientation>');
    expect(xmpHasGps(kept)).toBe(true);
    const noGps = editXmp(xmp, { stripGps: true });
    expect(xmpHasGps(noGps)).toBe(false);
    expect(noGps).toBe(
      '<rdf:Description tiff:Orientation="1" dc:format="image/jpeg">' +
        '<tiff:Orientation>1</tiff:Orientation><dc:creator>Ada</dc:creator></rdf:Description>',
    );
  });
});

/** The profile sharp itself writes for withIccProfile('srgb'): the reference for "tagged sRGB". */
async function srgbProfile(): Promise<Buffer> {
  const tagged = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
    .withIccProfile('srgb')
    .png()
    .toBuffer();
  return (await sharp(tagged).metadata()).icc as Buffer;
}

const FORMATS: OutputFormat[] = ['jpeg', 'png', 'webp', 'avif'];

describe('encodeImage with metadata', () => {
  it.each(FORMATS)(
    '%s: keeps EXIF, XMP, density and says sRGB; the pixels are those of a plain encode',
    async (format) => {
      const path = join(dir, `tagged-${format}.jpg`);
      await writeTaggedPhoto(path, { width: 31, height: 17 });
      const input = await sharp(path).metadata();
      const image = await decodeImage(path);
      expect([image.width, image.height]).toEqual([17, 31]);
      const kept = await readOutputMetadata(path, KEEP);
      const withMeta = await encodeImage(image, { format, quality: 80, opaque: true, metadata: kept });
      const plain = await encodeImage(image, { format, quality: 80, opaque: true });

      const meta = await sharp(withMeta).metadata();
      expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([17, 31, 1]);
      const exif = exifReader(meta.exif as Buffer);
      expect(exif.Image).toMatchObject({
        Artist: TAGGED.artist,
        Copyright: TAGGED.copyright,
        Make: TAGGED.make,
      });
      expect(exif.Image?.Orientation ?? 1).toBe(1);
      expect(exif.GPSInfo?.GPSLatitudeRef).toBe('N');
      expect(meta.xmp?.toString()).toContain(TAGGED.xmpCreator);
      expect(meta.xmp?.toString()).toContain('tiff:Orientation="1"');
      expect(Buffer.compare(meta.icc as Buffer, await srgbProfile())).toBe(0);
      expect(Buffer.compare(meta.icc as Buffer, input.icc as Buffer)).not.toBe(0);
      // IPTC has a place in JPEG only; density in JPEG and PNG (WebP and AVIF have no such field).
      if (format === 'jpeg') expect(meta.iptc?.toString('latin1')).toContain(TAGGED.iptcByline);
      if (format === 'jpeg' || format === 'png') expect(meta.density).toBe(TAGGED.density);

      const a = await sharp(withMeta).raw().toBuffer();
      const b = await sharp(plain).raw().toBuffer();
      expect(Buffer.compare(a, b)).toBe(0);
    },
  );

  it('--strip-gps removes the location from EXIF and XMP and keeps the rest', async () => {
    const path = join(dir, 'gps.jpg');
    await writeTaggedPhoto(path);
    const image = await decodeImage(path);
    const out = await encodeImage(image, {
      format: 'jpeg',
      opaque: true,
      metadata: await readOutputMetadata(path, KEEP_NO_GPS),
    });
    const meta = await sharp(out).metadata();
    const exif = exifReader(meta.exif as Buffer);
    expect(exif.GPSInfo).toBeUndefined();
    expect(exif.Image).toMatchObject({ Artist: TAGGED.artist, Copyright: TAGGED.copyright });
    expect(exif.Photo?.DateTimeOriginal).toBeInstanceOf(Date);
    expect(xmpHasGps(meta.xmp?.toString() ?? '')).toBe(false);
    expect(meta.xmp?.toString()).toContain(TAGGED.xmpCreator);
  });

  it('strip writes nothing but the pixels, and no metadata is read', async () => {
    const path = join(dir, 'strip.jpg');
    await writeTaggedPhoto(path);
    expect(await readOutputMetadata(path, STRIP)).toBeUndefined();
    const out = await encodeImage(await decodeImage(path), { format: 'jpeg', opaque: true });
    const meta = await sharp(out).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it.each([
    [1, 1, 'png'],
    [1, 1, 'jpeg'],
    [13, 7, 'png'],
    [13, 7, 'webp'],
    [13, 7, 'jpeg'],
  ] as const)(
    'alpha, %dx%d to %s: the same pixels as a plain encode (laid on white for JPEG)',
    async (width, height, format) => {
      const path = join(dir, `alpha-${width}x${height}.png`);
      await writeTaggedPhoto(path, { width, height, format: 'png', alpha: true });
      const image = await decodeImage(path);
      expect(image.opaque).toBe(false);
      const kept = await readOutputMetadata(path, KEEP);
      expect(kept?.exif).toBeDefined();
      const withMeta = await encodeImage(image, { format, metadata: kept });
      const plain = await encodeImage(image, { format });
      const a = await sharp(withMeta).raw().toBuffer({ resolveWithObject: true });
      const b = await sharp(plain).raw().toBuffer({ resolveWithObject: true });
      expect(a.info.channels).toBe(format === 'jpeg' ? 3 : 4);
      expect(Buffer.compare(a.data, b.data)).toBe(0);
      expect(exifReader((await sharp(withMeta).metadata()).exif as Buffer).Image?.Artist).toBe(TAGGED.artist);
    },
  );

  it('an input with no metadata gets none, and one with only a profile is tagged sRGB', async () => {
    const bare = { width: 8, height: 8, channels: 3 } as const;
    const plainPath = join(dir, 'bare.png');
    await sharp(photoLikePixels(8, 8), { raw: bare }).png().toFile(plainPath);
    expect(outputMetadata(await sharp(plainPath).metadata(), KEEP)).toBeUndefined();
    const plainJpeg = join(dir, 'bare.jpg');
    await sharp(photoLikePixels(8, 8), { raw: bare }).jpeg().toFile(plainJpeg);
    expect((await sharp(plainJpeg).metadata()).density).toBe(72);
    expect(outputMetadata(await sharp(plainJpeg).metadata(), KEEP)).toBeUndefined();
    const profiled = join(dir, 'profiled.png');
    await sharp(photoLikePixels(8, 8), { raw: bare }).withIccProfile('p3').png().toFile(profiled);
    const image = await decodeImage(profiled);
    const out = await encodeImage(image, {
      format: 'png',
      opaque: true,
      metadata: await readOutputMetadata(profiled, KEEP),
    });
    expect(Buffer.compare((await sharp(out).metadata()).icc as Buffer, await srgbProfile())).toBe(0);
  });
});
