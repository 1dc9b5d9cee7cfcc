import { perPixelRange } from './per-pixel';
import { toByte } from './strip';
import type { Filter, Strip } from './types';

type SepiaParams = { amount: number };

/** The classic sepia matrix (rows give R, G, B; 0.393 0.769 0.189 / 0.349 0.686 0.168 / 0.272 0.534 0.131). */
const M = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
];

export const sepia: Filter<SepiaParams> = {
  id: 'sepia',
  label: 'Sepia',
  category: 'color',
  description: 'Warm brown old-photo tone; amount blends between the original (0) and full sepia (1).',
  params: [
    {
      key: 'amount',
      label: 'Amount',
      type: 'float',
      default: 1,
      min: 0,
      max: 1,
      step: 0.05,
      description: 'Share of the sepia tone mixed into the original colours.',
    },
  ],
  radius: () => 0,
  apply(src: Strip, dst: Strip, p): void {
    const { srcStart, bytes } = perPixelRange('sepia', src, dst);
    // Blend the matrix with the identity once, instead of blending every pixel.
    const a = p.amount;
    const m = M.map((row, i) => row.map((v, j) => a * v + (1 - a) * (i === j ? 1 : 0)));
    const [m00, m01, m02] = m[0];
    const [m10, m11, m12] = m[1];
    const [m20, m21, m22] = m[2];
    const s = src.data;
    const d = dst.data;
    for (let i = 0, j = srcStart; i < bytes; i += 4, j += 4) {
      const r = s[j];
      const g = s[j + 1];
      const b = s[j + 2];
      d[i] = toByte(m00 * r + m01 * g + m02 * b);
      d[i + 1] = toByte(m10 * r + m11 * g + m12 * b);
      d[i + 2] = toByte(m20 * r + m21 * g + m22 * b);
      d[i + 3] = s[j + 3];
    }
  },
};
