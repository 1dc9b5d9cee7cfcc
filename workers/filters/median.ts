import { assertStripCovers, rowOffset, scratchI32 } from './strip';
import type { Filter, Strip } from './types';

type MedianParams = { radius: number };

/**
 * Median of each channel over the (2r+1) x (2r+1) square, edges repeated (Huang's sliding histogram).
 * Per output row, a histogram per channel is built for the first window and slid one column at a time;
 * the median is tracked by moving a pointer over the histogram instead of rescanning it.
 */
function medianStrip(src: Strip, dst: Strip, r: number): void {
  assertStripCovers('median', src, dst, r);
  const width = dst.width;
  if (dst.rows === 0 || width === 0) return;
  const last = dst.imageHeight - 1;
  const lastX = width - 1;
  const side = 2 * r + 1;
  // The median of n = side^2 values is the one with `rank` values below it in sorted order.
  const rank = (side * side - 1) >> 1;
  const hist = scratchI32('median.hist', 3 * 256);
  const rowsAt = scratchI32('median.rows', side);
  const s = src.data;
  const d = dst.data;

  for (let row = 0; row < dst.rows; row++) {
    const y = dst.y0 + row;
    for (let k = -r; k <= r; k++) rowsAt[k + r] = rowOffset(src, y + k < 0 ? 0 : Math.min(y + k, last));
    hist.fill(0, 0, 3 * 256);
    for (let dy = 0; dy < side; dy++) {
      const base = rowsAt[dy];
      for (let k = -r; k <= r; k++) {
        const i = base + 4 * (k < 0 ? 0 : Math.min(k, lastX));
        hist[s[i]]++;
        hist[256 + s[i + 1]]++;
        hist[512 + s[i + 2]]++;
      }
    }
    // Per channel: the current median and how many window values lie strictly below it.
    const med = [0, 0, 0];
    const below = [0, 0, 0];
    const out = rowOffset(dst, y);
    const srcRow = rowOffset(src, y);
    for (let x = 0; x < width; x++) {
      if (x > 0) {
        const leave = 4 * Math.max(x - r - 1, 0);
        const enter = 4 * Math.min(x + r, lastX);
        for (let dy = 0; dy < side; dy++) {
          const base = rowsAt[dy];
          for (let c = 0; c < 3; c++) {
            const out0 = s[base + leave + c];
            const in0 = s[base + enter + c];
            hist[(c << 8) + out0]--;
            if (out0 < med[c]) below[c]--;
            hist[(c << 8) + in0]++;
            if (in0 < med[c]) below[c]++;
          }
        }
      }
      for (let c = 0; c < 3; c++) {
        const h = c << 8;
        let m = med[c];
        let lt = below[c];
        while (lt > rank) lt -= hist[h + --m];
        while (lt + hist[h + m] <= rank) lt += hist[h + m++];
        med[c] = m;
        below[c] = lt;
        d[out + 4 * x + c] = m;
      }
      d[out + 4 * x + 3] = s[srcRow + 4 * x + 3];
    }
  }
}

export const median: Filter<MedianParams> = {
  id: 'median',
  label: 'Median',
  category: 'blur',
  description: 'Replaces each channel by the median of its neighbourhood: removes speckles, keeps edges.',
  params: [
    {
      key: 'radius',
      label: 'Radius',
      type: 'int',
      default: 2,
      min: 1,
      max: 8,
      step: 1,
      unit: 'px',
      description: 'Neighbourhood of 2 x radius + 1 pixels on each side.',
    },
  ],
  radius: (p) => p.radius,
  apply(src: Strip, dst: Strip, p): void {
    medianStrip(src, dst, p.radius);
  },
};
