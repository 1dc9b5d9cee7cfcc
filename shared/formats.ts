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
  /** The media type a host serves a written file of this format with. */
  mime: string;
}

export const OUTPUT_FORMAT_INFO = {
  jpeg: { label: 'JPEG', extension: 'jpg', lossy: true, mime: 'image/jpeg' },
  png: { label: 'PNG', extension: 'png', lossy: false, mime: 'image/png' },
  webp: { label: 'WebP', extension: 'webp', lossy: true, mime: 'image/webp' },
  avif: { label: 'AVIF', extension: 'avif', lossy: true, mime: 'image/avif' },
} as const satisfies Record<OutputFormat, OutputFormatInfo>;

/**
 * The media type of a written file by its name's extension (any case; "jpeg" too, which a name pattern may
 * spell out), or null when the name does not end in one of ours.
 */
export function outputMimeOf(fileName: string): string | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  const extension = fileName.slice(dot + 1).toLowerCase();
  if (extension === 'jpeg') return OUTPUT_FORMAT_INFO.jpeg.mime;
  const format = OUTPUT_FORMATS.find((f) => OUTPUT_FORMAT_INFO[f].extension === extension);
  return format === undefined ? null : OUTPUT_FORMAT_INFO[format].mime;
}

/** The extension an encoded file of each output format gets. */
export const OUTPUT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  jpeg: OUTPUT_FORMAT_INFO.jpeg.extension,
  png: OUTPUT_FORMAT_INFO.png.extension,
  webp: OUTPUT_FORMAT_INFO.webp.extension,
  avif: OUTPUT_FORMAT_INFO.avif.extension,
};

/**
 * What a batch is asked to write: `same` (the default in the CLI and the app: the input's format when it
 * can be written, else PNG, so a transparent PNG stays a PNG) or one output format. The one list the CLI's
 * `--format`, the API's schemas and the batch form's menu read.
 */
export const OUTPUT_FORMAT_CHOICES = ['same', ...OUTPUT_FORMATS] as const;
export type OutputFormatChoice = (typeof OUTPUT_FORMAT_CHOICES)[number];
export const DEFAULT_OUTPUT_FORMAT: OutputFormatChoice = 'same';

/**
 * The format a file is written in: the choice, or for `same` (or none) the input's own when it can be
 * written, else PNG (lossless, keeps alpha: what a TIFF or GIF becomes). `input` is sharp's format name.
 * The batch, the preview and the batch form's example name all resolve it here.
 */
export function outputFormatFor(choice: OutputFormatChoice | undefined, input: string): OutputFormat {
  if (choice !== undefined && choice !== 'same') return choice;
  return (OUTPUT_FORMATS as readonly string[]).includes(input) ? (input as OutputFormat) : 'png';
}

/** How a person names each choice ("Same as input", "WebP"). */
export const OUTPUT_FORMAT_CHOICE_LABEL: Readonly<Record<OutputFormatChoice, string>> = {
  same: 'Same as input',
  jpeg: OUTPUT_FORMAT_INFO.jpeg.label,
  png: OUTPUT_FORMAT_INFO.png.label,
  webp: OUTPUT_FORMAT_INFO.webp.label,
  avif: OUTPUT_FORMAT_INFO.avif.label,
};

/** The one default quality of lossy outputs, in the CLI, the app and the engine (sharp's own for JPEG and WebP). */
export const DEFAULT_QUALITY = 80;

/** The formats whose quality setting matters, in list order. */
export const LOSSY_FORMATS: readonly OutputFormat[] = OUTPUT_FORMATS.filter(
  (f) => OUTPUT_FORMAT_INFO[f].lossy,
);
