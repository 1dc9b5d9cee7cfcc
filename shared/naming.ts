/**
 * How a batch names its output files: the one rule set that the engine applies
 * (engine/batch/index.ts), the API's schemas enforce (engine/service/schemas.ts) and the batch form
 * previews (renderer/src/lib/naming.ts). Pure, with no node: imports, because the renderer bundles it.
 */
import { OptionError, optionMessage } from './errors';

export const DEFAULT_NAME_PATTERN = '{name}-edited.{ext}';
export const NAME_PLACEHOLDERS = ['name', 'index', 'ext', 'filter', 'dir'] as const;
export type NamePlaceholder = (typeof NAME_PLACEHOLDERS)[number];
/** The placeholders as a pattern spells them: "{name}". */
export const NAME_TOKENS: readonly string[] = NAME_PLACEHOLDERS.map((p) => `{${p}}`);

/** Room for a prefix or suffix around the placeholders, well under the 255 bytes most file systems allow. */
export const MAX_NAME_PATTERN_LENGTH = 200;

/**
 * What {filter} gives when no step is enabled: a visible word rather than an empty string, so that
 * "{name}-{filter}" does not end in a bare "-".
 */
export const NO_FILTER = 'none';

/** What to do when an output name is already taken. */
export const CONFLICT_POLICIES = ['suffix', 'skip', 'overwrite'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** A bad name pattern: an OptionError, so every host treats it as the user's to fix. */
export class NamePatternError extends OptionError {
  override readonly name = 'NamePatternError';
}

export interface NameParts {
  /** The input file's name without its extension. */
  name: string;
  /** 1-based position in the batch, zero-padded to the width of the total ("007" of 120). */
  index: string;
  /** The output extension without the dot ("jpg"). */
  ext: string;
  /** The enabled steps' filter ids joined with '+' ("gaussian-blur+sobel"); '' when there are none. */
  filter: string;
  /**
   * The input's folder below the folder all the batch's inputs share, with a trailing "/" ("2024/rome/"),
   * '' for a file in that folder itself (mirroredFolders, engine/batch/folders.ts). Absent: ''.
   */
  dir?: string;
}

/** The placeholder that puts outputs in subfolders; it may only open a pattern. */
export const DIR_TOKEN = '{dir}';

/** The pattern a batch uses: with `keepFolders`, {dir} in front unless the pattern already starts with it. */
export function withFolders(pattern: string, keepFolders: boolean): string {
  return keepFolders && !pattern.startsWith(DIR_TOKEN) ? `${DIR_TOKEN}${pattern}` : pattern;
}

/** A {dir} value made safe: each segment a plain name ("." and ".." become "_"), joined by "/". */
function safeDir(dir: string): string {
  const segments = dir
    .split(/[/\\]/)
    .filter((s) => s !== '')
    .map((s) => (s === '.' || s === '..' ? '_' : s.replace(/\0/g, '_')));
  return segments.length ? `${segments.join('/')}/` : '';
}

const PLACEHOLDER_LIST = NAME_TOKENS.join(', ');

function isPlaceholder(text: string): text is NamePlaceholder {
  return (NAME_PLACEHOLDERS as readonly string[]).includes(text);
}

/** What a pattern should have been, when it is not fine: the `expected` of its OptionError, and a hint. */
function patternFault(pattern: string): { expected: string; hint?: string } | undefined {
  if (pattern.trim() === '') {
    return { expected: 'a file name with placeholders', hint: `for example ${DEFAULT_NAME_PATTERN}` };
  }
  if (pattern.length > MAX_NAME_PATTERN_LENGTH) {
    return { expected: `at most ${MAX_NAME_PATTERN_LENGTH} characters long` };
  }
  if (/[/\\\0]/.test(pattern)) {
    return {
      expected: 'a file name without /, \\ or NUL',
      hint: `it names files inside the output folder only; ${DIR_TOKEN} in front keeps the input's folders`,
    };
  }
  if (pattern.lastIndexOf(DIR_TOKEN) > 0) {
    return { expected: `${DIR_TOKEN} only at the start`, hint: 'it is the folder the file goes in' };
  }
  for (const match of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!isPlaceholder(match[1])) {
      return { expected: `text and the placeholders ${PLACEHOLDER_LIST}`, hint: `{${match[1]}} is not one` };
    }
  }
  if (!pattern.includes('{name}') && !pattern.includes('{index}')) {
    return { expected: 'a pattern with {name} or {index}', hint: 'else every file would get the same name' };
  }
  return undefined;
}

