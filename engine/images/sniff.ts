import { open } from 'node:fs/promises';

/**
 * Reads the first bytes of a file to tell what it really is, whatever its name says. Used to
 * explain a decode failure in plain words (and to read the size a PNG or JPEG header claims
 * when libvips refuses the file before telling us).
 */
export interface Sniffed {
  /** The container the magic bytes announce, or undefined when they match no image format. */
  format?: SniffedFormat;
  /** Dimensions read from the header, when the format's header was complete enough to hold them. */
  width?: number;
  height?: number;
}

export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heif' | 'bmp' | 'svg' | 'pdf';

const HEADER_BYTES = 64 * 1024;

/**
 * True when a JPEG or PNG stops before its end marker (JPEG's EOI, PNG's IEND chunk). libvips does not
 * always say so itself: under failOn it may report only "Warning treated as error".
 */
export async function endsBeforeItsEndMarker(path: string, format: SniffedFormat): Promise<boolean> {
  if (format !== 'jpeg' && format !== 'png') return false;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const count = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(count);
    await handle.read(tail, 0, count, size - count);
    return format === 'jpeg' ? !tail.includes(JPEG_END) : !tail.includes(PNG_END);
  } finally {
    await handle.close();
  }
}

/** Writers may pad a file after its end marker; a few hundred bytes of it are tolerated. */
const TAIL_BYTES = 512;
const JPEG_END = Buffer.from([0xff, 0xd9]);
const PNG_END = Buffer.from('IEND', 'latin1');

/** The first bytes of a file: enough for every header sniffBytes reads. */
export async function readHead(path: string, count = HEADER_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function sniffBytes(bytes: Uint8Array): Sniffed {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (start: number, end: number) => b.toString('latin1', start, end);
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) {
    return { format: 'png', ...pngSize(b) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { format: 'jpeg', ...jpegSize(b) };
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { format: 'webp' };
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return b.length >= 10
      ? { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
      : { format: 'gif' };
  }
  if (b.length >= 4 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) return { format: 'tiff' };
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') return { format: 'heif' };
  if (b.length >= 2 && ascii(0, 2) === 'BM') return { format: 'bmp' };
  if (ascii(0, 5) === '%PDF-') return { format: 'pdf' };
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(ascii(0, Math.min(b.length, 4096)))) {
    return { format: 'svg' };
  }
  return {};
}

/** The IHDR chunk always comes first: width and height are its first two big-endian words. */
function pngSize(b: Buffer): { width?: number; height?: number } {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return {};
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Walks the JPEG markers up to the first start-of-frame, which holds the size. */
function jpegSize(b: Buffer): { width?: number; height?: number } {
  let offset = 2;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff) return {};
    const marker = b[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = b.readUInt16BE(offset + 2);
    const isStartOfFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      if (offset + 9 > b.length) return {};
      return { height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return {};
}
