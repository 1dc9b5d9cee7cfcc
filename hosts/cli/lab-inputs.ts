/**
 * The photos a lab experiment runs on: the files and folders given (folders searched as `batch` does),
 * or, with none given, the sample photos that come with PixelPool, so `pixelpool lab pool` works at once.
 */
import { collectInputs } from '../../engine/batch/inputs';
import { type DecodedImage, decodeImage } from '../../engine/images/index';
import { findSampleDir } from '../../engine/service/samples';
import { OptionError } from '../../shared/errors';

/** The image files to run on; an OptionError (exit 2) for inputs that cannot be read or hold no image. */
export async function labInputs(inputs: readonly string[]): Promise<string[]> {
  const samples = inputs.length > 0 ? null : findSampleDir();
  const given = inputs.length > 0 ? inputs : samples === null ? [] : [samples];
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

/** The photos of labInputs, decoded, each named by its path (what the experiments report). */
export async function labImages(inputs: readonly string[]): Promise<(DecodedImage & { label: string })[]> {
  const images = [];
  for (const path of await labInputs(inputs)) images.push({ ...(await decodeImage(path)), label: path });
  return images;
}
