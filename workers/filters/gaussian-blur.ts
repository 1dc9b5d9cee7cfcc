import { gaussianBlurStrip, gaussianKernel } from './gaussian-kernel';
import type { Filter, Strip } from './types';

type GaussianParams = { sigma: number };

export const gaussianBlur: Filter<GaussianParams> = {
  id: 'gaussian-blur',
  label: 'Gaussian blur',
  category: 'blur',
  description: 'Smooth, natural-looking blur (separable Gaussian); sigma is its spread in pixels.',
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
      description: 'Standard deviation of the Gaussian; the blur reaches about 3 sigma.',
    },
  ],
  radius: (p) => gaussianKernel(p.sigma).radius,
  apply(src: Strip, dst: Strip, p): void {
    gaussianBlurStrip('gaussian-blur', src, dst, gaussianKernel(p.sigma));
  },
};
