import { applyLut } from './per-pixel';
import type { Filter, Strip } from './types';

type BrightnessContrastParams = { brightness: number; contrast: number };

/**
 * out = (in - 128) * factor + 128 + brightness * 2.55, where contrast c maps to
 * factor = 259 (C + 255) / (255 (259 - C)) with C = 2.55 c (the usual photo-editor curve: 0 keeps,
 * -100 flattens to grey, +100 is close to a threshold).
 */
export function brightnessContrastLut(brightness: number, contrast: number): Uint8Array {
  const c = contrast * 2.55;
  const factor = (259 * (c + 255)) / (255 * (259 - c));
  const offset = brightness * 2.55;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    lut[v] = Math.max(0, Math.min(255, Math.round((v - 128) * factor + 128 + offset)));
  }
  return lut;
}

export const brightnessContrast: Filter<BrightnessContrastParams> = {
  id: 'brightness-contrast',
  label: 'Brightness / contrast',
  category: 'color',
  description: 'Lighten or darken, and stretch or flatten the tones around mid-grey.',
  params: [
    {
      key: 'brightness',
      label: 'Brightness',
      type: 'float',
      default: 10,
      min: -100,
      max: 100,
      step: 1,
      unit: '%',
      description: 'Added to every channel, in percent of full scale.',
    },
    {
      key: 'contrast',
      label: 'Contrast',
      type: 'float',
      default: 10,
      min: -100,
      max: 100,
      step: 1,
      unit: '%',
      description: 'Negative flattens the tones towards grey, positive spreads them apart.',
    },
  ],
  radius: () => 0,
  apply(src: Strip, dst: Strip, p): void {
    applyLut('brightness-contrast', src, dst, brightnessContrastLut(p.brightness, p.contrast));
  },
};
