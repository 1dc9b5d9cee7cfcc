/** What every lab experiment's request and result have in common (shared/lab/index.ts lists them). */

/** The photo an experiment ran on. */
export interface LabImageInfo {
  name: string;
  /** True when it is a sample photo (the library was empty), not one of the user's. */
  sample: boolean;
}

export interface LabRequestBase {
  /**
   * Library images to run on. Left out or empty: the sample photos that ship with PixelPool
   * (assets/photos), so the lab runs on an empty library; the job fails saying so where the samples
   * are not installed. An experiment on one photo (LAB_INPUTS 'one') takes the first.
   */
  imageIds?: string[];
}

export interface LabResultBase {
  /** The photos it ran on, in order (none for an experiment without photos). */
  images: LabImageInfo[];
  /** Logical cores of the machine, to read the worker counts against. */
  cores: number;
}

/** The most library photos the app gives an experiment on many photos (the first ones), to keep a run short. */
export const LAB_MAX_PHOTOS = 8;

/** What an experiment runs on: one photo, every photo given, or none (it measures messages alone). */
export type LabInputs = 'one' | 'many' | 'none';

/** The photos of a report (a count, as the engine gives it) or of a result (the photos named). */
export function photoCount(images: number | readonly LabImageInfo[]): number {
  return typeof images === 'number' ? images : images.length;
}
