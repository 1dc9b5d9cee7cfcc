/** Turning and mirroring: exact pixel moves, no resampling. */
import type { GeometryStep } from './types';
import { word } from './types';

export const rotate: GeometryStep = {
  id: 'rotate',
  label: 'Rotate',
  category: 'geometry',
  description: 'Turns the image clockwise by a quarter, a half or three quarters.',
  params: [
    {
      key: 'angle',
      label: 'Angle',
      type: 'choice',
      default: '90',
      options: [
        { value: '90', label: '90° clockwise' },
        { value: '180', label: '180°' },
        { value: '270', label: '90° anticlockwise (270°)' },
      ],
      description: 'Degrees clockwise: 90, 180 or 270.',
    },
  ],
  outputSize(input, p) {
    return word(p, 'angle') === '180' ? { ...input } : { width: input.height, height: input.width };
  },
  apply: (pipeline, _input, p) => pipeline.rotate(Number(word(p, 'angle'))),
};

export const flip: GeometryStep = {
  id: 'flip',
  label: 'Flip (upside down)',
  category: 'geometry',
  description: 'Mirrors the image top to bottom.',
  params: [],
  outputSize: (input) => ({ ...input }),
  apply: (pipeline) => pipeline.flip(),
};

export const flop: GeometryStep = {
  id: 'flop',
  label: 'Flop (mirror)',
  category: 'geometry',
  description: 'Mirrors the image left to right.',
  params: [],
  outputSize: (input) => ({ ...input }),
  apply: (pipeline) => pipeline.flop(),
};
