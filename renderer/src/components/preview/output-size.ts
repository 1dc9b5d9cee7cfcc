import { OUTPUT_FORMAT_INFO } from '../../../../shared/formats';
import type { ImageEntry, RenderPreviewResult } from '../../api/types';
import { formatBytes } from '../../lib/format';

/** "JPEG q80: 1.2 MB (input 3.4 MB)": the previewed image's real encoded size. */
export function encodedSummary(output: RenderPreviewResult['output']): string {
  const label = OUTPUT_FORMAT_INFO[output.format].label;
  const quality = output.quality === null ? '' : ` q${output.quality}`;
  return `${label}${quality}: ${formatBytes(output.bytes)} (input ${formatBytes(output.inputBytes)})`;
}

export interface BatchEstimate {
  bytes: number;
  images: number;
  inputBytes: number;
  ratio: number;
}

/**
 * The batch's output size, estimated: this image's ratio of output to input bytes applied to the
 * input bytes of `images` (the ones the batch will write). Only an estimate: photos compress unlike each other.
 */
export function batchEstimate(
  output: RenderPreviewResult['output'],
  images: readonly Pick<ImageEntry, 'bytes'>[],
): BatchEstimate | null {
  if (output.inputBytes <= 0 || images.length === 0) return null;
  const ratio = output.bytes / output.inputBytes;
  const inputBytes = images.reduce((sum, image) => sum + image.bytes, 0);
  return { bytes: Math.round(inputBytes * ratio), images: images.length, inputBytes, ratio };
}

export function estimateSentence(e: BatchEstimate, imageName: string): string {
  const count = `${e.images} image${e.images === 1 ? '' : 's'}`;
  return `Batch estimate: about ${formatBytes(e.bytes)} for ${count} (${formatBytes(e.inputBytes)} in), from ${imageName}'s output at ${e.ratio.toFixed(2)}× its input size`;
}
