/**
 * The formats a batch can write: the one list that the engine's encoder, the API's schemas, the CLI's
 * `--format` choices and the UI's format menu read. Pure data with no imports, because the renderer
 * bundles it.
 */
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputFormatInfo {
  /** How a person names the format ("WebP"). */
  label: string;
  /** The file name extension an encoded file gets, without the dot. */
  extension: string;
  /** False when the encoder ignores the quality setting. */
  lossy: boolean;
}

export const OUTPUT_FORMAT_INFO = {
  jpeg: { label: 'JPEG', extension: 'jpg', lossy: true },
  png: { label: 'PNG', extension: 'png', lossy: false },
  webp: { label: 'WebP', extension: 'webp', lossy: true },
  avif: { label: 'AVIF', extension: 'avif', lossy: true },
} as const satisfies Record<OutputFormat, OutputFormatInfo>;

/** The extension an encoded file of each output format gets. */
export const OUTPUT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  jpeg: OUTPUT_FORMAT_INFO.jpeg.extension,
  png: OUTPUT_FORMAT_INFO.png.extension,
  webp: OUTPUT_FORMAT_INFO.webp.extension,
  avif: OUTPUT_FORMAT_INFO.avif.extension,
};

/** The formats whose quality setting matters, in list order. */
export const LOSSY_FORMATS: readonly OutputFormat[] = OUTPUT_FORMATS.filter(
  (f) => OUTPUT_FORMAT_INFO[f].lossy,
);
