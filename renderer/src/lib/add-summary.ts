import type { AddPathsResult, DuplicateEntry } from '../api/types';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What became of the files the user added, in a sentence or two: "2 images added, 1 could not be read.
 * photo.jpg is already in the list." Said in the panel and by the live region.
 */
export function addSummary(result: AddPathsResult): string {
  const parts = [
    result.added.length === 0 ? 'No image added' : `${plural(result.added.length, 'image')} added`,
  ];
  if (result.rejected.length) parts.push(`${result.rejected.length} could not be read`);
  if (result.ignored) parts.push(`${plural(result.ignored, 'non-image file')} ignored`);
  const sentences = [parts.join(', ')];
  if (result.duplicates.length > 0) sentences.push(alreadyListed(result.duplicates));
  return `${sentences.join('. ')}.`;
}

/** "photo.jpg is already in the list", "copy.jpg is already in the list, as photo.jpg", "2 files were already in the list". */
export function alreadyListed(duplicates: readonly DuplicateEntry[]): string {
  if (duplicates.length !== 1) return `${duplicates.length} files were already in the list`;
  const [d] = duplicates;
  // A copy under another name: say which listed photo it is, or the user looks for its name in vain.
  return d.of.name === d.name
    ? `${d.name} is already in the list`
    : `${d.name} is already in the list, as ${d.of.name}`;
}
