/**
 * Splitting an image into horizontal strips. Each strip's source range is its own rows plus `halo`
 * rows from its neighbours, cut at the image edge, so kernels see the same pixels they would see
 * running on the whole image.
 */
import { checkWholeNumber } from '../shared/errors';

export interface StripPlan {
  /** Position of the strip, 0 at the top. */
  index: number;
  /** First image row the strip writes. */
  y0: number;
  /** Rows the strip writes. */
  rows: number;
  /** First image row the strip reads (y0 - halo, cut at 0). */
  srcY0: number;
  /** Rows the strip reads (its own plus the halo above and below, cut at the image edge). */
  srcRows: number;
}

export function planStrips(imageHeight: number, stripRows: number, halo: number): StripPlan[] {
  checkWholeNumber('imageHeight', imageHeight, 0);
  checkWholeNumber('stripRows', stripRows, 1);
  checkWholeNumber('halo', halo, 0);
  const plans: StripPlan[] = [];
  for (let y0 = 0, index = 0; y0 < imageHeight; y0 += stripRows, index++) {
    const rows = Math.min(stripRows, imageHeight - y0);
    const srcY0 = Math.max(0, y0 - halo);
    const srcEnd = Math.min(imageHeight, y0 + rows + halo);
    plans.push({ index, y0, rows, srcY0, srcRows: srcEnd - srcY0 });
  }
  return plans;
}
