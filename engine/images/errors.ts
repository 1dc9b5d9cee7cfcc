import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { messageOf } from '../../shared/errors';
import { OUTPUT_FORMAT_INFO, OUTPUT_FORMATS } from '../../shared/formats';
import { endsBeforeItsEndMarker, readHead, type Sniffed, type SniffedFormat, sniffBytes } from './sniff';

/** What went wrong with an image file, for code that wants to react (the batch summary, the UI). */
export type ImageErrorKind =
  | 'not-found'
  | 'permission-denied'
  | 'is-directory'
  | 'empty'
  | 'not-an-image'
  | 'unsupported-format'
  | 'truncated'
  | 'corrupt'
  | 'too-large'
  | 'encode-failed'
  | 'unknown';

/**
 * An image that could not be read or written. The message names the file and says plainly what
 * is wrong with it; the original error from the file system or libvips is kept as `cause`.
 */
export class ImageError extends Error {
  override readonly name = 'ImageError';
  readonly path: string;
  readonly kind: ImageErrorKind;

  constructor(path: string, kind: ImageErrorKind, reason: string, cause?: unknown) {
    super(`${path}: ${reason}`, cause === undefined ? undefined : { cause });
    this.path = path;
    this.kind = kind;
  }
}

export const READABLE_FORMATS_TEXT = 'JPEG, PNG, WebP, AVIF, TIFF and GIF';

const FORMAT_NAMES: Record<string, string> = {
  ...Object.fromEntries(OUTPUT_FORMATS.map((f) => [f, OUTPUT_FORMAT_INFO[f].label])),
  gif: 'GIF',
  tiff: 'TIFF',
  heif: 'HEIF/AVIF',
  bmp: 'BMP',
  svg: 'SVG',
  pdf: 'PDF',
  jp2: 'JPEG 2000',
  jxl: 'JPEG XL',
  magick: 'ImageMagick-only',
};

export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format.toUpperCase();
}

export function tooLargeReason(width: number, height: number, maxPixels: number): string {
  return `${width} x ${height} pixels exceeds the limit of ${formatMegapixels(maxPixels)} megapixels`;
}

function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return mp >= 10 ? String(Math.round(mp)) : String(Number(mp.toFixed(1)));
}

function errnoCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** Longest detail of a libvips message kept in an error: beyond it, the rest is noise. */
const MAX_DETAIL_CHARS = 240;

/**
 * libvips repeats a warning once per scanline or seek it hit (a damaged AVIF said "<path>: bad seek to
 * N" for each N, 1.8 KB in all): the path goes (the error names the file already), lines that differ
 * only in their numbers count as one, and what is left is capped.
 */
