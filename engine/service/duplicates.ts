/**
 * When a file is already in the list. The rule, in one place:
 *  - the same file, whatever the path that names it: `a/../b` and a symlink reach the same real path,
 *    a hard link and another case on a case-insensitive disk the same device and inode;
 *  - or a copy: identical bytes at another path. A user expects a copy of a photo to be the same photo,
 *    and a batch would only write it twice. It is also the one rule that works for the web host, whose
 *    uploads have no path of the user's: the same bytes dropped twice are two files of ours.
 * Two files with the same name and other bytes are not duplicates.
 *
 * Bytes are compared cheaply, because adding a folder must not read all of it: only files of the same
 * size are compared, first by a sample (the first and last SAMPLE_BYTES), and only when the samples
 * match by the SHA-256 of all their bytes. Digests are kept, and taken again if the file has changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import type { DuplicateEntry } from '../../shared/contract';

/** Bytes read from each end of a file for its sample digest. */
export const SAMPLE_BYTES = 64 * 1024;

/** What a stat tells of a file: enough to recognise it, and to know it changed. */
export interface FileFacts {
  path: string;
  /** The path with every symlink, `.` and `..` resolved. */
  real: string;
  /** Device and inode; null where the file system gives none. */
  inode: string | null;
  size: number;
  /** Size and modification time, to the nanosecond: a digest is good while this stays. */
  stamp: string;
}

/** What a match names: the image of the list (or of the request under way) a file duplicates. */
export type Original = DuplicateEntry['of'];

export interface Match {
  kind: DuplicateEntry['kind'];
  of: Original;
}

interface Known {
  original: Original;
  /** As last seen: a file that changed is indexed anew. */
  facts: FileFacts;
  sample?: Promise<string | null>;
  full?: Promise<string | null>;
}

/** Facts of the file at `path`, following symlinks; throws as stat does. */
export async function fileFacts(path: string): Promise<FileFacts> {
  const info = await stat(path, { bigint: true });
  return {
    path,
    real: await realpath(path).catch(() => path),
    // Some file systems (FAT, a few network ones) give every file inode 0.
    inode: info.ino > 0n ? `${info.dev}:${info.ino}` : null,
    size: Number(info.size),
    stamp: `${info.size}:${info.mtimeNs}`,
  };
}

/** The files of the list by identity and by size, with their digests taken lazily. */
export class DuplicateIndex {
  private readonly byId = new Map<string, Known>();
  private readonly byReal = new Map<string, Known>();
  private readonly byInode = new Map<string, Known>();
  private readonly bySize = new Map<number, Set<Known>>();

  add(original: Original, facts: FileFacts): void {
    this.remove(original.imageId);
    const known: Known = { original, facts };
    this.byId.set(original.imageId, known);
    this.index(known);
  }

  remove(imageId: string): void {
    const known = this.byId.get(imageId);
    if (!known) return;
    this.byId.delete(imageId);
    this.unindex(known);
  }

  /** The known file `facts` duplicates, or null. Reads bytes only of files of the same size. */
  async match(facts: FileFacts): Promise<Match | null> {
    // The same path is the same item of the list, even if the file was replaced since.
    const samePath = this.byReal.get(facts.real);
    if (samePath) return { kind: 'same-file', of: samePath.original };
    const sameInode = facts.inode === null ? undefined : this.byInode.get(facts.inode);
    // An inode is reused once its file is deleted: it counts while the known path still has it.
    if (sameInode && (await this.current(sameInode)) && sameInode.facts.inode === facts.inode) {
      return { kind: 'same-file', of: sameInode.original };
    }
    const peers = [...(this.bySize.get(facts.size) ?? [])];
    if (peers.length === 0) return null;
    const candidate: Known = { original: { imageId: '', name: '', path: facts.path }, facts };
    for (const peer of peers) {
      if (!(await this.current(peer)) || peer.facts.size !== facts.size) continue;
      if (!(await sameDigest(candidate, peer, 'sample'))) continue;
      // A sample of a small file is all of it.
      if (facts.size <= 2 * SAMPLE_BYTES || (await sameDigest(candidate, peer, 'full'))) {
        return { kind: 'same-bytes', of: peer.original };
      }
    }
    return null;
  }

  /** False when the known file is gone; a file changed since it was indexed is indexed anew, without digests. */
  private async current(known: Known): Promise<boolean> {
    const now = await fileFacts(known.facts.path).catch(() => null);
    if (!now) return false;
    if (now.stamp !== known.facts.stamp || now.inode !== known.facts.inode) {
      this.unindex(known);
      known.facts = now;
      known.sample = undefined;
      known.full = undefined;
      this.index(known);
    }
    return true;
  }

  private index(known: Known): void {
    this.byReal.set(known.facts.real, known);
    if (known.facts.inode !== null) this.byInode.set(known.facts.inode, known);
    const sized = this.bySize.get(known.facts.size) ?? new Set<Known>();
    sized.add(known);
    this.bySize.set(known.facts.size, sized);
  }

  private unindex(known: Known): void {
    if (this.byReal.get(known.facts.real) === known) this.byReal.delete(known.facts.real);
    const { inode } = known.facts;
    if (inode !== null && this.byInode.get(inode) === known) this.byInode.delete(inode);
    const sized = this.bySize.get(known.facts.size);
    sized?.delete(known);
    if (sized?.size === 0) this.bySize.delete(known.facts.size);
  }
}

async function sameDigest(a: Known, b: Known, which: 'sample' | 'full'): Promise<boolean> {
  const take = (k: Known): Promise<string | null> => {
    k[which] ??= (which === 'sample' ? sampleDigest(k.facts) : fullDigest(k.facts.path)).catch(() => null);
    return k[which];
  };
  const [x, y] = await Promise.all([take(a), take(b)]);
  return x !== null && x === y;
}

/** SHA-256 of the first and last SAMPLE_BYTES (the whole file when it is no larger than both). */
async function sampleDigest(facts: FileFacts): Promise<string> {
  const file = await open(facts.path, 'r');
  try {
    const hash = createHash('sha256');
    const head = Buffer.alloc(Math.min(SAMPLE_BYTES, facts.size));
    const read = await file.read(head, 0, head.length, 0);
    hash.update(head.subarray(0, read.bytesRead));
    const tailStart = Math.max(head.length, facts.size - SAMPLE_BYTES);
    const tail = Buffer.alloc(facts.size - tailStart);
    const readTail = await file.read(tail, 0, tail.length, tailStart);
    hash.update(tail.subarray(0, readTail.bytesRead));
    return hash.digest('hex');
  } finally {
    await file.close();
  }
}

/** SHA-256 of every byte, streamed. */
async function fullDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
