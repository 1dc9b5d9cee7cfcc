import { describe, expect, it } from 'vitest';
import { exampleOutputName, namingProblem } from './naming';

const input = {
  inputName: 'holiday.photo.JPG',
  index: 6,
  total: 120,
  format: 'webp',
  filterIds: ['sobel', 'invert'],
};

describe('exampleOutputName (mirrors engine/batch/naming.ts)', () => {
  it('keeps dots inside the stem and drops only the last extension', () => {
    expect(exampleOutputName('{name}-edited.{ext}', input)).toBe('holiday.photo-edited.webp');
  });
  it('pads {index} 1-based to the width of the total', () => {
    expect(exampleOutputName('{index}_{name}.{ext}', input)).toBe('007_holiday.photo.webp');
    expect(exampleOutputName('{index}.{ext}', { ...input, total: 9 })).toBe('7.webp');
  });
  it('joins filter ids with + and maps jpeg to jpg', () => {
    expect(exampleOutputName('{name}-{filter}.{ext}', { ...input, format: 'jpeg' })).toBe(
      'holiday.photo-sobel+invert.jpg',
    );
  });
});

describe('namingProblem', () => {
  it('accepts patterns the service accepts', () => {
    expect(namingProblem('{name}-edited.{ext}')).toBeUndefined();
    expect(namingProblem('{index}.{ext}')).toBeUndefined();
  });
  it('names what is wrong', () => {
    expect(namingProblem('')).toMatch(/Enter a pattern/);
    expect(namingProblem('out/{name}.{ext}')).toMatch(/cannot contain/);
    expect(namingProblem('{nam}.{ext}')).toMatch(/Unknown placeholder \{nam\}/);
    expect(namingProblem('edited.{ext}')).toMatch(/\{name\} or \{index\}/);
  });
});
