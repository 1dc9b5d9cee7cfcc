import { randomBytes } from 'node:crypto';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { AddPathsResult, DuplicateEntry, ImageEntry, RejectedEntry } from '../../shared/contract';
import { messageOf } from '../../shared/errors';
import { IMAGE_EXTENSIONS, ImageError, makeThumbnail, probeImage } from '../images/index';
import { DuplicateIndex, type FileFacts, fileFacts } from './duplicates';
import { withoutPath } from './errors';
import { LIMITS } from './limits';
import type { MediaStore } from './media-store';

/** How many files are probed and thumbnailed at once (sharp runs them on the libuv pool). */
const PROBE_CONCURRENCY = 4;

interface Candidate {
  /** The id the image gets if it loads: duplicates found meanwhile already name it. */
  id: string;
  path: string;
}

/**
 * The images the user has added: probed (size, format) and thumbnailed once, in the order added.
 * Files inside dropped folders are found recursively; files that are not images, or broken, come
 * back as rejected entries with the reason in plain words; files already in the list (duplicates.ts
 * says when) come back as duplicates.
 */
export class ImageLibrary {
  private readonly entries = new Map<string, ImageEntry>();
  /** The listed files, and those of requests under way, so that two requests at once cannot add a file twice. */
  private readonly files = new DuplicateIndex();

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
      this.files.remove(id);
      this.thumbnails.delete(entry.thumbnail);
      removed++;
    }
    return removed;
  }

  async add(paths: readonly string[]): Promise<AddPathsResult> {
    const rejected: RejectedEntry[] = [];
    const candidates: Candidate[] = [];
    const duplicates: DuplicateEntry[] = [];
    let ignored = 0;

    const consider = async (path: string) => {
      let facts: FileFacts;
      try {
        facts = await fileFacts(path);
      } catch (error) {
        rejected.push(reject(path, fsReason(error), 'not-found'));
        return;
      }
      const match = await this.files.match(facts);
      if (match) {
        duplicates.push({ path, name: basename(path), ...match });
        return;
      }
      const id = randomBytes(8).toString('hex');
      this.files.add({ imageId: id, name: basename(path), path }, facts);
      candidates.push({ id, path });
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
        for (const file of found.files) await consider(file);
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
        await consider(path);
      } else {
        rejected.push(reject(path, 'not a regular file or folder', 'unsupported'));
      }
    }

    const room = Math.max(0, LIMITS.maxImages - this.entries.size);
    const refused = new Map<string, RejectedEntry>();
    for (const extra of candidates.splice(room)) {
      refused.set(
        extra.id,
        reject(extra.path, `the list is full (at most ${LIMITS.maxImages} images)`, 'limit'),
      );
    }

    const results = await mapLimited(candidates, PROBE_CONCURRENCY, (c) => this.load(c));
    const added: ImageEntry[] = [];
    // Insert in the order given, whatever order the probes finished in.
    for (const [i, result] of results.entries()) {
      if ('reason' in result) {
        refused.set(candidates[i].id, result);
        continue;
      }
      added.push(result);
      this.entries.set(result.id, result);
    }
    for (const id of refused.keys()) this.files.remove(id);
    rejected.push(...refused.values());
    // A duplicate of a file this request could not add fails as that file did: it is that file, or its bytes.
    const kept: DuplicateEntry[] = [];
    for (const duplicate of duplicates) {
      const failed = refused.get(duplicate.of.imageId);
      if (failed) rejected.push({ ...failed, path: duplicate.path, name: duplicate.name });
      else kept.push(duplicate);
    }
    return { added, rejected, duplicates: kept, ignored };
  }

  private async load({ id, path }: Candidate): Promise<ImageEntry | RejectedEntry> {
    try {
      const info = await probeImage(path);
      // A header can be fine and the pixels broken (a truncated JPEG): making the thumbnail
      // decodes them, so a file that cannot be processed is refused here, not halfway into a batch.
      const thumbnail = await makeThumbnail(path, LIMITS.thumbnailSize);
      return {
        id,
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
  files: string[];
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
        scan.files.push(path);
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
