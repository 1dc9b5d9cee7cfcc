/**
 * What the batch will do, settled before any pixel is decoded: the options are checked without the
 * disk, so a typo fails the batch before it starts, and each file's output name and format come from
 * its header alone, so a file that would be skipped is never decoded.
 */
import { basename, extname } from 'node:path';
import { checkOneOf, checkWholeNumber, OptionError } from '../../shared/errors';
import { OUTPUT_FORMAT_CHOICES } from '../../shared/formats';
import { METADATA_MODES } from '../../shared/metadata';
import { outputNameProblem } from '../../shared/naming';
import { type EditPlan, largestSize, resolveEdit } from '../edit/plan';
import type { Size } from '../geometry/index';
import {
  checkQuality,
  DEFAULT_MAX_PIXELS,
  DEFAULT_QUALITY,
  ImageError,
  type ImageInfo,
  OUTPUT_EXTENSIONS,
  type OutputFormat,
  outputFormatFor,
  probeImage,
} from '../images/index';
import {
  DEFAULT_NAME_PATTERN,
  expandNamePattern,
  padIndex,
  validateNamePattern,
  withFolders,
  withSuffix,
} from './naming';
import { CONFLICT_POLICIES } from './output';
import type { BatchOptions } from './types';

/** Throws on the first bad option (PipelineError naming the filter and the parameter, else OptionError). */
export function checkBatchOptions(opts: BatchOptions): EditPlan {
  const resolved = resolveEdit(opts.steps);
  validateNamePattern(withFolders(opts.namePattern ?? DEFAULT_NAME_PATTERN, opts.keepFolders ?? false));
  checkQuality(opts.quality ?? DEFAULT_QUALITY);
  if (opts.format !== undefined) checkOneOf('format', opts.format, OUTPUT_FORMAT_CHOICES);
  if (opts.metadata !== undefined) checkOneOf('metadata', opts.metadata, METADATA_MODES);
  if (opts.onConflict !== undefined) checkOneOf('on-conflict', opts.onConflict, CONFLICT_POLICIES);
  if (opts.workers !== undefined) checkWholeNumber('workers', opts.workers, 1);
  if (opts.outputName !== undefined) {
    const problem = outputNameProblem(opts.outputName);
    if (problem !== undefined) throw new OptionError('the output name', problem, opts.outputName);
    if (opts.inputs.length !== 1)
      throw new OptionError('the inputs of a batch with one output name', 'one file', opts.inputs);
  }
  return resolved;
}

/** One input file, and where it is going. */
export interface Planned {
  index: number;
  path: string;
  startedAt: number;
  fileName: string;
  format: OutputFormat;
  megapixels: number;
  /** The file's header as probed for the plan: admission and decode read it instead of the file. */
  header: ImageInfo;
  /** The largest the image gets during its edit (geometry can enlarge it): what admission counts. */
  largest: Size;
}

/** Returns the planner of a batch of `count` files (the count sets the width of {index}). */
export function filePlanner(
  opts: Pick<BatchOptions, 'format' | 'namePattern' | 'maxPixels' | 'keepFolders' | 'outputName'>,
  edit: EditPlan,
  count: number,
): (index: number, path: string, startedAt: number, dir?: string) => Promise<Planned> {
  const pattern = withFolders(opts.namePattern ?? DEFAULT_NAME_PATTERN, opts.keepFolders ?? false);
  const filterIds = edit.stages
    .flatMap((stage) =>
      stage.kind === 'geometry' ? [stage.geometry.step.id] : stage.resolved.map((s) => s.filter.id),
    )
    .join('+');
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  // Two inputs of the same name (a/photo.jpg, b/photo.jpg) get distinct names here, in input order,
  // not when they are written: images are encoded and written two at a time, in whichever order they
  // finish, and the first input must get the plain name whatever that order is.
  const planned = new Set<string>();
  return async (index, path, startedAt, dir) => {
    const info = await probeImage(path, { maxPixels: opts.maxPixels });
    const largest = largestSize(edit, info);
    if (largest.width * largest.height > maxPixels) {
      throw new ImageError(
        path,
        'too-large',
        `its edit would make a ${largest.width}x${largest.height} image (${((largest.width * largest.height) / 1e6).toFixed(1)} MP), more than the limit of ${(maxPixels / 1e6).toFixed(1)} MP`,
      );
    }
    const format = outputFormatFor(opts.format, info.format);
    if (opts.outputName !== undefined) {
      return {
        index,
        path,
        startedAt,
        fileName: opts.outputName,
        format,
        megapixels: info.megapixels,
        header: info,
        largest,
      };
    }
    const wanted = expandNamePattern(pattern, {
      name: basename(path, extname(path)),
      index: padIndex(index, count),
      ext: OUTPUT_EXTENSIONS[format],
      filter: filterIds,
      dir,
    });
    let fileName = wanted;
    for (let n = 1; planned.has(fileName); n++) fileName = withSuffix(wanted, n);
    planned.add(fileName);
    return { index, path, startedAt, fileName, format, megapixels: info.megapixels, header: info, largest };
  };
}
