/**
 * What a batch does with each photo's metadata (EXIF, XMP, IPTC, the colour profile, the density):
 * the one list the CLI's `--metadata`, the API's schemas and the batch form read. How each part is
 * written is in engine/images/metadata.ts; docs/metadata.md says it for people.
 */
export const METADATA_MODES = ['keep', 'strip'] as const;
export type MetadataMode = (typeof METADATA_MODES)[number];
/** Keep, as Lightroom's export and XnConvert do: a batch tool that drops the camera, date and copyright surprises people. */
export const DEFAULT_METADATA_MODE: MetadataMode = 'keep';

export const METADATA_MODE_INFO: Readonly<Record<MetadataMode, { label: string; hint: string }>> = {
  keep: {
    label: 'Keep',
    hint: 'EXIF, XMP, IPTC and density kept; orientation reset (pixels are upright); colour in sRGB, tagged.',
  },
  strip: {
    label: 'Strip',
    hint: 'Nothing but the pixels (in sRGB): no camera, date, copyright or location.',
  },
};

/** A batch's metadata options; `stripGps` matters only when keeping. */
export interface MetadataChoice {
  metadata: MetadataMode;
  stripGps: boolean;
}

export const DEFAULT_METADATA_CHOICE: MetadataChoice = { metadata: DEFAULT_METADATA_MODE, stripGps: false };

/** The choice a request or a batch's options make, the defaults filled in where it says nothing. */
export function metadataChoice(given: Partial<MetadataChoice>): MetadataChoice {
  return {
    metadata: given.metadata ?? DEFAULT_METADATA_CHOICE.metadata,
    stripGps: given.stripGps ?? DEFAULT_METADATA_CHOICE.stripGps,
  };
}
