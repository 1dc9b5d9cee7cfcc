import { assertStripCovers, luma, rowOffset, scratchI32 } from './strip';
import type { Filter, Strip } from './types';

/**
 * Edge strength: the Sobel gradient of the luma, sqrt(gx^2 + gy^2) clamped to 255, written as grey.
 * Luma is computed once per source row into a ring of three padded rows (edges repeated), so each
 * output pixel reads nine integers and does no clamping.
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
    for (let x = 0, i = rowOffset(dst, y), j = rowOffset(src, y); x < width; x++, i += 4, j += 4) {
      const a = ring[up + x];
      const b = ring[up + x + 1];
      const c = ring[up + x + 2];
      const l = ring[mid + x];
      const r = ring[mid + x + 2];
      const e = ring[down + x];
      const f = ring[down + x + 1];
      const g = ring[down + x + 2];
      const gx = c + 2 * r + g - (a + 2 * l + e);
      const gy = e + 2 * f + g - (a + 2 * b + c);
      const m2 = gx * gx + gy * gy;
      // 255^2 = 65025: anything above saturates, so the square root is needed only below it.
      const v = m2 >= 65025 ? 255 : Math.round(Math.sqrt(m2));
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
