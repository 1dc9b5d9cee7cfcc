import { gaussianBlurStrip, gaussianKernel, sigmaParam, sigmaRadius } from './gaussian-kernel';
import type { Filter, Strip } from './types';

type GaussianParams = { sigma: number };

export const gaussianBlur: Filter<GaussianParams> = {
  id: 'gaussian-blur',
  label: 'Gaussian blur',
  category: 'blur',
  description: 'Smooth, natural-looking blur (separable Gaussian); sigma is its spread in pixels.',
  params: [sigmaParam('Standard deviation of the Gaussian; the blur reaches about 3 sigma.')],
  radius: sigmaRadius,
  apply(src: Strip, dst: Strip, p): void {
    gaussianBlurStrip('gaussian-blur', src, dst, gaussianKernel(p.sigma));
  },
};
