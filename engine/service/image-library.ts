import { randomBytes } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { AddPathsResult, ImageEntry, RejectedEntry } from '../../shared/contract';
import { messageOf } from '../../shared/errors';
import { IMAGE_EXTENSIONS, ImageError, makeThumbnail, probeImage } from '../images/index';
import { withoutPath } from './errors';
import { LIMITS } from './limits';
import type { MediaStore } from './media-store';

/** How many files are probed and thumbnailed at once (sharp runs them on the libuv pool). */
const PROBE_CONCURRENCY = 4;

interface Candidate {
  path: string;
  real: string;
}

/**
 * The images the user has added: probed (size, format) and thumbnailed once, in the order added.
 * Files inside dropped folders are found recursively; files that are not images, or broken, come
 * back as rejected entries with the reason in plain words.
 */
export class ImageLibrary {
  private readonly entries = new Map<string, ImageEntry>();
  private readonly realPaths = new Map<string, string>();

  constructor(private readonly thumbnails: MediaStore) {}

  list(): ImageEntry[] {
    return [...this.entries.values()];
  }

  get(id: string): ImageEntry | undefined {
    return this.entries.get(id);
  }

  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      this.entries.delete(id);
      for (const [real, owner] of this.realPaths) if (owner === id) this.realPaths.delete(real);
      this.thumbnails.delete(entry.thumbnail);
      removed++;
    }
    return removed;
  }

  async add(paths: readonly string[]): Promise<AddPathsResult> {
    const rejected: RejectedEntry[] = [];
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let ignored = 0;

    const consider = (path: string, real: string) => {
      if (this.realPaths.has(real) || seen.has(real)) {
        duplicates++;
        return;
      }
      seen.add(real);
      candidates.push({ path, real });
    };

    for (const given of paths) {
      const path = resolve(given);
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(path);
      } catch (error) {
        rejected.push(reject(path, fsReason(error), 'not-found'));
        continue;
      }
      if (info.isDirectory()) {
        const found = await scanFolder(path);
        ignored += found.ignored;
        for (const file of found.files) consider(file.path, file.real);
        if (found.truncated) {
          rejected.push(
            reject(
              path,
              `more than ${LIMITS.maxFilesPerFolderScan} files inside: only the first were read`,
              'limit',
            ),
          );
        }
      } else if (info.isFile()) {
        consider(path, await realpath(path).catch(() => path));
      } else {
        rejected.push(reject(path, 'not a regular file or folder', 'unsupported'));
      }
    }

    const room = Math.max(0, LIMITS.maxImages - this.entries.size);
    for (const extra of candidates.splice(room)) {
      rejected.push(reject(extra.path, `the list is full (at most ${LIMITS.maxImages} images)`, 'limit'));
    }

    const results = await mapLimited(candidates, PROBE_CONCURRENCY, (c) => this.load(c));
    const added: ImageEntry[] = [];
    // Insert in the order given, whatever order the probes finished in.
    for (const [i, result] of results.entries()) {
      if ('reason' in result) {
        rejected.push(result);
        continue;
      }
      added.push(result);
      this.entries.set(result.id, result);
      this.realPaths.set(candidates[i].real, result.id);
    }
    return { added, rejected, duplicates, ignored };
  }

  private async load({ path }: Candidate): Promise<ImageEntry | RejectedEntry> {
    try {
      const info = await probeImage(path);
      // A header can be fine and the pixels broken (a truncated JPEG): making the thumbnail
      // decodes them, so a file that cannot be processed is refused here, not halfway into a batch.
      const thumbnail = await makeThumbnail(path, LIMITS.thumbnailSize);
      return {
        id: randomBytes(8).toString('hex'),
        name: basename(path),
        path,
        width: info.width,
        height: info.height,
        megapixels: info.megapixels,
        format: info.format,
        bytes: info.bytes,
        thumbnail: this.thumbnails.put(thumbnail.data, thumbnail.mime, { lasting: true }),
        addedAt: Date.now(),
      };
    } catch (error) {
      if (error instanceof ImageError) return reject(path, withoutPath(error.message, path), error.kind);
      return reject(path, messageOf(error), 'unknown');
    }
  }
}

function reject(path: string, reason: string, kind: string): RejectedEntry {
  return { path, name: basename(path), reason, kind };
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return messageOf(error);
}

interface FolderScan {
  files: { path: string; real: string }[];
  ignored: number;
  truncated: boolean;
}

/** Image files under a folder, depth-first in name order; symlinked folders are not followed (no cycles). */
async function scanFolder(root: string): Promise<FolderScan> {
  const scan: FolderScan = { files: [], ignored: 0, truncated: false };
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > LIMITS.maxFolderDepth || scan.truncated) return;
    let names: string[];
    try {
      names = (await readdir(dir)).sort((a, b) => a.localeCompare(b));
    } catch {
      return;
    }
    for (const name of names) {
      if (scan.truncated) return;
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const info = await lstat(path).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) {
        await walk(path, depth + 1);
      } else if (info.isFile() || info.isSymbolicLink()) {
        if (!IMAGE_EXTENSIONS.has(extname(name).toLowerCase())) {
          scan.ignored++;
          continue;
        }
        if (scan.files.length >= LIMITS.maxFilesPerFolderScan) {
          scan.truncated = true;
          return;
        }
        scan.files.push({ path, real: await realpath(path).catch(() => path) });
      }
    }
  };
  await walk(root, 0);
  return scan;
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
