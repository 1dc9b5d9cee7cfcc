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
  const histR = scratchI32('median.r', 256);
  const histG = scratchI32('median.g', 256);
  const histB = scratchI32('median.b', 256);
  const rowsAt = scratchI32('median.rows', side);
  const s = src.data;
  const d = dst.data;

  for (let row = 0; row < dst.rows; row++) {
    const y = dst.y0 + row;
    for (let k = -r; k <= r; k++) rowsAt[k + r] = rowOffset(src, Math.min(last, Math.max(0, y + k)));
    histR.fill(0, 0, 256);
    histG.fill(0, 0, 256);
    histB.fill(0, 0, 256);
    for (let dy = 0; dy < side; dy++) {
      const base = rowsAt[dy];
      for (let k = -r; k <= r; k++) {
        const i = base + 4 * Math.min(lastX, Math.max(0, k));
        histR[s[i]]++;
        histG[s[i + 1]]++;
        histB[s[i + 2]]++;
      }
    }
    // Per channel: the current median m* and how many window values lie strictly below it (lt*).
    let mR = 0;
    let mG = 0;
    let mB = 0;
    let ltR = 0;
    let ltG = 0;
    let ltB = 0;
    const out = rowOffset(dst, y);
    const srcRow = rowOffset(src, y);
    for (let x = 0; x < width; x++) {
      if (x > 0) {
        const leave = 4 * Math.max(0, x - r - 1);
        const enter = 4 * Math.min(lastX, x + r);
        for (let dy = 0; dy < side; dy++) {
          const o = rowsAt[dy] + leave;
          const n = rowsAt[dy] + enter;
          // (a - m) >>> 31 is 1 when a < m: branch-free, as the comparisons are unpredictable on photos.
          const oR = s[o];
          const nR = s[n];
          histR[oR]--;
          histR[nR]++;
          ltR += ((nR - mR) >>> 31) - ((oR - mR) >>> 31);
          const oG = s[o + 1];
          const nG = s[n + 1];
          histG[oG]--;
          histG[nG]++;
          ltG += ((nG - mG) >>> 31) - ((oG - mG) >>> 31);
          const oB = s[o + 2];
          const nB = s[n + 2];
          histB[oB]--;
          histB[nB]++;
          ltB += ((nB - mB) >>> 31) - ((oB - mB) >>> 31);
        }
      }
      // Move each median pointer until exactly the right number of values lies below it.
      while (ltR > rank) ltR -= histR[--mR];
      while (ltR + histR[mR] <= rank) ltR += histR[mR++];
      while (ltG > rank) ltG -= histG[--mG];
      while (ltG + histG[mG] <= rank) ltG += histG[mG++];
      while (ltB > rank) ltB -= histB[--mB];
      while (ltB + histB[mB] <= rank) ltB += histB[mB++];
      const i = out + 4 * x;
      d[i] = mR;
      d[i + 1] = mG;
      d[i + 2] = mB;
      d[i + 3] = s[srcRow + 4 * x + 3];
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