function libvipsDetail(err: unknown, path: string): string {
  const lines = messageOf(err)
    .replace(/^Input file has corrupt header:\s*/i, '')
    .split('\n')
    .map((line) => line.split(`${path}: `).join('').split(path).join('the file'))
    .map((line) => line.replace(/^Vips\w+:\s*|^\w+load:\s*/, '').trim())
    .filter(Boolean);
  const seen = new Map<string, { line: string; times: number }>();
  for (const line of lines) {
    const shape = line.replace(/\d+/g, '#');
    const entry = seen.get(shape);
    if (entry) entry.times++;
    else seen.set(shape, { line, times: 1 });
  }
  const detail = [...seen.values()]
    .map(({ line, times }) => (times > 1 ? `${line} (and ${times - 1} more like it)` : line))
    .join('; ');
  return detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS - 1)}…` : detail;
}

/** Explains a file-system error from opening or reading `path`, or undefined when `err` is not one. */
export function fileSystemError(path: string, err: unknown): ImageError | undefined {
  switch (errnoCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new ImageError(path, 'not-found', 'file not found', err);
    case 'EACCES':
    case 'EPERM':
      return new ImageError(path, 'permission-denied', 'permission denied: the file cannot be read', err);
    case 'EISDIR':
      return new ImageError(path, 'is-directory', 'this is a folder, not an image file', err);
    default:
      return undefined;
  }
}

/** Checks what can be told without decoding: exists, readable, a regular non-empty file. */
export async function checkReadableFile(path: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    // A file we may not read fails here, as permission denied, not later in libvips as "unknown".
    await access(path, constants.R_OK);
    size = info.size;
  } catch (err) {
    throw (
      fileSystemError(path, err) ??
      new ImageError(path, 'unknown', `cannot read the file (${messageOf(err)})`, err)
    );
  }
  if (size === 0) throw new ImageError(path, 'empty', 'the file is empty (0 bytes)');
  return size;
}

function looksLikeText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const byte of bytes) {
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 128) printable++;
    if (byte === 0) return false;
  }
  return printable / bytes.length > 0.95;
}

/**
 * Turns whatever sharp/libvips threw while reading `path` into an ImageError that says what is
 * wrong in plain words. It looks at the file itself (size, magic bytes, the header's claimed size)
 * because libvips' own messages ("Input file has corrupt header:", "unsupported image format")
 * say little about the cause.
 */
export async function explainReadFailure(path: string, err: unknown, maxPixels: number): Promise<ImageError> {
  if (err instanceof ImageError) return err;
  const fsError = fileSystemError(path, err);
  if (fsError) return fsError;
  const message = messageOf(err);
  if (/Input file is missing/i.test(message)) return new ImageError(path, 'not-found', 'file not found', err);

  let head: Buffer;
  let sniffed: Sniffed;
  try {
    await checkReadableFile(path);
    head = await readHead(path);
    sniffed = sniffBytes(head);
  } catch (inner) {
    return inner instanceof ImageError
      ? Object.assign(inner, { cause: err })
      : new ImageError(path, 'unknown', `cannot read the file (${messageOf(inner)})`, err);
  }

  const { format, width, height } = sniffed;
  if (width !== undefined && height !== undefined && width * height > maxPixels) {
    return new ImageError(path, 'too-large', tooLargeReason(width, height, maxPixels), err);
  }
  if (/exceeds pixel limit/i.test(message)) {
    return new ImageError(
      path,
      'too-large',
      `the image exceeds the limit of ${formatMegapixels(maxPixels)} megapixels`,
      err,
    );
  }
  if (format === undefined) {
    const what = looksLikeText(head.subarray(0, 4096)) ? 'it holds text' : 'its bytes match no image format';
    return new ImageError(path, 'not-an-image', `not an image: ${what}, whatever its name says`, err);
  }
  if (format === 'svg' || format === 'pdf' || format === 'bmp') {
    return new ImageError(
      path,
      'unsupported-format',
      `unsupported format (${formatName(format)}); PixelPool reads ${READABLE_FORMATS_TEXT}`,
      err,
    );
  }
  if (/out of memory/i.test(message)) {
    return new ImageError(path, 'too-large', 'the image is too large to decode in memory', err);
  }
  const cutShort = await endsBeforeItsEndMarker(path, format).catch(() => false);
  return corruptError(path, format, err, cutShort);
}

function corruptError(path: string, format: SniffedFormat, err: unknown, cutShort: boolean): ImageError {
  const detail = libvipsDetail(err, path);
  const name = formatName(format);
  const saysTruncated = /premature end|unexpected end|truncated|end of file|not enough data|short read/i.test(
    detail,
  );
  if (saysTruncated || cutShort) {
    const why = saysTruncated ? detail : 'the file stops before its end marker';
    return new ImageError(
      path,
      'truncated',
      `truncated or corrupt ${name}: the data ends early (${why})`,
      err,
    );
  }
  const reason = detail
    ? `corrupt ${name} file (${detail})`
    : `corrupt ${name} file: its header cannot be read`;
  return new ImageError(path, 'corrupt', reason, err);
}
