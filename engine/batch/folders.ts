import { resolve } from 'node:path';
import { mirroredFolders as mirrored } from '../../shared/folders';

/** path -> its {dir} value (shared/folders.ts), for the paths as the batch collected them. */
export function mirroredFolders(files: readonly string[]): Map<string, string> {
  const dirs = mirrored(files.map((file) => resolve(file)));
  return new Map(files.map((file, i) => [file, dirs[i]]));
}
