/**
 * Running an edit plan (plan.ts) on one image, the same way for the batch, the serial baseline and the
 * preview, so that their pixels are the same: the first step, when it is a geometry step, is fused into
 * the decode (a resize then shrinks a JPEG while it is decoded: engine/geometry/types.ts); every later
 * geometry step is a sharp pass over the raw pixels; each run of filters is one call of `filter`.
 */
import sharp, { type Sharp } from 'sharp';
import type { ResolvedGeometry } from '../geometry/index';
import {
  type DecodedImage,
  decodeImage,
  ImageError,
  type PixelPlacer,
  type ReadOptions,
} from '../images/index';
import type { HeldPixels, RawImage } from '../types';
import type { EditPlan, EditStage } from './plan';

/** Runs one stage of filters on an image; the caller's pool or thread. */
export type RunFilters = (image: RawImage, steps: EditStage & { kind: 'filters' }) => Promise<HeldPixels>;

/** The stages left once the decode has run the first (when it is geometry). */
export function stagesAfterDecode(plan: EditPlan): EditStage[] {
  return plan.stages[0]?.kind === 'geometry' ? plan.stages.slice(1) : plan.stages;
}

/** Decodes `path` upright, with the plan's first step run in the decode when it is a geometry step. */
export function decodeForEdit(
  path: string,
  plan: EditPlan,
  opts: ReadOptions | undefined,
  place?: PixelPlacer,
): Promise<DecodedImage> {
  const first = plan.stages[0];
  const shape =
    first?.kind === 'geometry'
      ? (pipeline: Sharp, size: { width: number; height: number }) =>
          first.geometry.step.apply(pipeline, size, first.geometry.params)
      : undefined;
  return decodeImage(path, { ...opts, shape }, place);
}

/** One geometry step on raw RGBA pixels: a new image in memory of its own. */
export async function applyGeometry(
  image: RawImage,
  geometry: ResolvedGeometry,
  label: string,
): Promise<RawImage> {
  const { step, params } = geometry;
  try {
    const input = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
    const { data, info } = await step
      .apply(input, { width: image.width, height: image.height }, params)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    // A copy over an ArrayBuffer of its own: threads.js copies sharp's pooled memory instead of moving it.
    return { data: new Uint8Array(data), width: info.width, height: info.height };
  } catch (err) {
    throw new ImageError(label, 'unknown', `${step.label} failed (${(err as Error).message})`, err);
  }
}

/**
 * Runs `stages` on `held` (decoded by decodeForEdit, so without its fused first step) and returns the
 * result; each stage's input is released as soon as the next exists, whatever happens.
 */
export async function runStages(
  held: HeldPixels,
  stages: readonly EditStage[],
  filter: RunFilters,
  label: string,
  signal?: AbortSignal,
): Promise<HeldPixels> {
  let current = held;
  try {
    for (const stage of stages) {
      signal?.throwIfAborted();
      const next =
        stage.kind === 'filters'
          ? await filter(current.image, stage)
          : { image: await applyGeometry(current.image, stage.geometry, label), release: () => {} };
      current.release();
      current = next;
    }
    return current;
  } catch (err) {
    current.release();
    throw err;
  }
}
