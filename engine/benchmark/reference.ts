/**
 * sharp's own equivalent of a one-step pipeline, timed on the same RGBA pixels at concurrency 1, so the
 * JS kernels' single-thread speed can be read against a native library's. Main thread only (sharp).
 */
import sharp from 'sharp';
import type { ResolvedStep } from '../../workers/filters/types';
import type { RawImage } from '../types';
import { withSharpSettings } from './sharp-settings';
import { median } from './statistics';

/** The horizontal 3x3 Sobel kernel. */
const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];

export interface ReferenceOperation {
  name: string;
  run(image: RawImage): Promise<unknown>;
}

/** sharp's counterpart of the pipeline, or null when it has none (only a lone gaussian-blur or sobel has). */
export function referenceFor(steps: readonly ResolvedStep[]): ReferenceOperation | null {
  if (steps.length !== 1) return null;
  const [{ filter, params }] = steps;
  const raw = (image: RawImage) =>
    sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  if (filter.id === 'gaussian-blur') {
    return {
      name: `blur(sigma=${params.sigma})`,
      run: (image) => raw(image).blur(params.sigma).raw().toBuffer(),
    };
  }
  if (filter.id === 'sobel') {
    return {
      name: 'convolve(3x3 Sobel x)',
      run: (image) => raw(image).convolve({ width: 3, height: 3, kernel: SOBEL_X }).raw().toBuffer(),
    };
  }
  return null;
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
