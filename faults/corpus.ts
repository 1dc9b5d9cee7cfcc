/**
 * The fault-injection corpus: damaged image files made from a few small valid ones (JPEG, PNG, WebP,
 * TIFF, GIF, AVIF, 64 x 48) by seeded mutations. The same seed and count always give the same files,
 * so a failure names a file that can be made again: every file records the mutation that made it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { photoLikePixels } from '../engine/images/test-fixtures';
import { prng } from '../workers/test-images';

/** Seeded choices (mulberry32, workers/test-images.ts): the same seed, the same sequence. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  bool(): boolean {
    return this.next() < 0.5;
  }
  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i++) out[i] = this.int(0, 255);
    return out;
  }
}

export type SourceKind =
  | 'jpeg'
  | 'jpeg-progressive'
  | 'png'
  | 'png-alpha'
  | 'webp'
  | 'webp-alpha'
  | 'webp-lossless'
  | 'tiff'
  | 'gif'
  | 'avif';
type Container = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif';

export interface Source {
  kind: SourceKind;
  container: Container;
  bytes: Buffer;
  width: number;
  height: number;
}

const EXTENSIONS: Record<Container, readonly string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'JPG'],
  png: ['png', 'PNG'],
  webp: ['webp'],
  tiff: ['tif', 'tiff'],
  gif: ['gif'],
  avif: ['avif'],
};
const ALL_EXTENSIONS = Object.values(EXTENSIONS).flat();

/** The valid files every mutation starts from (deterministic: fixed pixels, fixed encoder settings). */
export async function makeSources(width = 64, height = 48): Promise<Source[]> {
  const rgb = () => sharp(photoLikePixels(width, height, 3), { raw: { width, height, channels: 3 } });
  const rgba = () => sharp(photoLikePixels(width, height, 4), { raw: { width, height, channels: 4 } });
  const make = async (kind: SourceKind, container: Container, image: Sharp): Promise<Source> => ({
    kind,
    container,
    bytes: await image.toBuffer(),
    width,
    height,
  });
  return Promise.all([
    make('jpeg', 'jpeg', rgb().jpeg({ quality: 85 })),
    make('jpeg-progressive', 'jpeg', rgb().jpeg({ quality: 85, progressive: true })),
    make('png', 'png', rgb().png()),
    make('png-alpha', 'png', rgba().png()),
    make('webp', 'webp', rgb().webp({ quality: 80 })),
    make('webp-alpha', 'webp', rgba().webp({ quality: 80 })),
    make('webp-lossless', 'webp', rgb().webp({ lossless: true })),
    make('tiff', 'tiff', rgb().tiff({ compression: 'lzw' })),
    make('gif', 'gif', rgb().gif()),
    make('avif', 'avif', rgb().avif({ quality: 50, effort: 0 })),
  ]);
}

export type MutationKind =
  | 'intact'
  | 'truncate'
  | 'bit-flip'
  | 'overwrite-run'
  | 'duplicate-chunk'
  | 'remove-chunk'
  | 'header-size'
  | 'splice'
  | 'append-garbage'
  | 'zero-length'
  | 'not-an-image'
  | 'wrong-extension';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'intact',
  'truncate',
  'bit-flip',
  'overwrite-run',
  'duplicate-chunk',
  'remove-chunk',
  'header-size',
  'splice',
  'append-garbage',
  'zero-length',
  'not-an-image',
  'wrong-extension',
];

/** Mutations that leave a whole, valid image: the batch must write these. */
export const VALID_KINDS: ReadonlySet<MutationKind> = new Set(['intact', 'wrong-extension']);

export interface CorpusFile {
  /** File name inside the corpus folder; unique, never hidden, always an image extension. */
  name: string;
  bytes: Buffer;
  kind: MutationKind;
  source: SourceKind;
  /** What was done, in words: "truncated to 812 of 2291 bytes". */
  mutation: string;
}

interface Mutated {
  bytes: Buffer;
  mutation: string;
  ext?: string;
}

function span(rng: Rng, length: number, most: number): { start: number; count: number } {
  const start = rng.int(0, length - 1);
  return { start, count: rng.int(1, Math.min(most, length - start)) };
}

