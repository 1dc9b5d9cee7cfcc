/**
 * The formats the images module reads and writes, kept apart from sharp so that pure code (the
 * service's schemas, tests run under the renderer's tsconfig) can import them. What a batch writes
 * is shared with the UI: shared/formats.ts.
 */
export { OUTPUT_EXTENSIONS, OUTPUT_FORMATS, type OutputFormat, outputFormatFor } from '../../shared/formats';

/** Formats decodeImage accepts, as this module names them (AVIF is reported apart from other HEIF). */
export type InputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif';

/** File name extensions (lower case, with the dot) of the formats decodeImage reads. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.png',
  '.webp',
  '.avif',
  '.tif',
  '.tiff',
  '.gif',
]);
