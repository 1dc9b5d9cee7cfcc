/**
 * The files a batch of this service wrote, kept so that a host can hand them out (the web host's
 * downloads, docs/web-host.md) without ever taking a path from its client: it names a job and a
 * position in the job's summary, and gets back a file opened only after checking that it is still the
 * one the batch wrote.
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import type { BatchOutputFile } from '../../shared/contract';
import { messageOf } from '../../shared/errors';
import { ServiceError } from './errors';

/** What a later write changes: a rename over the file (device and inode), an edit in place (size, time). */
interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** An output as the service keeps it: what the summary says, where it is, and what it was when written. */
export interface WrittenFile extends BatchOutputFile {
  path: string;
  /** The file as it was just after the batch renamed it into place; null if it was gone already. */
  identity: Promise<FileIdentity | null>;
}

/** A written file, ready for a host to stream. */
export interface DownloadFile {
  name: string;
  bytes: number;
  mtime: Date;
  /**
   * Opens it for reading (the caller closes the handle), or throws a ServiceError naming the file and why:
   * moved or deleted since, or replaced or changed (then it is not the batch's file any more).
   */
  open(): Promise<FileHandle>;
}

function identityOf(info: Stats): FileIdentity {
  return { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Notes what the file at `path` is, the moment the batch reports it written (after its rename): the
 * identity a download checks against. lstat, so a symlink put there later never matches.
 */
export function noteWritten(path: string): Promise<FileIdentity | null> {
  return lstat(path).then(identityOf, () => null);
}

/** The file ready to stream, if it was there when the batch wrote it. */
export async function downloadFile(file: WrittenFile, outDir: string): Promise<DownloadFile> {
  const identity = await file.identity;
  if (!identity) {
    throw new ServiceError(
      'not-found',
      `${file.name} was not in ${outDir} any more just after the batch wrote it`,
    );
  }
  return {
    name: file.name,
    bytes: identity.size,
    mtime: new Date(identity.mtimeMs),
    open: () => openWritten(file, identity, outDir),
  };
}

async function openWritten(file: WrittenFile, identity: FileIdentity, outDir: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a symlink swapped in for the output is refused here, not followed to what it names.
    handle = await open(file.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ServiceError(
        'not-found',
        `${file.name} is no longer in ${outDir}: it was moved or deleted after the batch wrote it`,
      );
    }
    if (code === 'ELOOP') {
      throw new ServiceError(
        'not-found',
        `${file.name} in ${outDir} was replaced by a symbolic link after the batch wrote it: PixelPool serves only the files its batches wrote`,
      );
    }
    throw new ServiceError(
      'not-found',
      `${file.name} in ${outDir} could not be opened: ${code ?? messageOf(error)}`,
    );
  }
  let now: FileIdentity;
  try {
    now = identityOf(await handle.stat());
  } catch (error) {
    await handle.close();
    throw new ServiceError('not-found', `${file.name} in ${outDir} could not be read: ${messageOf(error)}`);
  }
  if (!sameFile(now, identity)) {
    await handle.close();
    throw new ServiceError(
      'not-found',
      `${file.name} in ${outDir} was replaced or changed after the batch wrote it: PixelPool serves only the files its batches wrote`,
    );
  }
  return handle;
}