function pngChunkCrc(bytes: Buffer, chunkStart: number): void {
  const length = bytes.readUInt32BE(chunkStart);
  const crc = crc32(bytes.subarray(chunkStart + 4, chunkStart + 8 + length)) >>> 0;
  bytes.writeUInt32BE(crc, chunkStart + 8 + length);
}

/** Offset of the first JPEG start-of-frame marker (FFC0-FFCF but DHT, JPG and DAC), or -1. */
function jpegFrameOffset(b: Buffer): number {
  let offset = 2;
  while (offset + 4 <= b.length && b[offset] === 0xff) {
    const marker = b[offset + 1];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return offset;
    }
    offset += 2 + b.readUInt16BE(offset + 2);
  }
  return -1;
}

/** Offset of the first GIF image descriptor (0x2C), walking past the colour table and extensions. */
function gifFrameOffset(b: Buffer): number {
  let offset = 13;
  if (b[10] & 0x80) offset += 3 * 2 ** ((b[10] & 7) + 1);
  while (offset < b.length) {
    if (b[offset] === 0x2c) return offset;
    if (b[offset] !== 0x21) return -1;
    offset += 2;
    while (offset < b.length && b[offset] !== 0) offset += b[offset] + 1;
    offset += 1;
  }
  return -1;
}

/** The IFD0 entries of a TIFF holding the width (256) and height (257): [offset, isShort, littleEndian]. */
function tiffSizeEntries(b: Buffer): { width: number; height: number; short: boolean; le: boolean } {
  const le = b.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const ifd = u32(4);
  const found: Record<number, number> = {};
  let short = true;
  for (let i = 0; i < u16(ifd); i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 256 || tag === 257) {
      found[tag] = entry + 8;
      short &&= u16(entry + 2) === 3;
    }
  }
  if (found[256] === undefined || found[257] === undefined) throw new Error('TIFF without a size');
  return { width: found[256], height: found[257], short, le };
}

/** A new (width, height) for a header: off by one, doubled, zero, huge; never in the slow middle. */
function newSize(rng: Rng, w: number, h: number, maxField: number): [number, number] {
  const choices = (v: number) => [0, 1, v - 1, v + 1, v * 2, v * 10, 1000, maxField];
  const wide = maxField > 0xffff ? [0x7fffffff, 0x80000000, 0xffffffff, 100_000] : [];
  let width = Math.min(maxField, rng.pick([...choices(w), ...wide]));
  let height = Math.min(maxField, rng.pick([...choices(h), ...wide]));
  if (width === w && height === h) width = w + 1;
  // Between 4 megapixels and the pixel limit a header could make a valid canvas that is slow to
  // fill (a GIF screen): keep those out, the corpus is about damage, not size (bombs.test.ts is).
  if (width * height > 4e6 && width * height <= 16383 * 16383) {
    width = maxField;
    height = maxField;
  }
  return [width, height];
}

/** The largest width or height each container's header field holds. */
function maxSizeField(source: Source): number {
  switch (source.container) {
    case 'png':
    case 'avif':
      return 0xffffffff;
    case 'jpeg':
    case 'gif':
      return 0xffff;
    case 'webp':
      return source.bytes.toString('latin1', 12, 16) === 'VP8X' ? 1 << 24 : 16383;
    case 'tiff':
      return tiffSizeEntries(source.bytes).short ? 0xffff : 0xffffffff;
  }
}

export interface HeaderSizeOptions {
  /** PNG: recompute the IHDR CRC (else it is left stale). */
  fixCrc?: boolean;
  /** GIF: change the first frame's descriptor instead of the logical screen. */
  gifFrame?: boolean;
}

/**
 * A copy of the source whose header claims width x height (the pixel data is left as it is), and
 * which header field was changed, in words.
 */
