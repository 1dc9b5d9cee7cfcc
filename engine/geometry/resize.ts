import type { GeometryStep } from './types';
import { num, word } from './types';

/** Longest side sharp (libvips) writes in every format we encode: WebP's own limit. */
export const MAX_SIDE = 16383;

const FITS = {
  inside: 'Fit inside (keep proportions)',
  cover: 'Fill and crop the rest',
  fill: 'Stretch to the exact size',
} as const;

export const resize: GeometryStep = {
  id: 'resize',
  label: 'Resize',
  category: 'geometry',
  description:
    'Scales the image with a Lanczos filter. Give a width, a height or both; with one, the other follows the proportions. Never enlarges unless asked.',
  params: [
    {
      key: 'width',
      label: 'Width',
      type: 'int',
      default: 0,
      min: 0,
      max: MAX_SIDE,
      step: 1,
      unit: 'px',
      description: 'Width of the result; 0 to follow from the height.',
    },
    {
      key: 'height',
      label: 'Height',
      type: 'int',
      default: 0,
      min: 0,
      max: MAX_SIDE,
      step: 1,
      unit: 'px',
      description: 'Height of the result; 0 to follow from the width.',
    },
    {
      key: 'fit',
      label: 'Fit',
      type: 'choice',
      default: 'inside',
      options: (Object.keys(FITS) as (keyof typeof FITS)[]).map((value) => ({ value, label: FITS[value] })),
      description:
        'inside: the whole image within width x height; cover: fills width x height, cropping what is over (centred); fill: exactly width x height, proportions not kept.',
    },
    {
      key: 'enlarge',
      label: 'Enlarge smaller images',
      type: 'choice',
      default: 'no',
      options: [
        { value: 'no', label: 'No' },
        { value: 'yes', label: 'Yes' },
      ],
      description: 'no: an image already smaller than the size is left as it is.',
    },
  ],
  check: (p) =>
    num(p, 'width') === 0 && num(p, 'height') === 0
      ? 'resize needs a width or a height (or both) above 0'
      : undefined,
  outputSize(input, p) {
    const width = num(p, 'width');
    const height = num(p, 'height');
    const enlarge = word(p, 'enlarge') === 'yes';
    // With one side given, the other follows the proportions: the same for every fit.
    const w = width || Math.max(1, Math.round((input.width * height) / input.height));
    const h = height || Math.max(1, Math.round((input.height * width) / input.width));
    const fit = width && height ? word(p, 'fit') : 'inside';
    if (fit === 'inside') {
      let scale = Math.min(w / input.width, h / input.height);
      if (!enlarge) scale = Math.min(1, scale);
      // An upper bound: sharp rounds each side its own way.
      return { width: Math.ceil(input.width * scale), height: Math.ceil(input.height * scale) };
    }
    if (!enlarge && (input.width < w || input.height < h)) return { ...input };
    return { width: w, height: h };
  },
  apply(pipeline, _input, p) {
    const width = num(p, 'width') || undefined;
    const height = num(p, 'height') || undefined;
    return pipeline.resize({
      width,
      height,
      fit: word(p, 'fit') as keyof typeof FITS,
      withoutEnlargement: word(p, 'enlarge') !== 'yes',
      kernel: 'lanczos3',
    });
  },
};
