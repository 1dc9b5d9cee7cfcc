/**
 * The sample photos that ship with PixelPool (assets/photos): what the Lab runs on when the library is
 * empty. Found by walking up from this file, because the bundle puts it at different depths (out/main,
 * out/main/hosts, out/main/chunks) and Vitest runs it from engine/service; a packaged app does not ship
 * them, and then there are none.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PHOTO = /\.(jpe?g|png|webp)$/i;

/** The folder of the sample photos, or null when this installation has none. */
export function findSampleDir(from: string = __dirname): string | null {
  let dir = from;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'assets', 'photos');
    if (samplePhotos(candidate).length > 0) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** The sample photos of `dir`, by name (the first is the one the Lab uses). */
export function samplePhotos(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => PHOTO.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