export function withHeaderSize(
  source: Source,
  width: number,
  height: number,
  opts: HeaderSizeOptions = {},
): { bytes: Buffer; where: string } {
  const b = Buffer.from(source.bytes);
  switch (source.container) {
    case 'png':
      b.writeUInt32BE(width, 16);
      b.writeUInt32BE(height, 20);
      if (opts.fixCrc) pngChunkCrc(b, 8);
      return { bytes: b, where: `PNG IHDR (CRC ${opts.fixCrc ? 'fixed' : 'left stale'})` };
    case 'jpeg': {
      const frame = jpegFrameOffset(b);
      b.writeUInt16BE(height, frame + 5);
      b.writeUInt16BE(width, frame + 7);
      return { bytes: b, where: 'JPEG start-of-frame' };
    }
    case 'gif': {
      const frame = opts.gifFrame ? gifFrameOffset(b) : -1;
      const at = frame >= 0 ? frame + 5 : 6;
      b.writeUInt16LE(width, at);
      b.writeUInt16LE(height, at + 2);
      return { bytes: b, where: frame >= 0 ? 'GIF frame descriptor' : 'GIF logical screen' };
    }
    case 'webp': {
      const chunk = b.toString('latin1', 12, 16);
      if (chunk === 'VP8X') {
        b.writeUIntLE(Math.max(0, width - 1), 24, 3);
        b.writeUIntLE(Math.max(0, height - 1), 27, 3);
        return { bytes: b, where: 'WebP VP8X canvas' };
      }
      if (chunk === 'VP8L') {
        const rest = b.readUInt32LE(21) & ~0x0fffffff;
        const packed = (Math.max(0, width - 1) & 0x3fff) | ((Math.max(0, height - 1) & 0x3fff) << 14);
        b.writeUInt32LE((rest | packed) >>> 0, 21);
        return { bytes: b, where: 'WebP VP8L header' };
      }
      b.writeUInt16LE((b.readUInt16LE(26) & 0xc000) | (width & 0x3fff), 26);
      b.writeUInt16LE((b.readUInt16LE(28) & 0xc000) | (height & 0x3fff), 28);
      return { bytes: b, where: 'WebP VP8 frame' };
    }
    case 'tiff': {
      const entries = tiffSizeEntries(b);
      const write = (value: number, at: number) => {
        if (entries.short) entries.le ? b.writeUInt16LE(value, at) : b.writeUInt16BE(value, at);
        else entries.le ? b.writeUInt32LE(value, at) : b.writeUInt32BE(value, at);
      };
      write(width, entries.width);
      write(height, entries.height);
      return { bytes: b, where: 'TIFF IFD0' };
    }
    case 'avif': {
      const ispe = b.indexOf('ispe', 0, 'latin1');
      if (ispe < 0) throw new Error('AVIF without an ispe box');
      b.writeUInt32BE(width, ispe + 8);
      b.writeUInt32BE(height, ispe + 12);
      return { bytes: b, where: 'AVIF ispe box' };
    }
  }
}

function changeHeaderSize(rng: Rng, source: Source): Mutated {
  const [width, height] = newSize(rng, source.width, source.height, maxSizeField(source));
  const { bytes, where } = withHeaderSize(source, width, height, {
    fixCrc: rng.bool(),
    gifFrame: rng.bool(),
  });
  return {
    bytes,
    mutation: `${where}: size changed from ${source.width} x ${source.height} to ${width} x ${height}`,
  };
}

/** A 2 x 2 24-bit BMP: a real image in a format PixelPool does not read. */
function tinyBmp(): Buffer {
  const b = Buffer.alloc(54 + 16);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(2, 18);
  b.writeInt32LE(2, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(16, 34);
  return b;
}

const NOT_IMAGES: readonly { what: string; make: (rng: Rng) => Buffer }[] = [
  { what: 'a text note', make: () => Buffer.from('Holiday notes, not a picture.\nDay 1: beach.\n') },
  { what: 'random bytes', make: (rng) => rng.bytes(rng.int(1, 4096)) },
  { what: 'an HTML page', make: () => Buffer.from('<!doctype html><html><body><img src=x></body></html>\n') },
  { what: 'a JSON document', make: () => Buffer.from('{"width": 64, "height": 48, "pixels": []}\n') },
  {
    what: 'an SVG drawing',
    make: () =>
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
      ),
  },
  { what: 'a BMP image', make: () => tinyBmp() },
  { what: 'a PDF stub', make: () => Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
  {
    what: 'a ZIP header',
    make: (rng) => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), rng.bytes(200)]),
  },
  {
    what: 'an ELF header',
    make: (rng) => Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), rng.bytes(120)]),
  },
  { what: 'a single NUL byte', make: () => Buffer.alloc(1) },
];

