import { assertStripCovers, rowOffset } from './strip';
import type { Strip } from './types';

/**
 * Where a per-pixel (radius 0) kernel reads and writes: dst's rows sit at the same place in src,
 * so one contiguous byte range covers them.
 */
export function perPixelRange(
  filterId: string,
  src: Strip,
  dst: Strip,
): { srcStart: number; dstStart: number; bytes: number } {
  assertStripCovers(filterId, src, dst, 0);
  return { srcStart: rowOffset(src, dst.y0), dstStart: 0, bytes: dst.rows * dst.width * 4 };
}

/** Applies a 256-entry table to R, G and B, copying alpha. */
export function applyLut(filterId: string, src: Strip, dst: Strip, lut: Uint8Array): void {
  const { srcStart, bytes } = perPixelRange(filterId, src, dst);
  const s = src.data;
  const d = dst.data;
  for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
    d[i] = lut[s[j]];
    d[i + 1] = lut[s[j + 1]];
    d[i + 2] = lut[s[j + 2]];
    d[i + 3] = s[j + 3];
  }
}
