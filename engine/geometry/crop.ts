import { gravityParam, placeRegion } from './gravity';
import type { GeometryParams, GeometryStep, Size } from './types';
import { num, word } from './types';

/** Aspect ratios offered, written as the CLI takes them (`crop:aspect=3/2`). */
const ASPECTS = ['none', '1/1', '4/3', '3/2', '16/9', '5/4', '4/5', '3/4', '2/3', '9/16'] as const;

/** The region crop keeps of an image of `input`'s size: exact, so the output size is known before. */
export function cropRegion(input: Size, p: GeometryParams): Size & { left: number; top: number } {
  const aspect = word(p, 'aspect');
  let region: Size;
  if (aspect !== 'none') {
    const [a, b] = aspect.split('/').map(Number);
    // The largest region of that ratio inside the image.
    const byWidth = { width: input.width, height: Math.round((input.width * b) / a) };
    region =
      byWidth.height <= input.height
        ? byWidth
        : { width: Math.round((input.height * a) / b), height: input.height };
  } else {
    // 0, or more than the image has, keeps the image's full extent on that side: a crop never enlarges.
    region = {
      width: Math.min(num(p, 'width') || input.width, input.width),
      height: Math.min(num(p, 'height') || input.height, input.height),
    };
  }
  region = { width: Math.max(1, region.width), height: Math.max(1, region.height) };
  return { ...region, ...placeRegion(input, region, word(p, 'gravity')) };
}

export const crop: GeometryStep = {
  id: 'crop',
  label: 'Crop',
  category: 'geometry',
  description:
    'Keeps a region of the image: the largest of an aspect ratio, or a width x height in pixels, placed by the side to keep.',
  params: [
    {
      key: 'aspect',
      label: 'Aspect ratio',
      type: 'choice',
      default: 'none',
      options: ASPECTS.map((value) => ({
        value,
        label: value === 'none' ? 'None (use the size)' : value.replace('/', ':'),
      })),
      description: 'Width / height of the region kept, e.g. 3/2; none to give a size in pixels instead.',
    },
    {
      key: 'width',
      label: 'Width',
      type: 'int',
      default: 0,
      min: 0,
      max: 65535,
      step: 1,
      unit: 'px',
      description: 'Width kept (with no aspect ratio); 0 keeps the full width.',
    },
    {
      key: 'height',
      label: 'Height',
      type: 'int',
      default: 0,
      min: 0,
      max: 65535,
      step: 1,
      unit: 'px',
      description: 'Height kept (with no aspect ratio); 0 keeps the full height.',
    },
    gravityParam('Which part of the image the region is taken from.'),
  ],
  check(p) {
    const sized = num(p, 'width') > 0 || num(p, 'height') > 0;
    if (word(p, 'aspect') === 'none' && !sized)
      return 'crop needs an aspect ratio, or a width or a height above 0';
    if (word(p, 'aspect') !== 'none' && sized)
      return 'crop takes an aspect ratio or a size in pixels, not both (set width and height to 0, or aspect to none)';
    return undefined;
  },
  outputSize(input, p) {
    const { width, height } = cropRegion(input, p);
    return { width, height };
  },
  apply(pipeline, input, p) {
    return pipeline.extract(cropRegion(input, p));
  },
};
