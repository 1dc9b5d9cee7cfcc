import { assertStripCovers, rowOffset } from './strip';
import type { Filter, Strip } from './types';

type PixelateParams = { size: number };

/**
 * Each size x size block of the image (aligned to the image's top-left corner; blocks at the right and
 * bottom edges are cut short) becomes the rounded mean colour of its pixels. A block containing row y
 * reaches at most size-1 rows above or below it, hence the radius.
 */
function pixelateStrip(src: Strip, dst: Strip, size: number): void {
  assertStripCovers('pixelate', src, dst, size - 1);
  const width = dst.width;
  if (dst.rows === 0 || width === 0) return;
  const blocksAcross = Math.ceil(width / size);
  const sums = new Float64Array(blocksAcross * 3);
  const s = src.data;
  const d = dst.data;
  const yEnd = dst.y0 + dst.rows;
  for (let by = Math.floor(dst.y0 / size) * size; by < yEnd; by += size) {
    const blockRows = Math.min(size, dst.imageHeight - by);
    sums.fill(0);
    for (let y = by; y < by + blockRows; y++) {
      for (let x = 0, i = rowOffset(src, y); x < width; x++, i += 4) {
        const b = 3 * ((x / size) | 0);
        sums[b] += s[i];
        sums[b + 1] += s[i + 1];
        sums[b + 2] += s[i + 2];
      }
    }
    for (let bx = 0; bx < blocksAcross; bx++) {
      const n = blockRows * Math.min(size, width - bx * size);
      const b = 3 * bx;
      sums[b] = Math.floor((sums[b] + n / 2) / n);
      sums[b + 1] = Math.floor((sums[b + 1] + n / 2) / n);
      sums[b + 2] = Math.floor((sums[b + 2] + n / 2) / n);
    }
    const y0 = Math.max(by, dst.y0);
    const y1 = Math.min(by + blockRows, yEnd);
    for (let y = y0; y < y1; y++) {
      for (let x = 0, i = rowOffset(dst, y), j = rowOffset(src, y); x < width; x++, i += 4, j += 4) {
        const b = 3 * ((x / size) | 0);
        d[i] = sums[b];
        d[i + 1] = sums[b + 1];
        d[i + 2] = sums[b + 2];
        d[i + 3] = s[j + 3];
      }
    }
  }
}

export const pixelate: Filter<PixelateParams> = {
  id: 'pixelate',
  label: 'Pixelate',
  category: 'stylize',
  description: 'Mosaic of square blocks, each filled with the average colour of the pixels it covers.',
  params: [
    {
      key: 'size',
      label: 'Block size',
      type: 'int',
      default: 8,
      min: 2,
      max: 128,
      step: 1,
      unit: 'px',
      description: 'Width and height of each block.',
    },
  ],
  radius: (p) => p.size - 1,
  apply(src: Strip, dst: Strip, p): void {
    pixelateStrip(src, dst, p.size);
  },
};
