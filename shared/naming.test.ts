import { describe, expect, it } from 'vitest';
import {
  expandNamePattern,
  fileExtension,
  fileStem,
  MAX_NAME_PATTERN_LENGTH,
  namePatternProblem,
} from './naming';

describe('namePatternProblem', () => {
  it('accepts a pattern with {name} or {index} and known placeholders only', () => {
    for (const ok of ['{name}-edited.{ext}', '{index}.{ext}', '{index}_{name}_{filter}.{ext}', '{name}']) {
      expect(namePatternProblem(ok), ok).toBeUndefined();
    }
  });

  it('says what is wrong, in one sentence for every host', () => {
    expect(namePatternProblem('  ')).toBe('The name pattern is empty; for example {name}-edited.{ext}');
    expect(namePatternProblem(`{name}${'x'.repeat(MAX_NAME_PATTERN_LENGTH)}`)).toBe(
      `The name pattern is longer than ${MAX_NAME_PATTERN_LENGTH} characters`,
    );
    expect(namePatternProblem('a\\{name}')).toMatch(/contains a folder separator/);
    expect(namePatternProblem('{name}\0')).toMatch(/contains a folder separator .* or a NUL/);
    expect(namePatternProblem('{Name}.{ext}')).toBe(
      'Unknown placeholder {Name} in the name pattern "{Name}.{ext}"; use {name}, {index}, {ext}, {filter}',
    );
    expect(namePatternProblem('edited.{ext}')).toBe(
      'The name pattern "edited.{ext}" has neither {name} nor {index}, so every file would get the same name',
    );
  });
});

describe('expandNamePattern', () => {
  const parts = { name: 'photo', index: '07', ext: 'jpg', filter: 'sobel+invert' };
  it('fills every placeholder and keeps other text', () => {
    expect(expandNamePattern('{index}-{name}-{filter}.{ext}', parts)).toBe('07-photo-sobel+invert.jpg');
  });
  it('says none for {filter} when no step is enabled', () => {
    expect(expandNamePattern('{name}-{filter}.{ext}', { ...parts, filter: '' })).toBe('photo-none.jpg');
  });
  it('keeps separators out of the values', () => {
    expect(expandNamePattern('{name}.{ext}', { ...parts, name: 'a/b\\c' })).toBe('a_b_c.jpg');
  });
});

describe('fileExtension and fileStem', () => {
  it('split at the last dot, except a leading one', () => {
    expect([fileExtension('archive.tar.gz'), fileStem('archive.tar.gz')]).toEqual(['.gz', 'archive.tar']);
    expect([fileExtension('noext'), fileStem('noext')]).toEqual(['', 'noext']);
    expect([fileExtension('.profile'), fileStem('.profile')]).toEqual(['', '.profile']);
    expect([fileExtension('a.'), fileStem('a.')]).toEqual(['.', 'a']);
  });
});
