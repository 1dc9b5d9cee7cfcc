/**
 * Reading and writing image files with sharp. Main thread only: libvips' thread setting is
 * process-wide and a worker that loads sharp resets it, so workers/ never import this module.
 *
 * Every file is treated as untrusted: its header is checked against a pixel limit before any
 * pixels are decoded, libvips stops at the first warning (`failOn: 'warning'`), and every failure
 * becomes an ImageError whose message names the file and says what is wrong with it.
 */
import sharp, { type Metadata, type ResizeOptions, type Sharp } from 'sharp';
import { checkOneOf, checkWholeNumber, messageOf } from '../../shared/errors';
import { DEFAULT_QUALITY } from '../../shared/formats';
import type { RawImage } from '../types';
import {
  checkReadableFile,
  explainReadFailure,
  formatName,
  ImageError,
  READABLE_FORMATS_TEXT,
  tooLargeReason,
} from './errors';
import { type InputFormat, OUTPUT_FORMATS, type OutputFormat } from './formats';
import { type AlphaHandling, type OutputMetadata, pixelsWithMetadata } from './metadata';

export { ImageError, type ImageErrorKind } from './errors';
export {
  IMAGE_EXTENSIONS,
  type InputFormat,
  OUTPUT_EXTENSIONS,
  OUTPUT_FORMATS,
  type OutputFormat,
  outputFormatFor,
} from './formats';
export { type OutputMetadata, outputMetadata, readOutputMetadata } from './metadata';

/** sharp's own default (16383 x 16383, about 268 megapixels): a 4-byte RGBA copy of it is about 1 GB. */
export const DEFAULT_MAX_PIXELS = 16383 * 16383;

export interface ReadOptions {
  /** Largest width x height accepted; defaults to DEFAULT_MAX_PIXELS. */
  maxPixels?: number;
  /**
   * What probeImage said of this file with the same maxPixels, so the header is not checked again
   * (a batch probes each file once, to plan its output and admit it to memory, then decodes it).
   */
  probed?: ImageInfo;
  /**
   * Steps added to the decode's sharp pipeline, after the EXIF orientation and before the pixels are
   * written out (a resize there shrinks a JPEG while decoding it: engine/edit/run.ts). Given the
   * upright size.
   */
  shape?: (pipeline: Sharp, upright: { width: number; height: number }) => Sharp;
}

export interface DecodedImage extends RawImage {
  path: string;
  format: InputFormat;
  /**
   * The file has no alpha channel, so every alpha byte is 255; every filter keeps alpha as it is
   * (workers/filters/filters.test.ts), so the filtered image is opaque too and can be encoded as such.
   */
  opaque: boolean;
}

/**
 * Where decoded pixels go, once the size is known: memory of the caller's (e.g. a pool's shared
 * memory, so the workers read the pixels where the decode put them). Exactly width * height * 4 bytes.
 */
export type PixelPlacer = (width: number, height: number) => Uint8Array | Promise<Uint8Array>;

/** Memory of its own, over an ArrayBuffer of exactly its size (transferable to a worker). */
const ownMemory: PixelPlacer = (width, height) => new Uint8Array(width * height * 4);

export interface ImageInfo {
  path: string;
  format: InputFormat;
  /** Width and height as displayed, i.e. after the EXIF orientation is applied (what decodeImage returns). */
  width: number;
  height: number;
  megapixels: number;
  hasAlpha: boolean;
  /** EXIF orientation, 1 (upright) when the file has none. */
  orientation: number;
  /** Size of the file in bytes. */
  bytes: number;
}

export interface EncodeOptions {
  format: OutputFormat;
  /**
   * Every alpha byte is 255 (DecodedImage.opaque): the file is written without alpha, with no pass over
   * the pixels to find out. Otherwise alpha is kept in PNG, WebP and AVIF and laid on white in JPEG.
   */
  opaque?: boolean;
  /** 1-100, default 80. Ignored by PNG, which is lossless. */
  quality?: number;
  /** Names the image in error messages (usually the output path). */
  label?: string;
  /** The input's metadata to write with it (engine/images/metadata.ts); none when absent. */
  metadata?: OutputMetadata;
}

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
  mime: 'image/webp';
}

