import { perPixelRange } from './per-pixel';
import { toByte } from './strip';
import type { Filter, Strip } from './types';

type VignetteParams = { strength: number; inner: number };

/**
 * Darkens towards the corners. Distance is measured from the image centre to the pixel centre,
 * scaled so each corner is at 1 (an ellipse matching the image's shape). Inside `inner` nothing
 * changes; from there to the corners the light falls off along a smoothstep curve to 1 - strength.
 * Positions are whole-image coordinates (dst.y0 + row), so strips agree with the whole image.
 */
function vignetteStrip(src: Strip, dst: Strip, strength: number, inner: number): void {
  const { srcStart, bytes } = perPixelRange('vignette', src, dst);
  if (bytes === 0) return;
  const width = dst.width;
  const halfW = width / 2;
  const halfH = dst.imageHeight / 2;
  const dx2 = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const u = (x + 0.5 - halfW) / halfW;
    dx2[x] = (u * u) / 2;
  }
  const s = src.data;
  const d = dst.data;
  for (let row = 0, i = 0, j = srcStart; row < dst.rows; row++) {
    const v = (dst.y0 + row + 0.5 - halfH) / halfH;
    const dy2 = (v * v) / 2;
    for (let x = 0; x < width; x++, i += 4, j += 4) {
      const dist = Math.sqrt(dx2[x] + dy2);
      let gain = 1;
      if (dist > inner) {
        const t = Math.min(1, (dist - inner) / (1 - inner));
        gain = 1 - strength * t * t * (3 - 2 * t);
      }
      d[i] = toByte(s[j] * gain);
      d[i + 1] = toByte(s[j + 1] * gain);
      d[i + 2] = toByte(s[j + 2] * gain);
      d[i + 3] = s[j + 3];
    }
  }
}

export const vignette: Filter<VignetteParams> = {
  id: 'vignette',
  label: 'Vignette',
  category: 'stylize',
  description: 'Darkens the corners and edges of the picture, drawing the eye to the centre.',
  params: [
    {
      key: 'strength',
      label: 'Strength',
      type: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.05,
      description: 'How dark the corners get: 0 leaves them alone, 1 turns them black.',
    },
    {
      key: 'inner',
      label: 'Clear area',
      type: 'float',
      default: 0.4,
      min: 0,
      max: 0.95,
      step: 0.05,
      description: 'Share of the centre-to-corner distance left untouched before darkening starts.',
    },
  ],
  radius: () => 0,
  apply(src: Strip, dst: Strip, p): void {
    vignetteStrip(src, dst, p.strength, p.inner);
  },
};
