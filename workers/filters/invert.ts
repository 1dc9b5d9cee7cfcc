import { perPixelRange } from './per-pixel';
import type { Filter, Strip } from './types';

export const invert: Filter = {
  id: 'invert',
  label: 'Invert',
  category: 'color',
  description: 'Negative: each colour channel becomes 255 minus itself.',
  params: [],
  radius: () => 0,
  apply(src: Strip, dst: Strip): void {
    const { srcStart, bytes } = perPixelRange('invert', src, dst);
    const s = src.data;
    const d = dst.data;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      d[i] = 255 - s[j];
      d[i + 1] = 255 - s[j + 1];
      d[i + 2] = 255 - s[j + 2];
      d[i + 3] = s[j + 3];
    }
  },
};
