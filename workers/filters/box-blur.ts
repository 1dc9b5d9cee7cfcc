import { assertStripCovers, rowOffset, scratchI32 } from './strip';
import type { Filter, Strip } from './types';

type BoxBlurParams = { radius: number };

/**
 * Mean of the (2r+1) x (2r+1) square around each pixel, edges repeated. Sliding integer sums make the
 * cost independent of the radius, and integer sums are exact, so the result cannot depend on where a
 * strip starts. The mean is rounded once, from the full 2-D sum.
 */
function boxBlur(src: Strip, dst: Strip, r: number): void {
  assertStripCovers('box-blur', src, dst, r);
  const width = dst.width;
  if (dst.rows === 0 || width === 0) return;
  const last = dst.imageHeight - 1;
  const lastX = width - 1;
  const ringRows = 2 * r + 2;
  const rowLen = width * 3;
  const ring = scratchI32('box.ring', ringRows * rowLen);
  const col = scratchI32('box.col', rowLen);
  const s = src.data;
  const d = dst.data;
  const n = (2 * r + 1) * (2 * r + 1);
  const half = n >> 1;

  /** Horizontal window sums of image row y into ring slot (y % ringRows). */
  const sumRow = (y: number): void => {
    const base = rowOffset(src, y);
    const out = (y % ringRows) * rowLen;
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let k = -r; k <= r; k++) {
      const i = base + 4 * (k < 0 ? 0 : Math.min(k, lastX));
      sr += s[i];
      sg += s[i + 1];
      sb += s[i + 2];
    }
    for (let x = 0; x < width; x++) {
      const o = out + 3 * x;
      ring[o] = sr;
      ring[o + 1] = sg;
      ring[o + 2] = sb;
      const add = base + 4 * Math.min(x + r + 1, lastX);
      const sub = base + 4 * Math.max(x - r, 0);
      sr += s[add] - s[sub];
      sg += s[add + 1] - s[sub + 1];
      sb += s[add + 2] - s[sub + 2];
    }
  };
  const clampY = (y: number): number => (y < 0 ? 0 : Math.min(y, last));

  let filledTo = Math.max(0, dst.y0 - r) - 1;
  const fillTo = (y: number): void => {
    while (filledTo < y) sumRow(++filledTo);
  };
  fillTo(Math.min(last, dst.y0 + r));
  col.fill(0, 0, rowLen);
  for (let k = -r; k <= r; k++) {
    const o = (clampY(dst.y0 + k) % ringRows) * rowLen;
    for (let i = 0; i < rowLen; i++) col[i] += ring[o + i];
  }
  for (let row = 0; ; row++) {
    const y = dst.y0 + row;
    for (
      let x = 0, i = rowOffset(dst, y), j = rowOffset(src, y), c = 0;
      x < width;
      x++, i += 4, j += 4, c += 3
    ) {
      d[i] = Math.floor((col[c] + half) / n);
      d[i + 1] = Math.floor((col[c + 1] + half) / n);
      d[i + 2] = Math.floor((col[c + 2] + half) / n);
      d[i + 3] = s[j + 3];
    }
    if (row + 1 === dst.rows) break;
    // Slide the vertical window down one row: add the row entering it, drop the one leaving it.
    const enter = clampY(y + r + 1);
    fillTo(enter);
    const a = (enter % ringRows) * rowLen;
    const b = (clampY(y - r) % ringRows) * rowLen;
    for (let i = 0; i < rowLen; i++) col[i] += ring[a + i] - ring[b + i];
  }
}

export const boxBlurFilter: Filter<BoxBlurParams> = {
  id: 'box-blur',
  label: 'Box blur',
  category: 'blur',
  description: 'Average of the square of pixels around each pixel: a quick, flat blur.',
  params: [
    {
      key: 'radius',
      label: 'Radius',
      type: 'int',
      default: 3,
      min: 1,
      max: 50,
      step: 1,
      unit: 'px',
      description: 'Pixels averaged on each side; the square is 2 x radius + 1 pixels wide.',
    },
  ],
  radius: (p) => p.radius,
  apply(src: Strip, dst: Strip, p): void {
    boxBlur(src, dst, p.radius);
  },
};
