import { perPixelRange } from './per-pixel';
import { luma } from './strip';
import type { Filter, Strip } from './types';

type ThresholdParams = { level: number };

export const threshold: Filter<ThresholdParams> = {
  id: 'threshold',
  label: 'Threshold',
  category: 'color',
  description: 'Black and white only: pixels whose luma reaches the level become white, the rest black.',
  params: [
    {
      key: 'level',
      label: 'Level',
      type: 'int',
      default: 128,
      min: 0,
      max: 255,
      step: 1,
      description: 'Luma (0-255) at and above which a pixel turns white.',
    },
  ],
  radius: () => 0,
  apply(src: Strip, dst: Strip, p): void {
    const { srcStart, bytes } = perPixelRange('threshold', src, dst);
    const level = p.level;
    const s = src.data;
    const d = dst.data;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      const v = luma(s[j], s[j + 1], s[j + 2]) >= level ? 255 : 0;
      d[i] = v;
      d[i + 1] = v;
      d[i + 2] = v;
      d[i + 3] = s[j + 3];
    }
  },
};
