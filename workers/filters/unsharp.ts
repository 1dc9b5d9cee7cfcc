import { gaussianBlurStrip, gaussianKernel, sigmaParam, sigmaRadius } from './gaussian-kernel';
import { perPixelRange } from './per-pixel';
import { toByte } from './strip';
import type { Filter, Strip } from './types';

type UnsharpParams = { sigma: number; amount: number; threshold: number };

export const unsharp: Filter<UnsharpParams> = {
  id: 'unsharp',
  label: 'Unsharp mask',
  category: 'blur',
  description: 'Sharpens by adding back the difference between the image and a Gaussian blur of it.',
  params: [
    sigmaParam('Size of the details that get sharpened (sigma of the blur).'),
    {
      key: 'amount',
      label: 'Amount',
      type: 'float',
      default: 1,
      min: 0,
      max: 5,
      step: 0.05,
      unit: 'x',
      description: 'How much of the difference is added back.',
    },
    {
      key: 'threshold',
      label: 'Threshold',
      type: 'int',
      default: 0,
      min: 0,
      max: 255,
      step: 1,
      description: 'Differences smaller than this are left alone, so flat areas and noise are not sharpened.',
    },
  ],
  radius: sigmaRadius,
  apply(src: Strip, dst: Strip, p): void {
    const kernel = gaussianKernel(p.sigma);
    // Blur into dst first (same rows; alpha is already the source's), then combine it with the source in place.
    gaussianBlurStrip('unsharp', src, dst, kernel);
    const { srcStart, bytes } = perPixelRange('unsharp', src, dst);
    const table = sharpenTable(p.amount, p.threshold);
    const s = src.data;
    const d = dst.data;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      d[i] = table[(s[j] << 8) | d[i]];
      d[i + 1] = table[(s[j + 1] << 8) | d[i + 1]];
      d[i + 2] = table[(s[j + 2] << 8) | d[i + 2]];
    }
  },
};

const tables = new Map<string, Uint8Array>();

/**
 * The sharpened value of every (source, blurred) pair, at [source * 256 + blurred]: one lookup per
 * channel instead of arithmetic and a data-dependent branch (the threshold) per channel. The WebAssembly
 * kernel looks up the same table.
 */
export function sharpenTable(amount: number, threshold: number): Uint8Array {
  const key = `${amount}:${threshold}`;
  let table = tables.get(key);
  if (table) return table;
  table = new Uint8Array(256 * 256);
  for (let v = 0; v < 256; v++) {
    for (let blurred = 0; blurred < 256; blurred++) {
      const diff = v - blurred;
      table[(v << 8) | blurred] = diff === 0 || Math.abs(diff) < threshold ? v : toByte(v + amount * diff);
    }
  }
  if (tables.size >= 16) tables.clear(); // amount and threshold are free: keep the cache bounded
  tables.set(key, table);
  return table;
}
