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
