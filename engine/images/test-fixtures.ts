/**
 * Builds image files for tests, good and bad, so that no test depends on a file it did not make.
 * Test-only: imported by *.test.ts files of the engine and the hosts.
 */
import { writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { OutputFormat } from '../../shared/formats';

export type FixtureFormat = OutputFormat;

/** RGB pixels with gradients and a deterministic texture, so that encoders produce real scan data. */
export function photoLikePixels(width: number, height: number, channels: 3 | 4 = 3): Buffer {
  const data = Buffer.alloc(width * height * channels);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = (seed >>> 24) & 31;
      const i = (y * width + x) * channels;
      data[i] = Math.min(255, Math.round((x / Math.max(1, width - 1)) * 200) + noise);
      data[i + 1] = Math.min(255, Math.round((y / Math.max(1, height - 1)) * 200) + noise);
      data[i + 2] = Math.min(255, ((x ^ y) & 63) * 3 + noise);
      if (channels === 4) data[i + 3] = (x + y) % 3 === 0 ? 128 : 255;
    }
  }
  return data;
}

export async function writePhoto(
  path: string,
  opts: { width?: number; height?: number; format?: FixtureFormat; alpha?: boolean } = {},
): Promise<Buffer> {
  const { width = 96, height = 64, format = 'jpeg', alpha = false } = opts;
  const channels = alpha ? 4 : 3;
  const encoded = await sharp(photoLikePixels(width, height, channels), { raw: { width, height, channels } })
    .toFormat(format, { quality: 90 })
    .toBuffer();
  await writeFile(path, encoded);
  return encoded;
}

/** A real JPEG cut at 60% of its bytes: the header is whole, the scan data ends early. */
export async function writeTruncatedJpeg(path: string): Promise<void> {
  const full = await sharp(photoLikePixels(160, 120), { raw: { width: 160, height: 120, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
  await writeFile(path, full.subarray(0, Math.floor(full.length * 0.6)));
}

export async function writeEmptyFile(path: string): Promise<void> {
  await writeFile(path, Buffer.alloc(0));
}

export async function writeTextFile(path: string): Promise<void> {
  await writeFile(path, 'These are holiday notes, not a picture.\nDay 1: beach.\n');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeBytes = Buffer.from(type, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([typeBytes, data])) >>> 0);
  return Buffer.concat([length, typeBytes, data, crc]);
}

/** A PNG signature and a valid IHDR (correct CRC) claiming width x height RGBA pixels, then IEND: no pixel data. */
export async function writePngHeader(path: string, width: number, height: number): Promise<void> {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  await writeFile(
    path,
    Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IEND', Buffer.alloc(0))]),
  );
}

/** The tags writeTaggedPhoto puts in, so tests can look for each one in an output. */
export const TAGGED = {
  artist: 'Ada Lovelace',
  copyright: 'CC-BY Ada Lovelace',
  make: 'PixCam',
  dateTimeOriginal: '2024:06:11 10:00:00',
  density: 300,
  xmpCreator: 'Ada (XMP)',
  iptcByline: 'Ada (IPTC)',
} as const;

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A Photoshop APP13 payload holding one IPTC IIM dataset, 2:80 By-line (IPTC IIM 4.2, 1.6; Photoshop's image resource 0x0404). */
function iptcPayload(byline: string): Buffer {
  const text = Buffer.from(byline, 'latin1');
  const dataset = Buffer.concat([Buffer.from([0x1c, 2, 80, 0, text.length]), text]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(dataset.length);
  const padded = dataset.length % 2 ? Buffer.concat([dataset, Buffer.alloc(1)]) : dataset;
  return Buffer.concat([
    Buffer.from('Photoshop 3.0\0', 'latin1'),
    Buffer.from('8BIM'),
    Buffer.from([4, 4, 0, 0]),
    size,
    padded,
  ]);
}

/**
 * A photo as a camera and an editor leave it: EXIF (camera, date, artist, copyright, GPS, orientation
 * 6: stored sideways), XMP (creator, orientation, GPS), IPTC (by-line; JPEG only), a Display-P3 colour
 * profile and 300 dpi. Written by sharp, the IPTC segment spliced in by hand (sharp cannot write it).
 * Stored `width` x `height`; displayed upright, that is height x width.
 */
export async function writeTaggedPhoto(
  path: string,
  opts: { width?: number; height?: number; format?: FixtureFormat; alpha?: boolean } = {},
): Promise<Buffer> {
  const { width = 120, height = 80, format = 'jpeg', alpha = false } = opts;
  const channels = alpha ? 4 : 3;
  const xmp = [
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"',
    ' xmlns:exif="http://ns.adobe.com/exif/1.0/" tiff:Orientation="6" exif:GPSLatitude="51,30.0N">',
    `<dc:creator><rdf:Seq><rdf:li>${TAGGED.xmpCreator}</rdf:li></rdf:Seq></dc:creator>`,
    '<exif:GPSLongitude>0,7.0W</exif:GPSLongitude>',
    '</rdf:Description></rdf:RDF></x:xmpmeta>',
  ].join('');
  let encoded = await sharp(photoLikePixels(width, height, channels), { raw: { width, height, channels } })
    .withExif({
      IFD0: { Artist: TAGGED.artist, Copyright: TAGGED.copyright, Make: TAGGED.make },
      IFD2: { DateTimeOriginal: TAGGED.dateTimeOriginal },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 0/1',
      },
    })
    .withXmp(xmp)
    // withMetadata first: called after withIccProfile it sets the profile back to sRGB.
    .withMetadata({ density: TAGGED.density, orientation: 6 })
    .withIccProfile('p3')
    .toFormat(format, { quality: 90 })
    .toBuffer();
  if (format === 'jpeg') {
    encoded = Buffer.concat([
      encoded.subarray(0, 2),
      jpegSegment(0xed, iptcPayload(TAGGED.iptcByline)),
      encoded.subarray(2),
    ]);
  }
  await writeFile(path, encoded);
  return encoded;
}
