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

/**
 * The matrix blended with the identity by `amount` (9 numbers, row by row): computed once per strip
 * instead of blending every pixel; the WebAssembly kernel takes the same numbers.
 */
export function sepiaMatrix(amount: number): number[] {
  return M.flatMap((row, i) => row.map((v, j) => amount * v + (1 - amount) * (i === j ? 1 : 0)));
}

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
    const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = sepiaMatrix(p.amount);
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
