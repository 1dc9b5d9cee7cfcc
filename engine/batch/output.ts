/**
 * Writing outputs so that nothing is ever lost or left half-written: each file goes to a hidden
 * temporary name in the output folder first and only a complete file is given its final name.
 * Inputs are never written: a name that would land on an input counts as taken, whatever the
 * collision policy.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ConflictPolicy } from '../../shared/naming';
import { withSuffix } from './naming';

export { CONFLICT_POLICIES, type ConflictPolicy } from '../../shared/naming';

/** The file-system calls the writer makes; tests replace some to simulate a full disk. */
export interface OutputFs {
  /** One folder, its parent existing: never `recursive` (see makeFolders). */
  mkdir(path: string): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ mtimeMs: number; isDirectory(): boolean }>;
  writeFile(path: string, data: Uint8Array, opts: { flag: 'wx' }): Promise<void>;
  link(existing: string, target: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, opts: { force: true }): Promise<void>;
  lstat(path: string): Promise<unknown>;
  realpath(path: string): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
}

export const nodeOutputFs: OutputFs = {
  mkdir: (path) => fs.mkdir(path),
  readdir: (path) => fs.readdir(path),
  stat: (path) => fs.stat(path),
  writeFile: (path, data, opts) => fs.writeFile(path, data, opts),
  link: (existing, target) => fs.link(existing, target),
  rename: (from, to) => fs.rename(from, to),
  rm: (path, opts) => fs.rm(path, opts),
  lstat: (path) => fs.lstat(path),
  realpath: (path) => fs.realpath(path),
  readFile: (path) => fs.readFile(path),
};

/** The output folder itself is unusable (cannot be created, read-only, full): the whole batch stops. */
export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
  constructor(
    readonly folder: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

const FOLDER_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the folder is on a read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file (not a folder) has this name',
  EIO: 'input/output error on the device',
  ELOOP: 'too many symbolic links in the path (a link loop)',
};

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** True for errors that are about the folder (every later file would fail the same way), not one file. */
function isFolderLevelError(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && code in FOLDER_ERRORS;
}

function folderReason(err: unknown): string {
  const code = codeOf(err);
  return code && code in FOLDER_ERRORS ? `${FOLDER_ERRORS[code]} (${code})` : (err as Error).message;
}

/**
 * What a name already there means. `distinct` (a local batch): another file, so the conflict policy
 * applies. `same-bytes-written` (a worker host running a queued job, which may run twice when its
 * first host died after the rename): a file with the very bytes this run made is this job's own
 * output, counted as written, so a job that runs twice writes its output once.
 */
export type RerunPolicy = 'distinct' | 'same-bytes-written';

export type WriteOutcome = { written: true; path: string; bytes: number } | { written: false; path: string };

/**
 * Temporary names: short and of fixed length, so they fit wherever the final name fits (a name
 * built from the final one failed with ENAMETOOLONG on a 237-character output), and carrying the
 * writer's pid and host, so a later run can tell a temp file left by a killed run from one a live
 * run holds. The host matters on shared storage (a distributed batch, docs/distributed.md): a pid
 * says nothing about a process on another machine, so only this host's temp files are judged by it.
 */
const TEMP_PREFIX = '.pixelpool-tmp-';
const PROBE_PREFIX = '.probe.pixelpool-tmp-';
/** pid, then the host's tag (absent in names written before hosts were told apart: this host's). */
const TEMP_NAME = /^\.(?:probe\.)?pixelpool-tmp-(\d+)-(?:([0-9a-f]{8})-)?[0-9a-f]{12}$/;

/** This machine's tag in temp names: the start of its host name's SHA-256 (names stay short and plain). */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** True for a name this module gives its temporary and probe files (what a killed run may leave). */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

function tempName(prefix: string): string {
  return `${prefix}${process.pid}-${HOST_TAG}-${randomBytes(6).toString('hex')}`;
}

/** Longest file name most file systems take (ext4, APFS, NTFS: 255 bytes or UTF-16 units). */
const MAX_NAME_BYTES = 255;

/** True unless no process has this pid (a pid we may not signal belongs to a live process). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return codeOf(err) !== 'ESRCH';
  }
}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor. Node 20's own recursive mkdir
 * loops forever at 100% CPU on paths like /proc/self/x, where the parent exists but refuses a child.
 */
