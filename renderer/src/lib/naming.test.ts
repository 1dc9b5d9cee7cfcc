import { describe, expect, it } from 'vitest';
import { exampleOutputName, namePatternProblem } from './naming';

const input = {
  inputName: 'holiday.photo.JPG',
  index: 6,
  total: 120,
  format: 'webp' as const,
  filterIds: ['sobel', 'invert'],
};

describe('exampleOutputName (the engine rules of shared/naming.ts)', () => {
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
  it('says none for {filter} when no step is enabled', () => {
    expect(exampleOutputName('{name}-{filter}.{ext}', { ...input, filterIds: [] })).toBe(
      'holiday.photo-none.webp',
    );
  });
  it('gives no example while the pattern has a problem', () => {
    expect(exampleOutputName('edited.{ext}', input)).toBeUndefined();
    expect(exampleOutputName('{nam}.{ext}', input)).toBeUndefined();
  });
});

describe('namePatternProblem', () => {
  it('accepts patterns the service accepts', () => {
    expect(namePatternProblem('{name}-edited.{ext}')).toBeUndefined();
    expect(namePatternProblem('{index}.{ext}')).toBeUndefined();
  });
  it('names what is wrong', () => {
    expect(namePatternProblem('')).toMatch(/must be a file name with placeholders, got ""/);
    expect(namePatternProblem('out/{name}.{ext}')).toMatch(/without \/, \\ or NUL/);
    expect(namePatternProblem('{nam}.{ext}')).toMatch(/\{nam\} is not one/);
    expect(namePatternProblem('edited.{ext}')).toMatch(/must be a pattern with \{name\} or \{index\}/);
  });
});
