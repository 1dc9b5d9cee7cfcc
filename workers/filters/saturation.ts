import { perPixelRange } from './per-pixel';
import { luma, toByte } from './strip';
import type { Filter, Strip } from './types';

type SaturationParams = { amount: number };

export const saturation: Filter<SaturationParams> = {
  id: 'saturation',
  label: 'Saturation',
  category: 'color',
  description: 'Moves each colour away from (or towards) its grey: 0 is grayscale, 1 unchanged, 2 doubled.',
  params: [
    {
      key: 'amount',
      label: 'Amount',
      type: 'float',
      default: 1.5,
      min: 0,
      max: 4,
      step: 0.05,
      unit: 'x',
      description: 'Multiplier of the distance between each channel and the pixel luma.',
    },
  ],
  radius: () => 0,
  apply(src: Strip, dst: Strip, p): void {
    const { srcStart, bytes } = perPixelRange('saturation', src, dst);
    const a = p.amount;
    const s = src.data;
    const d = dst.data;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      const r = s[j];
      const g = s[j + 1];
      const b = s[j + 2];
      const y = luma(r, g, b);
      d[i] = toByte(y + (r - y) * a);
      d[i + 1] = toByte(y + (g - y) * a);
      d[i + 2] = toByte(y + (b - y) * a);
      d[i + 3] = s[j + 3];
    }
  },
};