async function makeFolders(folder: string, io: OutputFs): Promise<void> {
  const missing: string[] = [];
  for (let path = resolve(folder); ; path = dirname(path)) {
    const info = await io.stat(path).catch((err: unknown) => {
      if (codeOf(err) === 'ENOENT') return undefined;
      throw err;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${path} is a file`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing) {
    await io.mkdir(path).catch((err: unknown) => {
      if (codeOf(err) === 'EEXIST') return;
      // The parent exists, yet the child "does not": a virtual file system (/proc, /sys) refusing it.
      if (codeOf(err) === 'ENOENT')
        throw Object.assign(new Error('no folder can be made here'), { code: 'EPERM' });
      throw err;
    });
  }
}

export class OutputFolder {
  /** Final paths given out in this batch, so two inputs never share an output. */
  private readonly claimed = new Set<string>();

  private constructor(
    readonly path: string,
    private readonly policy: ConflictPolicy,
    private readonly inputs: ReadonlySet<string>,
    private readonly io: OutputFs,
    private readonly rerun: RerunPolicy,
  ) {}

  /**
   * Creates the folder if needed and proves it is writable by writing and removing a probe file,
   * so that a read-only or full folder is reported before any image is decoded.
   */
  static async open(
    folder: string,
    policy: ConflictPolicy,
    inputRealPaths: ReadonlySet<string>,
    io: OutputFs = nodeOutputFs,
    runStartedAt = Date.now(),
    rerun: RerunPolicy = 'distinct',
  ): Promise<OutputFolder> {
    try {
      await makeFolders(folder, io);
    } catch (err) {
      throw new OutputFolderError(
        folder,
        `Cannot create the output folder ${folder}: ${folderReason(err)}`,
        err,
      );
    }
    const real = await io.realpath(folder).catch(() => resolve(folder));
    const out = new OutputFolder(real, policy, inputRealPaths, io, rerun);
    const probe = join(real, tempName(PROBE_PREFIX));
    try {
      await io.writeFile(probe, new Uint8Array(1), { flag: 'wx' });
    } catch (err) {
      await io.rm(probe, { force: true }).catch(() => undefined);
      throw new OutputFolderError(
        folder,
        `Cannot write to the output folder ${folder}: ${folderReason(err)}`,
        err,
      );
    }
    await io.rm(probe, { force: true });
    await out.removeStaleTemps(runStartedAt);
    return out;
  }

  /**
   * Removes temporary files a killed run left here: ours by name, older than this run, and written
   * by a process of this host that no longer exists. A temp file of a live run (another batch into
   * the same folder, or another host's) is never touched.
   */
  private async removeStaleTemps(runStartedAt: number): Promise<void> {
    const names = await this.io.readdir(this.path).catch(() => [] as string[]);
    for (const name of names) {
      const [, pid, host] = TEMP_NAME.exec(name) ?? [];
      if (pid === undefined || (host !== undefined && host !== HOST_TAG) || isAlive(Number(pid))) continue;
      const path = join(this.path, name);
      const info = await this.io.stat(path).catch(() => undefined);
      if (info && info.mtimeMs < runStartedAt) await this.io.rm(path, { force: true }).catch(() => undefined);
    }
  }

  /** Would `fileName` be skipped under the skip policy? Lets the batch skip before decoding. */
  async wouldSkip(fileName: string): Promise<boolean> {
    // A rerun must make its bytes before it can tell its own output from another file.
    if (this.policy !== 'skip' || this.rerun === 'same-bytes-written') return false;
    return this.isTaken(join(this.path, fileName));
  }

  private async isTaken(path: string): Promise<boolean> {
    if (this.claimed.has(path) || this.inputs.has(path)) return true;
    return this.io.lstat(path).then(
      () => true,
      () => false,
    );
  }

  /**
   * Writes `data` under `fileName` following the policy: suffix (-1, -2, … until free), skip (leave
   * an existing file alone), overwrite (replace an existing output; never an input, which gets a
   * suffix instead). `isCancelled` is checked once the bytes are on disk, just before they get their
   * final name: a cancelled batch leaves only whole files that were already named.
   */
  async write(
    fileName: string,
    data: Uint8Array,
    isCancelled: () => boolean,
  ): Promise<WriteOutcome | 'cancelled'> {
    checkNameLength(fileName);
    const temp = join(this.path, tempName(TEMP_PREFIX));
    try {
      try {
        await this.io.writeFile(temp, data, { flag: 'wx' });
      } catch (err) {
        if (isFolderLevelError(err)) {
          throw new OutputFolderError(
            this.path,
            `Cannot write to the output folder ${this.path}: ${folderReason(err)}, while writing ${fileName}`,
            err,
          );
        }
        throw err;
      }
      if (isCancelled()) return 'cancelled';
      // A name with a folder ({dir}, --keep-folders): the folder is made now. The temp file stays in the
      // output folder itself, on the same file system, so link and rename still work.
      if (fileName.includes('/')) await this.makeSubfolder(dirname(join(this.path, fileName)));
      return await this.commit(temp, fileName, data);
    } finally {
      await this.io.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  private async makeSubfolder(folder: string): Promise<void> {
    try {
      await makeFolders(folder, this.io);
    } catch (err) {
      // A full or read-only disk stops the batch as it would at the top; a file in the folder's place fails this image alone.
      const reason = `Cannot create the folder ${folder}: ${folderReason(err)}`;
      const fileInTheWay = codeOf(err) === 'ENOTDIR' || codeOf(err) === 'EEXIST';
      if (isFolderLevelError(err) && !fileInTheWay) throw new OutputFolderError(this.path, reason, err);
      throw new Error(reason, { cause: err });
    }
  }

  /**
   * The name `fileName` would be written under, found the way write() finds it but without writing,
   * and claimed: the submitter of a distributed batch settles every name before any host writes
   * (engine/distributed/submit.ts). `skipped` when the skip policy leaves an existing file alone.
   */
  async choose(fileName: string): Promise<{ path: string; skipped: boolean }> {
    checkNameLength(fileName);
    const { folder, base } = splitName(fileName);
    for (let attempt = 0; ; attempt++) {
      const target = join(this.path, `${folder}${withSuffix(base, attempt)}`);
      if (this.inputs.has(target) && this.policy === 'skip') return { path: target, skipped: true };
      if (this.claimed.has(target) || this.inputs.has(target)) continue;
      if (this.policy !== 'overwrite' && (await this.isTaken(target))) {
        if (this.policy === 'skip') return { path: target, skipped: true };
        continue;
      }
      this.claimed.add(target);
      return { path: target, skipped: false };
    }
  }

  private async commit(temp: string, fileName: string, data: Uint8Array): Promise<WriteOutcome> {
    const bytes = data.byteLength;
    const { folder, base } = splitName(fileName);
    for (let attempt = 0; ; attempt++) {
      // The suffix goes on the file's own name: "2024.06/photo" must not become "2024-1.06/photo".
      const target = join(this.path, `${folder}${withSuffix(base, attempt)}`);
      if (this.inputs.has(target) && this.policy === 'skip') return { written: false, path: target };
      if (this.claimed.has(target) || this.inputs.has(target)) continue;
      if (this.policy === 'overwrite') {
        await this.io.rename(temp, target);
        this.claimed.add(target);
        return { written: true, path: target, bytes };
      }
      // link() refuses to replace an existing file, so no check-then-write race with other programs.
      try {
        await this.io.link(temp, target);
      } catch (err) {
        const code = codeOf(err);
        if (code === 'EEXIST') {
          if (this.rerun === 'same-bytes-written' && (await this.holds(target, data)))
            return { written: true, path: target, bytes };
          if (this.policy === 'skip') return { written: false, path: target };
          continue;
        }
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
        // A file system without hard links: check, then rename (a small race, only there).
        if (await this.isTaken(target)) {
          if (this.rerun === 'same-bytes-written' && (await this.holds(target, data)))
            return { written: true, path: target, bytes };
          if (this.policy === 'skip') return { written: false, path: target };
          continue;
        }
        await this.io.rename(temp, target);
      }
      this.claimed.add(target);
      return { written: true, path: target, bytes };
    }
  }

  /** True when `path` is a file with exactly these bytes (a rerun's output is its first run's). */
  private async holds(path: string, data: Uint8Array): Promise<boolean> {
    const there = await this.io.readFile(path).catch(() => undefined);
    return there !== undefined && Buffer.from(data).equals(there);
  }
}

/** The folders of a name below the output folder ("2024/rome/", or "") and its file name. */
function splitName(fileName: string): { folder: string; base: string } {
  const slash = fileName.lastIndexOf('/');
  return { folder: fileName.slice(0, slash + 1), base: fileName.slice(slash + 1) };
}

/** Throws when a segment of the name is longer than a file system takes (the image fails alone). */
export function checkNameLength(fileName: string): void {
  for (const segment of fileName.split('/')) {
    const nameBytes = Buffer.byteLength(segment);
    if (nameBytes > MAX_NAME_BYTES) {
      throw new Error(
        `the output name "${segment}" is ${nameBytes} bytes long, more than the ${MAX_NAME_BYTES} a file system takes; choose a shorter name pattern`,
      );
    }
  }
}
