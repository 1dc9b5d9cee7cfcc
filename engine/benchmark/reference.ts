/**
 * sharp's own equivalent of a one-step pipeline. The filter scope times it on the same RGBA pixels at
 * concurrency 1, so the kernels' single-thread speed can be read against a native library's; the job
 * scope puts it in the sharp script users compare PixelPool with (sharp-script.ts). Main thread only
 * (sharp).
 */
import sharp, { type Sharp } from 'sharp';
import type { ResolvedStep } from '../../workers/filters/types';
import type { RawImage } from '../types';
import { withSharpSettings } from './sharp-settings';
import { median } from './statistics';

/** The horizontal 3x3 Sobel kernel. */
const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];

export interface ReferenceOperation {
  /** In the filter scope's report: "blur(sigma=3)", "convolve(3x3 Sobel x)". */
  name: string;
  /** The same operation as a sharp call in a script: "blur(3)". */
  call: string;
  /** Adds the operation to a sharp pipeline. */
  apply(pipeline: Sharp): Sharp;
  /** The operation alone on RGBA pixels, raw out. */
  run(image: RawImage): Promise<unknown>;
}

function operation(name: string, call: string, apply: (pipeline: Sharp) => Sharp): ReferenceOperation {
  return {
    name,
    call,
    apply,
    run: (image) =>
      apply(sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } }))
        .raw()
        .toBuffer(),
  };
}

/** sharp's counterpart of the pipeline, or null when it has none (only a lone gaussian-blur or sobel has). */
export function referenceFor(steps: readonly ResolvedStep[]): ReferenceOperation | null {
  if (steps.length !== 1) return null;
  const [{ filter, params }] = steps;
  if (filter.id === 'gaussian-blur') {
    const sigma = params.sigma;
    return operation(`blur(sigma=${sigma})`, `blur(${sigma})`, (p) => p.blur(sigma));
  }
  if (filter.id === 'sobel') {
    // sharp does one kernel, ours two and the magnitude: the closest sharp has, not the same work.
    return operation(
      'convolve(3x3 Sobel x)',
      `convolve({ width: 3, height: 3, kernel: [${SOBEL_X.join(', ')}] })`,
      (p) => p.convolve({ width: 3, height: 3, kernel: SOBEL_X }),
    );
  }
  return null;
}

/** Why referenceFor found nothing, in words for the report. */
export function noReferenceReason(steps: readonly ResolvedStep[]): string {
  const pipeline = steps.length === 0 ? 'no filter' : steps.map((s) => s.filter.id).join(' -> ');
  return `No sharp script to compare with: sharp has an equivalent of a lone gaussian-blur (blur) or a lone sobel (convolve) only, and this pipeline is ${pipeline}.`;
}

/**
 * Times `operation` over all images, warm-up then `repeat` timed passes, at sharp.concurrency(1) with
 * libvips' operation cache off (a cached result would time nothing); both settings are restored after.
 */
export async function timeReference(
  operation: ReferenceOperation,
  images: readonly RawImage[],
  repeat: number,
  warmup: number,
  signal?: AbortSignal,
): Promise<{ medianMs: number; samplesMs: number[] }> {
  return withSharpSettings({ concurrency: 1, cache: false }, async () => {
    const samplesMs: number[] = [];
    for (let pass = 0; pass < warmup + repeat; pass++) {
      signal?.throwIfAborted();
      const start = performance.now();
      for (const image of images) await operation.run(image);
      if (pass >= warmup) samplesMs.push(performance.now() - start);
    }
    return { medianMs: median(samplesMs), samplesMs };
  });
}
