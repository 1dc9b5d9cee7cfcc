/**
 * The one error for a bad option, and the one voice of its message: what the option is, what was
 * expected, what was received ("--quality must be a whole number from 1 to 100, got 0"). Every
 * place that checks a value someone gave (the CLI, the engine's options, the pool's API) throws it,
 * so a host can tell "the user asked for something impossible" (exit 2, no stack) from a bug (any
 * other error). Pure: the renderer, the engine and the workers import it.
 */
export class OptionError extends Error {
  override readonly name: string = 'OptionError';

  constructor(
    /** As the user knows it: "--quality", "quality", "stripRows", "the name pattern". */
    readonly option: string,
    /** A phrase after "must be": "a whole number from 1 to 100", "one of jpeg, png". */
    readonly expected: string,
    readonly received: unknown,
    /** Extra words after the message: a hint, or what the option is about. */
    readonly hint?: string,
  ) {
    super(optionMessage(option, expected, received, hint));
  }
}

export function optionMessage(option: string, expected: string, received: unknown, hint?: string): string {
  return `${option} must be ${expected}, got ${shown(received)}${hint ? `; ${hint}` : ''}`;
}

/** How a received value is written: text quoted (so "" and " 3" show), the rest as JSON would. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The phrases of `expected`, so bounds read the same wherever they are checked. */
export const expected = {
  wholeNumber(min: number, max?: number): string {
    return max === undefined ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
  },
  oneOf(values: readonly string[]): string {
    return `one of ${values.join(', ')}`;
  },
};

/** Throws an OptionError unless `value` is a whole number from min to max (max optional). */
export function checkWholeNumber(option: string, value: unknown, min: number, max?: number): void {
  const n = value as number;
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    throw new OptionError(option, expected.wholeNumber(min, max), value);
  }
}

/** Throws an OptionError unless `value` is one of `values`; narrows it. */
export function checkOneOf<T extends string>(
  option: string,
  value: unknown,
  values: readonly T[],
): asserts value is T {
  if (!(values as readonly unknown[]).includes(value))
    throw new OptionError(option, expected.oneOf(values), value);
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