export { DEFAULT_QUALITY } from '../../shared/formats';

/** Throws an OptionError unless `quality` is a whole number from 1 to 100. */
export function checkQuality(quality: number): void {
  checkWholeNumber('quality', quality, 1, 100);
}

function sharpInput(path: string, maxPixels: number): Sharp {
  return sharp(path, { failOn: 'warning', limitInputPixels: maxPixels, autoOrient: true });
}

function inputFormat(path: string, meta: Metadata): InputFormat {
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'tiff':
    case 'gif':
      return meta.format;
    case 'heif':
      if (meta.compression === 'av1') return 'avif';
      throw new ImageError(
        path,
        'unsupported-format',
        `unsupported format (HEIC with ${meta.compression ?? 'unknown'} compression); PixelPool reads ${READABLE_FORMATS_TEXT}`,
      );
    default:
      throw new ImageError(
        path,
        'unsupported-format',
        `unsupported format (${formatName(String(meta.format))}); PixelPool reads ${READABLE_FORMATS_TEXT}`,
      );
  }
}

interface CheckedHeader {
  info: ImageInfo;
  maxPixels: number;
}

/**
 * Everything that can be refused from the header alone, before a pixel is decoded: missing,
 * unreadable or empty file, a format we do not read, more pixels than the limit.
 */
async function checkHeader(path: string, opts: ReadOptions = {}): Promise<CheckedHeader> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  try {
    const bytes = await checkReadableFile(path);
    // The header is read without the pixel limit so that a refusal can say how large the image is.
    const meta = await sharp(path, { failOn: 'warning', limitInputPixels: false }).metadata();
    const format = inputFormat(path, meta);
    if (meta.width * meta.height > maxPixels) {
      throw new ImageError(path, 'too-large', tooLargeReason(meta.width, meta.height, maxPixels));
    }
    const { width, height } = meta.autoOrient;
    const info: ImageInfo = {
      path,
      format,
      width,
      height,
      megapixels: (width * height) / 1e6,
      hasAlpha: meta.hasAlpha,
      orientation: meta.orientation ?? 1,
      bytes,
    };
    return { info, maxPixels };
  } catch (err) {
    throw await explainReadFailure(path, err, maxPixels);
  }
}

/** Reads the header of an image file: format, displayed size, alpha, orientation, file size. */
export async function probeImage(path: string, opts?: ReadOptions): Promise<ImageInfo> {
  return (await checkHeader(path, opts)).info;
}

/**
 * Checks the header, then runs `read` on a sharp pipeline over the file (upright, pixel limit
 * applied). Whatever fails becomes an ImageError naming the file and the cause.
 */
async function readChecked<T>(
  path: string,
  opts: ReadOptions | undefined,
  read: (input: Sharp, source: ImageInfo) => Promise<T>,
): Promise<T> {
  const { info, maxPixels } = opts?.probed
    ? { info: opts.probed, maxPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS }
    : await checkHeader(path, opts);
  try {
    return await read(sharpInput(path, maxPixels), info);
  } catch (err) {
    throw await explainReadFailure(path, err, maxPixels);
  }
}

/** Fits the image in maxSize x maxSize, never enlarging it. */
function fitInside(maxSize: number): ResizeOptions {
  return { width: maxSize, height: maxSize, fit: 'inside', withoutEnlargement: true };
}

/**
 * Decodes an image file to 8-bit RGBA with its EXIF orientation applied. The pixels sit in a
 * Uint8Array of exactly width * height * 4 bytes over an ArrayBuffer of its own, so the caller
 * can Transfer it to a worker (threads.js silently copies Node's pooled Buffers and sharp's
 * toBuffer() memory instead of moving them).
 */
export async function decodeImage(
  path: string,
  opts?: ReadOptions,
  place: PixelPlacer = ownMemory,
): Promise<DecodedImage> {
  return readChecked(path, opts, (input, source) =>
    toRgba(opts?.shape ? opts.shape(input, source) : input, source, place),
  );
}

