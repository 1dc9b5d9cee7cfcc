import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import {
  expandNamePattern,
  fileExtension,
  fileStem,
  MAX_NAME_PATTERN_LENGTH,
  NamePatternError,
  namePatternProblem,
  validateNamePattern,
  withFolders,
} from './naming';

describe('{dir} and --keep-folders', () => {
  it('{dir} opens a pattern and nowhere else', () => {
    expect(namePatternProblem('{dir}{name}-edited.{ext}')).toBeUndefined();
    expect(namePatternProblem('{name}{dir}.{ext}')).toMatch(/must be \{dir\} only at the start/);
    expect(namePatternProblem('{dir}{name}{dir}')).toMatch(/only at the start/);
    expect(namePatternProblem('{dir}/{name}')).toMatch(
      /without \/.*\{dir\} in front keeps the input's folders/,
    );
  });

  it('expands to the folder, each segment made safe, never climbing out', () => {
    const parts = { name: 'photo', index: '1', ext: 'jpg', filter: 'invert' };
    expect(expandNamePattern('{dir}{name}.{ext}', { ...parts, dir: 'a/b/' })).toBe('a/b/photo.jpg');
    expect(expandNamePattern('{dir}{name}.{ext}', { ...parts, dir: '' })).toBe('photo.jpg');
    expect(expandNamePattern('{dir}{name}.{ext}', parts)).toBe('photo.jpg');
    expect(expandNamePattern('{dir}{name}.{ext}', { ...parts, dir: '../../etc/./x/' })).toBe(
      '_/_/etc/_/x/photo.jpg',
    );
    expect(expandNamePattern('{dir}{name}.{ext}', { ...parts, dir: 'a\\b\\' })).toBe('a/b/photo.jpg');
    // Without {dir} in front, a folder never gets in.
    expect(expandNamePattern('{name}.{ext}', { ...parts, dir: 'a/b/' })).toBe('photo.jpg');
  });

  it('--keep-folders puts {dir} in front once', () => {
    expect(withFolders('{name}-edited.{ext}', true)).toBe('{dir}{name}-edited.{ext}');
    expect(withFolders('{dir}{name}.{ext}', true)).toBe('{dir}{name}.{ext}');
    expect(withFolders('{name}.{ext}', false)).toBe('{name}.{ext}');
  });
});

describe('namePatternProblem', () => {
  it('accepts a pattern with {name} or {index} and known placeholders only', () => {
    for (const ok of ['{name}-edited.{ext}', '{index}.{ext}', '{index}_{name}_{filter}.{ext}', '{name}']) {
      expect(namePatternProblem(ok), ok).toBeUndefined();
    }
  });

  it('says what is wrong in the one voice of bad options: what, expected, received, a hint', () => {
    expect(namePatternProblem('  ')).toBe(
      'the name pattern must be a file name with placeholders, got "  "; for example {name}-edited.{ext}',
    );
    const long = `{name}${'x'.repeat(MAX_NAME_PATTERN_LENGTH)}`;
    expect(namePatternProblem(long)).toBe(
      `the name pattern must be at most ${MAX_NAME_PATTERN_LENGTH} characters long, got "${long}"`,
    );
    expect(namePatternProblem('a\\{name}')).toMatch(/must be a file name without \/, \\ or NUL/);
    expect(namePatternProblem('{name}\0')).toMatch(
      /must be a file name without \/, \\ or NUL, got "\{name\}\\u0000"/,
    );
    expect(namePatternProblem('{Name}.{ext}')).toBe(
      'the name pattern must be text and the placeholders {name}, {index}, {ext}, {filter}, {dir}, got "{Name}.{ext}"; {Name} is not one',
    );
    expect(namePatternProblem('edited.{ext}')).toBe(
      'the name pattern must be a pattern with {name} or {index}, got "edited.{ext}"; else every file would get the same name',
    );
  });

  it('throws the same words as a NamePatternError, which is an OptionError', () => {
    for (const bad of ['', '{nam}', 'edited.{ext}']) {
      const error = (() => {
        try {
          validateNamePattern(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(NamePatternError);
      expect(error).toBeInstanceOf(OptionError);
      expect((error as Error).message).toBe(namePatternProblem(bad));
    }
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