function mutate(kind: MutationKind, rng: Rng, source: Source, sources: readonly Source[]): Mutated {
  const src = source.bytes;
  const len = src.length;
  switch (kind) {
    case 'intact':
      return { bytes: Buffer.from(src), mutation: 'unchanged (a valid control file)' };
    case 'truncate': {
      const at = rng.int(1, len - 1);
      return { bytes: Buffer.from(src.subarray(0, at)), mutation: `truncated to ${at} of ${len} bytes` };
    }
    case 'bit-flip': {
      const b = Buffer.from(src);
      const flips = Array.from({ length: rng.int(1, 8) }, () => [rng.int(0, len - 1), rng.int(0, 7)]);
      for (const [at, bit] of flips) b[at] ^= 1 << bit;
      return { bytes: b, mutation: `bits flipped at ${flips.map(([at, bit]) => `${at}.${bit}`).join(', ')}` };
    }
    case 'overwrite-run': {
      const b = Buffer.from(src);
      const { start, count } = span(rng, len, 256);
      const fill = rng.pick(['zeros', '0xff', 'random'] as const);
      if (fill === 'random') rng.bytes(count).copy(b, start);
      else b.fill(fill === 'zeros' ? 0 : 0xff, start, start + count);
      return { bytes: b, mutation: `${count} bytes at ${start} overwritten with ${fill}` };
    }
    case 'duplicate-chunk': {
      const { start, count } = span(rng, len, 512);
      const chunk = src.subarray(start, start + count);
      return {
        bytes: Buffer.concat([src.subarray(0, start + count), chunk, src.subarray(start + count)]),
        mutation: `${count} bytes at ${start} duplicated`,
      };
    }
    case 'remove-chunk': {
      const { start, count } = span(rng, len, 512);
      return {
        bytes: Buffer.concat([src.subarray(0, start), src.subarray(start + count)]),
        mutation: `${count} bytes at ${start} removed`,
      };
    }
    case 'header-size':
      return changeHeaderSize(rng, source);
    case 'splice': {
      const other = rng.pick(sources.filter((s) => s.container === source.container));
      const head = rng.int(1, len - 1);
      const tail = rng.int(0, other.bytes.length - 1);
      return {
        bytes: Buffer.concat([src.subarray(0, head), other.bytes.subarray(tail)]),
        mutation: `first ${head} bytes joined to ${other.kind} from byte ${tail}`,
      };
    }
    case 'append-garbage': {
      const extra = rng.bytes(rng.int(1, 2048));
      return { bytes: Buffer.concat([src, extra]), mutation: `${extra.length} random bytes appended` };
    }
    case 'zero-length':
      return { bytes: Buffer.alloc(0), mutation: 'empty (0 bytes)' };
    case 'not-an-image': {
      const fake = rng.pick(NOT_IMAGES);
      const ext = rng.pick(ALL_EXTENSIONS);
      return { bytes: fake.make(rng), mutation: `${fake.what} named .${ext}`, ext };
    }
    case 'wrong-extension': {
      const ext = rng.pick(ALL_EXTENSIONS.filter((e) => !EXTENSIONS[source.container].includes(e)));
      return { bytes: Buffer.from(src), mutation: `a valid ${source.kind} named .${ext}`, ext };
    }
  }
}

/**
 * `count` corpus files from the sources, a pure function of (sources, seed, count): the kinds
 * take turns (every kind appears count / 12 times, the first 60 files hold five of each), the
 * sources rotate under them, and the rng picks offsets, lengths and values.
 */
export function mutateSources(sources: readonly Source[], seed: number, count: number): CorpusFile[] {
  const rng = new Rng(seed);
  const digits = String(count - 1).length;
  return Array.from({ length: count }, (_, i) => {
    const kind = MUTATION_KINDS[i % MUTATION_KINDS.length];
    const source = sources[(i + Math.floor(i / MUTATION_KINDS.length)) % sources.length];
    const { bytes, mutation, ext } = mutate(kind, rng, source, sources);
    const extension = ext ?? rng.pick(EXTENSIONS[source.container]);
    const name = `${String(i).padStart(digits, '0')}-${kind}-${source.kind}.${extension}`;
    return { name, bytes, kind, source: source.kind, mutation };
  });
}

export async function buildCorpus(seed: number, count: number): Promise<CorpusFile[]> {
  return mutateSources(await makeSources(), seed, count);
}

export async function writeCorpus(dir: string, files: readonly CorpusFile[]): Promise<void> {
  await Promise.all(files.map((f) => writeFile(join(dir, f.name), f.bytes)));
}
