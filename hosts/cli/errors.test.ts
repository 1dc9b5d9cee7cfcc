/**
 * How the CLI sorts what a command threw: only a bad option, filter spec or pipeline is the user's
 * (exit 2, the message alone); a bad file is a failure (exit 1, the message alone); anything else is
 * a bug (exit 1 with its stack), whatever its type — an engine invariant's RangeError included.
 */
import { describe, expect, it } from 'vitest';
import { ImageError } from '../../engine/images/index';
import { PipelineSpecError } from '../../engine/pipeline-spec';
import { OptionError } from '../../shared/errors';
import { NamePatternError } from '../../shared/naming';
import { PipelineError } from '../../workers/filters/index';
import { EXIT_FAILED, EXIT_USAGE, errorReport } from './index';

describe('errorReport', () => {
  it("gives exit 2 and the message alone to the user's own mistakes", () => {
    for (const err of [
      new OptionError('--quality', 'a whole number from 1 to 100', '0'),
      new NamePatternError('the name pattern', 'a pattern with {name} or {index}', 'x.{ext}'),
      new PipelineError('step 1: the filter must be one of invert, got "blurr"', { filterId: 'blurr' }),
      new PipelineSpecError('Filter spec piece 2 of 3 is empty'),
    ]) {
      const report = errorReport(err);
      expect(report.code, err.name).toBe(EXIT_USAGE);
      expect(report.text.startsWith(err.message), err.name).toBe(true);
      expect(report.text).not.toContain('    at ');
    }
  });

  it('gives exit 1 and the message alone to a file that cannot be read', () => {
    const report = errorReport(new ImageError('/p/x.jpg', 'truncated', 'the file ends early'));
    expect(report).toEqual({ code: EXIT_FAILED, text: '/p/x.jpg: the file ends early' });
  });

  it('treats anything else as a bug: exit 1 with its stack, a RangeError too', () => {
    for (const err of [
      new RangeError('median of an empty list'),
      new Error('invariant broken'),
      new TypeError('x'),
    ]) {
      const report = errorReport(err);
      expect(report.code).toBe(EXIT_FAILED);
      expect(report.text).toContain(err.message);
      expect(report.text).toMatch(/\n\s+at /);
    }
    expect(errorReport('thrown text')).toEqual({ code: EXIT_FAILED, text: 'thrown text' });
  });
});
