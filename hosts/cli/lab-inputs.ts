/**
 * The photos a lab experiment runs on: the files and folders given (folders searched as `batch` does),
 * or, with none given, the sample photos that come with PixelPool, so `pixelpool lab pool` works at once.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { collectInputs } from '../../engine/batch/inputs';
import { OptionError } from '../../shared/errors';

const SAMPLES = join('assets', 'photos');

/**
 * The sample photos folder: looked for from this module's folder up, as the bundle may sit in
 * out/main/hosts or the source in hosts/cli; undefined when PixelPool was installed without it.
 */
export function samplePhotosFolder(startDir: string = __dirname): string | undefined {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, SAMPLES);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The image files to run on; an OptionError (exit 2) for inputs that cannot be read or hold no image. */
export async function labInputs(inputs: readonly string[]): Promise<string[]> {
  const given =
    inputs.length > 0 ? inputs : [samplePhotosFolder()].filter((d): d is string => d !== undefined);
  if (given.length === 0) {
    throw new OptionError('the inputs', 'image files or folders', inputs, 'the sample photos were not found');
  }
  const { files, problems } = await collectInputs(given);
  if (problems.length > 0) {
    throw new OptionError(
      'the inputs',
      'readable image files or folders',
      given,
      problems.map((p) => p.error).join('; '),
    );
  }
  if (files.length === 0) throw new OptionError('the inputs', 'image files or folders with images', given);
  return files;
}
