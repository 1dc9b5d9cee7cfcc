import { gaussianBlurStrip, gaussianKernel } from './gaussian-kernel';
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
    {
      key: 'sigma',
      label: 'Sigma',
      type: 'float',
      default: 2,
      min: 0.5,
      max: 20,
      step: 0.1,
      unit: 'px',
      description: 'Size of the details that get sharpened (sigma of the blur).',
    },
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
  radius: (p) => gaussianKernel(p.sigma).radius,
  apply(src: Strip, dst: Strip, p): void {
    const kernel = gaussianKernel(p.sigma);
    // Blur into dst first (same rows), then combine it with the source in place.
    gaussianBlurStrip('unsharp', src, dst, kernel);
    const { srcStart, bytes } = perPixelRange('unsharp', src, dst);
    const s = src.data;
    const d = dst.data;
    const amount = p.amount;
    const limit = p.threshold;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      for (let c = 0; c < 3; c++) {
        const v = s[j + c];
        const diff = v - d[i + c];
        d[i + c] = diff === 0 || Math.abs(diff) < limit ? v : toByte(v + amount * diff);
      }
    }
  },
};
