import { assertStripCovers, luma, rowOffset, scratchI32 } from './strip';
import type { Filter, Strip } from './types';

/**
 * Edge strength: the Sobel gradient of the luma, sqrt(gx^2 + gy^2) clamped to 255, written as grey.
 * Luma is computed once per source row into a ring of three padded rows (edges repeated), so the
 * inner loop does no clamping.
 */
function sobelStrip(src: Strip, dst: Strip): void {
  assertStripCovers('sobel', src, dst, 1);
  const width = dst.width;
  if (dst.rows === 0 || width === 0) return;
  const last = dst.imageHeight - 1;
  const stride = width + 2;
  const ring = scratchI32('sobel.ring', 3 * stride);
  const s = src.data;
  const d = dst.data;

  const lumaRow = (y: number): void => {
    const o = (y % 3) * stride;
    for (let x = 0, i = rowOffset(src, y); x < width; x++, i += 4)
      ring[o + 1 + x] = luma(s[i], s[i + 1], s[i + 2]);
    ring[o] = ring[o + 1];
    ring[o + width + 1] = ring[o + width];
  };
  let filledTo = Math.max(0, dst.y0 - 1) - 1;
  for (let row = 0; row < dst.rows; row++) {
    const y = dst.y0 + row;
    const need = Math.min(last, y + 1);
    while (filledTo < need) lumaRow(++filledTo);
    const up = ((y === 0 ? 0 : y - 1) % 3) * stride;
    const mid = (y % 3) * stride;
    const down = ((y === last ? last : y + 1) % 3) * stride;
    // Sobel separates: gx is the horizontal difference of vertically smoothed columns (top + 2 mid +
    // bottom), gy the horizontal smoothing of vertical differences (bottom - top). Sliding both along
    // the row reads three luma values per pixel instead of eight.
    let smoothPrev = ring[up] + 2 * ring[mid] + ring[down];
    let diffPrev = ring[down] - ring[up];
    let smoothCur = ring[up + 1] + 2 * ring[mid + 1] + ring[down + 1];
    let diffCur = ring[down + 1] - ring[up + 1];
    for (let x = 0, i = rowOffset(dst, y), j = rowOffset(src, y); x < width; x++, i += 4, j += 4) {
      const t = ring[up + x + 2];
      const b = ring[down + x + 2];
      const smoothNext = t + 2 * ring[mid + x + 2] + b;
      const diffNext = b - t;
      const gx = smoothNext - smoothPrev;
      const gy = diffPrev + 2 * diffCur + diffNext;
      smoothPrev = smoothCur;
      smoothCur = smoothNext;
      diffPrev = diffCur;
      diffCur = diffNext;
      const m2 = gx * gx + gy * gy;
      // Branch-free rounding and saturation: on photos the "above 255" test is unpredictable.
      const v = Math.min(255, (Math.sqrt(m2) + 0.5) | 0);
      d[i] = v;
      d[i + 1] = v;
      d[i + 2] = v;
      d[i + 3] = s[j + 3];
    }
  }
}

export const sobel: Filter = {
  id: 'sobel',
  label: 'Sobel edges',
  category: 'edge',
  description: 'White where brightness changes sharply, black where it is flat (Sobel gradient magnitude).',
  params: [],
  radius: () => 1,
  apply: sobelStrip,
};
