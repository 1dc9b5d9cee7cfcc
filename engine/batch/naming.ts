import { extname } from 'node:path';

export const DEFAULT_NAME_PATTERN = '{name}-edited.{ext}';
const PLACEHOLDERS = ['name', 'index', 'ext', 'filter'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

export class NamePatternError extends Error {
  override readonly name = 'NamePatternError';
}

export interface NameParts {
  /** The input file's name without its extension. */
  name: string;
  /** 1-based position in the batch, zero-padded to the width of the total ("007" of 120). */
  index: string;
  /** The output extension without the dot ("jpg"). */
  ext: string;
  /** The pipeline's filter ids joined with '+' ("gaussian-blur+sobel"). */
  filter: string;
}

/** Checks a pattern once, before the batch starts, so that a typo fails every file at once, clearly. */
export function validateNamePattern(pattern: string): void {
  if (pattern.trim() === '')
    throw new NamePatternError('The name pattern is empty; the default is {name}-edited.{ext}');
  for (const match of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!PLACEHOLDERS.includes(match[1] as Placeholder)) {
      throw new NamePatternError(
        `Unknown placeholder {${match[1]}} in the name pattern "${pattern}"; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      );
    }
  }
  if (/[/\\]/.test(pattern.replace(/\{[^}]*\}/g, ''))) {
    throw new NamePatternError(
      `The name pattern "${pattern}" contains a folder separator; it names files inside --out only`,
    );
  }
}

/** Fills a pattern in. The result is a bare file name (placeholder values cannot bring in separators). */
export function expandNamePattern(pattern: string, parts: NameParts): string {
  const name = pattern.replace(/\{(name|index|ext|filter)\}/g, (_, key: Placeholder) =>
    parts[key].replace(/[/\\\0]/g, '_'),
  );
  if (name === '' || name === '.' || name === '..') {
    throw new NamePatternError(`The name pattern "${pattern}" gives the file name "${name}"`);
  }
  return name;
}

export function padIndex(index: number, total: number): string {
  return String(index + 1).padStart(String(Math.max(total, 1)).length, '0');
}

/** "photo-edited.jpg", attempt 1 -> "photo-edited-1.jpg"; the suffix goes before the last extension. */
export function withSuffix(fileName: string, attempt: number): string {
  if (attempt === 0) return fileName;
  const ext = extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)}-${attempt}${ext}`;
}