/**
 * Decodes an image downscaled to fit in maxSize x maxSize (never enlarged), for live previews:
 * the same RGBA layout as decodeImage, far fewer pixels. JPEGs shrink while decoding, so this is
 * much cheaper than decodeImage on a large photo.
 */
export async function decodePreview(
  path: string,
  maxSize: number,
  opts?: ReadOptions,
): Promise<DecodedImage> {
  assertPositiveSize(maxSize);
  return readChecked(path, opts, (input, source) =>
    toRgba(input.resize(fitInside(maxSize)), source, ownMemory),
  );
}

/** A small WebP of the image (fitting in maxSize x maxSize, upright) for lists and drop zones. */
export async function makeThumbnail(path: string, maxSize = 256, opts?: ReadOptions): Promise<Thumbnail> {
  assertPositiveSize(maxSize);
  return readChecked(path, opts, async (input) => {
    const { data, info } = await input
      .resize(fitInside(maxSize))
      .webp({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, mime: 'image/webp' };
  });
}

function assertPositiveSize(maxSize: number): void {
  checkWholeNumber('maxSize (pixels)', maxSize, 1);
}

async function toRgba(pipeline: Sharp, source: ImageInfo, place: PixelPlacer): Promise<DecodedImage> {
  // sRGB first: grey images would otherwise come out as 2 channels, 16-bit ones as 8 bytes a pixel.
  // toBuffer() then a copy, not toUint8Array(): measured here (sharp 0.35.5, Node 20), every
  // toUint8Array() of a 2560x1600 RGBA image left about 16 MB of native memory behind for good (RSS
  // grew linearly over a batch), while toBuffer() plus one copy stays flat. The copy is also what
  // puts the pixels where they are needed: threads.js cannot transfer toBuffer()'s memory to a worker,
  // and a pool reads its own shared memory with no copy. Into memory that is already mapped (a pool's
  // reused arena) the copy of a 20 MP image takes a few ms; into fresh memory, tens (page faults).
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const expected = info.width * info.height * 4;
  if (info.channels !== 4 || data.byteLength !== expected) {
    throw new ImageError(
      source.path,
      'corrupt',
      `decoded to ${info.channels} channels and ${data.byteLength} bytes, expected RGBA (${expected} bytes)`,
    );
  }
  const pixels = await place(info.width, info.height);
  if (pixels.byteLength !== expected) {
    throw new RangeError(`${source.path}: ${pixels.byteLength} bytes placed for ${expected} bytes of RGBA`);
  }
  pixels.set(data);
  return {
    data: pixels,
    width: info.width,
    height: info.height,
    path: source.path,
    format: source.format,
    opaque: !source.hasAlpha,
  };
}

/**
 * Encodes RGBA pixels. An opaque image (EncodeOptions.opaque) is written without alpha. Otherwise
 * JPEG, which has no alpha, gets transparent pixels laid on white, and the other formats keep alpha.
 */
export async function encodeImage(img: RawImage, opts: EncodeOptions): Promise<Buffer> {
  const label = opts.label ?? `${img.width}x${img.height} image`;
  const quality = opts.quality ?? DEFAULT_QUALITY;
  checkQuality(quality);
  checkOneOf('output format', opts.format, OUTPUT_FORMATS);
  if (img.data.byteLength !== img.width * img.height * 4) {
    throw new RangeError(
      `${label}: ${img.data.byteLength} bytes is not RGBA for ${img.width} x ${img.height} (${img.width * img.height * 4} bytes)`,
    );
  }
  const alpha: AlphaHandling = opts.opaque ? 'remove' : opts.format === 'jpeg' ? 'flatten' : 'keep';
  try {
    return await encoderFor(
      await pixelsWithMetadata(img, alpha, opts.metadata),
      opts.format,
      quality,
    ).toBuffer();
  } catch (err) {
    throw new ImageError(
      label,
      'encode-failed',
      `could not encode as ${formatName(opts.format)} (${messageOf(err)})`,
      err,
    );
  }
}

function encoderFor(pipeline: Sharp, format: OutputFormat, quality: number): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality });
    case 'png':
      return pipeline.png({ compressionLevel: 6 });
    case 'webp':
      return pipeline.webp({ quality });
    case 'avif':
      return pipeline.avif({ quality });
  }
}
