import type { ChoiceParamSpec } from '../../workers/filters/types';
import type { Size } from './types';

/** The compass points sharp names, and where each puts a region inside a larger image. */
const GRAVITY = {
  centre: { label: 'Centre', x: 0.5, y: 0.5 },
  north: { label: 'Top', x: 0.5, y: 0 },
  northeast: { label: 'Top right', x: 1, y: 0 },
  east: { label: 'Right', x: 1, y: 0.5 },
  southeast: { label: 'Bottom right', x: 1, y: 1 },
  south: { label: 'Bottom', x: 0.5, y: 1 },
  southwest: { label: 'Bottom left', x: 0, y: 1 },
  west: { label: 'Left', x: 0, y: 0.5 },
  northwest: { label: 'Top left', x: 0, y: 0 },
} as const;

export type Gravity = keyof typeof GRAVITY;

export function gravityParam(description: string): ChoiceParamSpec {
  return {
    key: 'gravity',
    label: 'Keep',
    type: 'choice',
    default: 'centre',
    options: (Object.keys(GRAVITY) as Gravity[]).map((value) => ({ value, label: GRAVITY[value].label })),
    description,
  };
}

/** The top-left corner of a `region` placed inside `image` by `gravity` (whole pixels, never outside). */
export function placeRegion(image: Size, region: Size, gravity: string): { left: number; top: number } {
  const g = GRAVITY[gravity as Gravity] ?? GRAVITY.centre;
  return {
    left: Math.floor((image.width - region.width) * g.x),
    top: Math.floor((image.height - region.height) * g.y),
  };
}
