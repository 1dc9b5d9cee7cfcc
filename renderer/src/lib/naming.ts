/**
 * The batch form's naming check and its live example on one of the user's own files. Both run the
 * engine's own rules (shared/naming.ts), so the form refuses what the batch would refuse and the
 * example is the name the batch will write.
 */
import { OUTPUT_EXTENSIONS, type OutputFormat } from '../../../shared/formats';
import {
  expandNamePattern,
  fileStem,
  joinFilterIds,
  namePatternProblem,
  padIndex,
} from '../../../shared/naming';

export { namePatternProblem } from '../../../shared/naming';

export interface ExampleInput {
  inputName: string;
  index: number;
  total: number;
  format: OutputFormat;
  /** The enabled steps' filter ids, in order. */
  filterIds: readonly string[];
  /** {dir}'s value for this input (shared/folders.ts); '' when absent. */
  dir?: string;
}

/** The name the batch would give `input`; undefined while the pattern has a problem. */
export function exampleOutputName(pattern: string, input: ExampleInput): string | undefined {
  if (namePatternProblem(pattern) !== undefined) return undefined;
  try {
    return expandNamePattern(pattern, {
      name: fileStem(input.inputName),
      index: padIndex(input.index, input.total),
      ext: OUTPUT_EXTENSIONS[input.format],
      filter: joinFilterIds(input.filterIds),
      dir: input.dir,
    });
  } catch {
    // A valid pattern still gives no name for an empty input name; the batch would fail that file alone.
    return undefined;
  }
}
