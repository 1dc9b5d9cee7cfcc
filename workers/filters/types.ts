/**
 * The shape every filter shares. A filter is data (id, label, params schema) plus one pure
 * kernel that reads RGBA rows from `src` and writes RGBA rows into `dst`.
 *
 * Strips are horizontal bands of one image. `src` holds the rows [src.y0, src.y0 + src.rows)
 * of the full image (its own rows plus a halo of `radius(p)` rows from its neighbours, cut at
 * the image edge); `dst` asks for the rows [dst.y0, dst.y0 + dst.rows). A kernel clamps only
 * at the true image edge (0 and imageHeight - 1), never at the strip edge, so that the
 * parallel output is byte-for-byte the serial output.
 */

/** A band of rows of an RGBA image, 4 bytes per pixel, rows packed without padding. */
export interface Strip {
  /** RGBA bytes of `rows` rows of `width` pixels. May be a view into a larger buffer. */
  data: Uint8Array;
  /** Width of the image (and of the strip) in pixels. */
  width: number;
  /** Height of the whole image, so kernels know where the true edge is. */
  imageHeight: number;
  /** Index in the whole image of the first row held in `data`. */
  y0: number;
  /** Number of rows held in `data`. */
  rows: number;
}

export type FilterCategory = 'color' | 'blur' | 'edge' | 'stylize';

/**
 * Where a step sits in the catalogue: the filters' categories, and 'geometry' for the steps that change
 * an image's size or orientation (resize, crop, rotate, flip, flop), which sharp runs (engine/geometry/).
 */
export type StepCategory = 'geometry' | FilterCategory;

/** One numeric parameter: drives validation, the UI form and the CLI syntax. */
export interface ParamSpec {
  key: string;
  label: string;
  /** 'int' values must be whole numbers. */
  type: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  /** Slider step in the UI. */
  step: number;
  unit?: string;
  description: string;
}

/**
 * One parameter chosen from a fixed list of words (a geometry step's `fit`, `gravity`, `angle`).
 * Filters take numbers only; choices are for steps that sharp runs.
 */
export interface ChoiceParamSpec {
  key: string;
  label: string;
  type: 'choice';
  default: string;
  /** In display order; `value` is what the CLI and presets write. */
  options: readonly { value: string; label: string }[];
  description: string;
}

/** Any step's parameter, as the catalogue lists it. */
export type StepParamSpec = ParamSpec | ChoiceParamSpec;

export type Params = Record<string, number>;

/** A parameter's value as users write it: a number, or a word for a choice. */
export type ParamValue = number | string;

export interface Filter<P extends Params = Params> {
  id: string;
  label: string;
  category: FilterCategory;
  description: string;
  params: readonly ParamSpec[];
  /** Rows of context needed above and below each output row (0 for per-pixel filters). */
  radius(p: P): number;
  /** Writes dst's rows, reading src. src covers dst's rows plus `radius(p)` rows each side, cut at the image edge. */
  apply(src: Strip, dst: Strip, p: P): void;
}

/** One step of a pipeline as users write it (CLI spec, preset JSON, the UI). */
export interface PipelineStep {
  id: string;
  params?: Partial<Record<string, ParamValue>>;
  /** Steps with enabled === false are kept in presets but not run. */
  enabled?: boolean;
}

/** A validated step: the filter and every parameter filled in and within bounds. */
export interface ResolvedStep {
  filter: Filter;
  params: Params;
}
