import { assertStripCovers, rowOffset, toByte } from './strip';
import type { Filter, Strip } from './types';

type EmbossParams = { strength: number };

/**
 * Each channel plus strength times the relief kernel [-2 -1 0; -1 0 1; 0 1 2] (light from the top
 * left); strength 1 gives the classic emboss kernel [-2 -1 0; -1 1 1; 0 1 2].
 */
function embossStrip(src: Strip, dst: Strip, strength: number): void {
  assertStripCovers('emboss', src, dst, 1);
  const width = dst.width;
  if (dst.rows === 0 || width === 0) return;
  const last = dst.imageHeight - 1;
  const lastX = width - 1;
  const s = src.data;
  const d = dst.data;
  for (let row = 0; row < dst.rows; row++) {
    const y = dst.y0 + row;
    const up = rowOffset(src, y === 0 ? 0 : y - 1);
    const mid = rowOffset(src, y);
    const down = rowOffset(src, y === last ? last : y + 1);
    const out = rowOffset(dst, y);
    for (let x = 0; x < width; x++) {
      const left = 4 * (x === 0 ? 0 : x - 1);
      const right = 4 * (x === lastX ? lastX : x + 1);
      const centre = 4 * x;
      for (let c = 0; c < 3; c++) {
        const relief =
          -2 * s[up + left + c] -
          s[up + centre + c] -
          s[mid + left + c] +
          s[mid + right + c] +
          s[down + centre + c] +
          2 * s[down + right + c];
        d[out + centre + c] = toByte(s[mid + centre + c] + strength * relief);
      }
      d[out + centre + 3] = s[mid + centre + 3];
    }
  }
}

export const emboss: Filter<EmbossParams> = {
  id: 'emboss',
  label: 'Emboss',
  category: 'edge',
  description: 'Raised-relief look: edges facing the top-left light up, those facing away darken.',
  params: [
    {
      key: 'strength',
      label: 'Strength',
      type: 'float',
      default: 1,
      min: 0,
      max: 4,
      step: 0.05,
      unit: 'x',
      description: 'Depth of the relief; 1 is the classic emboss kernel.',
    },
  ],
  radius: () => 1,
  apply(src: Strip, dst: Strip, p): void {
    embossStrip(src, dst, p.strength);
  },
};
