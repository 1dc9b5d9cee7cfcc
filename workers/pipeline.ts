/**
 * Running a pipeline of filters on one strip. Each step needs `radius` rows of context, so the source
 * covers the output plus the sum of all radii (cut at the image edge), and the band of valid rows
 * shrinks by each step's radius until the last step writes exactly the requested rows.
 */
import { assertStripCovers } from './filters/strip';
import type { ResolvedStep, Strip } from './filters/types';

export function pipelineRadius(steps: readonly ResolvedStep[]): number {
  let total = 0;
  for (const step of steps) total += step.filter.radius(step.params);
  return total;
}

/**
 * Writes dst's rows from src, which must cover them plus `pipelineRadius(steps)` rows each side (cut at
 * the image edge). A single step writes straight into dst; longer pipelines use intermediate strips.
 * src and dst must not share memory.
 */
export function runPipeline(steps: readonly ResolvedStep[], src: Strip, dst: Strip): void {
  const radii = steps.map((s) => s.filter.radius(s.params));
  let remaining = radii.reduce((a, b) => a + b, 0);
  assertStripCovers('pipeline', src, dst, remaining);
  if (steps.length === 0) {
    const rowBytes = dst.width * 4;
    const start = (dst.y0 - src.y0) * rowBytes;
    dst.data.set(src.data.subarray(start, start + dst.rows * rowBytes));
    return;
  }
  let current = src;
  for (let i = 0; i < steps.length; i++) {
    remaining -= radii[i];
    const last = i === steps.length - 1;
    const out = last ? dst : bandAround(dst, remaining);
    steps[i].filter.apply(current, out, steps[i].params);
    current = out;
  }
}

/** A fresh strip covering dst's rows plus `margin` rows each side, cut at the image edge. */
function bandAround(dst: Strip, margin: number): Strip {
  const y0 = Math.max(0, dst.y0 - margin);
  const y1 = Math.min(dst.imageHeight, dst.y0 + dst.rows + margin);
  return {
    data: new Uint8Array((y1 - y0) * dst.width * 4),
    width: dst.width,
    imageHeight: dst.imageHeight,
    y0,
    rows: y1 - y0,
  };
}
