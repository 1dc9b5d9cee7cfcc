/**
 * The steps that change an image's size or orientation: resize, crop, rotate, flip, flop. They take
 * the pipeline's format (`{ id, params }`, the CLI's `resize:width=800`) but no kernel of ours: sharp
 * (libvips) runs them, on the main thread, because its resize shrinks a JPEG while decoding it
 * (measured on a 20 MP JPEG to 800 px wide, libvips on one thread: 89 ms fused with the decode
 * against 483 ms decoding in full then resizing, 5.4x) and its Lanczos filter is the one users compare
 * us with. How a pipeline of filters and geometry steps runs: engine/edit/.
 */
import type { Sharp } from 'sharp';
import type { ParamValue, StepParamSpec } from '../../workers/filters/types';

export interface Size {
  width: number;
  height: number;
}

export type GeometryParams = Record<string, ParamValue>;

export interface GeometryStep {
  id: string;
  label: string;
  category: 'geometry';
  description: string;
  params: readonly StepParamSpec[];
  /** A rule across parameters (e.g. resize needs a width or a height): the fault, or undefined. */
  check?(p: GeometryParams): string | undefined;
  /**
   * The size it makes from an image of `input`'s size, or an upper bound where sharp rounds (resize):
   * what the memory budget and the pixel limit are checked against before anything is decoded.
   */
  outputSize(input: Size, p: GeometryParams): Size;
  /** Adds the step to a sharp pipeline over an image of `input`'s size (upright, sRGB). */
  apply(pipeline: Sharp, input: Size, p: GeometryParams): Sharp;
}

/** A step and its checked parameters (every default filled in). */
export interface ResolvedGeometry {
  step: GeometryStep;
  params: GeometryParams;
}

/** Reads a numeric parameter that resolveGeometry checked. */
export function num(p: GeometryParams, key: string): number {
  return p[key] as number;
}

/** Reads a choice parameter that resolveGeometry checked. */
export function word(p: GeometryParams, key: string): string {
  return p[key] as string;
}