const PATTERN_OPTION = 'the name pattern';

/**
 * What is wrong with a pattern, in the OptionError's words; undefined when it is fine. Checked once
 * before a batch starts so that a typo fails the whole batch at once, not file by file.
 */
export function namePatternProblem(pattern: string): string | undefined {
  const fault = patternFault(pattern);
  return fault && optionMessage(PATTERN_OPTION, fault.expected, pattern, fault.hint);
}

/** Throws NamePatternError with namePatternProblem's words. */
export function validateNamePattern(pattern: string): void {
  const fault = patternFault(pattern);
  if (fault) throw new NamePatternError(PATTERN_OPTION, fault.expected, pattern, fault.hint);
}

/**
 * Fills a pattern in. The result is a bare file name, or with {dir} a path below the output folder:
 * only {dir} brings in separators, and never "..".
 */
export function expandNamePattern(pattern: string, parts: NameParts): string {
  const values: Record<NamePlaceholder, string> = {
    ...parts,
    filter: parts.filter === '' ? NO_FILTER : parts.filter,
    dir: '',
  };
  const folder = pattern.startsWith(DIR_TOKEN) ? safeDir(parts.dir ?? '') : '';
  const rest = pattern.startsWith(DIR_TOKEN) ? pattern.slice(DIR_TOKEN.length) : pattern;
  const name = rest.replace(/\{(name|index|ext|filter|dir)\}/g, (_, key: NamePlaceholder) =>
    values[key].replace(/[/\\\0]/g, '_'),
  );
  if (name === '' || name === '.' || name === '..') {
    throw new NamePatternError(
      PATTERN_OPTION,
      'a pattern that gives a usable file name',
      pattern,
      `it gives "${name}"`,
    );
  }
  return `${folder}${name}`;
}

/**
 * What is wrong with an output name given whole rather than from a pattern (a distributed batch's job
 * names its output, engine/distributed/job.ts); undefined when it is fine. The names expandNamePattern
 * gives: a file name, with {dir} folders in front, each segment a plain name, so it stays below the
 * output folder.
 */
export function outputNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_OUTPUT_NAME_LENGTH) {
    return `a path of 1 to ${MAX_OUTPUT_NAME_LENGTH} characters below the output folder`;
  }
  if (/[\\\0]/.test(name)) return 'a path below the output folder without \\ or NUL';
  const segments = name.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return 'a path below the output folder, its folders and file name plain names (no "", "." or "..")';
  }
  return undefined;
}

/** Longest output name accepted whole: room for a few folders of {dir} and the file name. */
export const MAX_OUTPUT_NAME_LENGTH = 4096;

/** {filter}'s value for the enabled steps' filter ids. */
export function joinFilterIds(ids: readonly string[]): string {
  return ids.join('+');
}

export function padIndex(index: number, total: number): string {
  return String(index + 1).padStart(String(Math.max(total, 1)).length, '0');
}

/** The last extension of a bare file name with its dot; "" for "noext" and ".profile", as extname says. */
export function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot) : '';
}

/** A bare file name without its last extension ("holiday.photo.JPG" -> "holiday.photo"). */
export function fileStem(fileName: string): string {
  return fileName.slice(0, fileName.length - fileExtension(fileName).length);
}

/** "photo-edited.jpg", attempt 1 -> "photo-edited-1.jpg"; the suffix goes before the last extension. */
export function withSuffix(fileName: string, attempt: number): string {
  if (attempt === 0) return fileName;
  return `${fileStem(fileName)}-${attempt}${fileExtension(fileName)}`;
}
