import { perPixelRange } from './per-pixel';
import { luma } from './strip';
import type { Filter, Strip } from './types';

export const grayscale: Filter = {
  id: 'grayscale',
  label: 'Grayscale',
  category: 'color',
  description: 'Shades of grey by perceived brightness (Rec. 601 luma: 0.299 R + 0.587 G + 0.114 B).',
  params: [],
  radius: () => 0,
  apply(src: Strip, dst: Strip): void {
    const { srcStart, bytes } = perPixelRange('grayscale', src, dst);
    const s = src.data;
    const d = dst.data;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      const y = luma(s[j], s[j + 1], s[j + 2]);
      d[i] = y;
      d[i + 1] = y;
      d[i + 2] = y;
      d[i + 3] = s[j + 3];
    }
  },
};
