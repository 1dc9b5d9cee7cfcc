/**
 * A live example of the batch naming pattern. The engine names the real files
 * (engine/batch/naming.ts); this mirrors its rules only to show the user what the placeholders
 * give on one of their own files: {index} is 1-based and zero-padded to the width of the total.
 */
export const NAMING_TOKENS = ['{name}', '{index}', '{ext}', '{filter}'] as const;

const EXTENSIONS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' };

function extensionFor(format: string): string {
  return EXTENSIONS[format] ?? format;
}

export interface ExampleInput {
  inputName: string;
  index: number;
  total: number;
  format: string;
  filterIds: readonly string[];
}

export function exampleOutputName(pattern: string, input: ExampleInput): string {
  const dot = input.inputName.lastIndexOf('.');
  const parts: Record<string, string> = {
    name: dot > 0 ? input.inputName.slice(0, dot) : input.inputName,
    index: String(input.index + 1).padStart(String(Math.max(input.total, 1)).length, '0'),
    ext: extensionFor(input.format),
    filter: input.filterIds.join('+') || 'none',
  };
  return pattern.replace(/\{(name|index|ext|filter)\}/g, (_, key: string) => parts[key]);
}

/** What stops the pattern from being accepted, in the words the user needs; undefined when it is fine. */
export function namingProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'Enter a pattern, for example {name}-edited.{ext}.';
  if (/[\\/]/.test(pattern)) return 'A file name cannot contain / or \\.';
  for (const match of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!['name', 'index', 'ext', 'filter'].includes(match[1]))
      return `Unknown placeholder {${match[1]}}: use {name}, {index}, {ext} or {filter}.`;
  }
  if (!pattern.includes('{name}') && !pattern.includes('{index}'))
    return 'Include {name} or {index}, or every file would get the same name.';
  return undefined;
}
