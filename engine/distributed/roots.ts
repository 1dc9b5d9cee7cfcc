/**
 * The folders a worker host may read and write (--roots). A job names paths on the shared storage; a
 * worker must not become a way to read /etc/shadow into an output or to write over ~/.ssh, whoever put
 * the job in the queue. Paths are compared by their real paths, so a symbolic link inside a root that
 * points out of it is refused too.
 *
 * The check is made when the job starts; someone who can replace a folder of the share by a link between
 * the check and the write can still redirect it. The roots bound what a job can ask for, not what a
 * local user with write access to the share can do (docs/distributed.md, "Security").
 */
import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** A job asked for a path outside the roots, or for one that cannot be resolved. */
export class OutsideRootsError extends Error {
  override readonly name = 'OutsideRootsError';
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${'/'}`) && !isAbsolute(rel));
}

export class Roots {
  private constructor(readonly folders: readonly string[]) {}

  /** Resolves each root to its real path; a root that does not exist is refused at start. */
  static async open(folders: readonly string[]): Promise<Roots> {
    const real: string[] = [];
    for (const folder of folders) {
      const path = await realpath(resolve(folder)).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`The root ${folder} cannot be used: ${err.code ?? err.message}`);
      });
      if (!(await lstat(path)).isDirectory()) throw new Error(`The root ${folder} is not a folder`);
      real.push(path);
    }
    return new Roots(real);
  }

  /** The input's real path, when it is inside a root. */
  async input(path: string): Promise<string> {
    const real = await realpath(path).catch((err: NodeJS.ErrnoException) => {
      throw new OutsideRootsError(`${path}: cannot be resolved on this host (${err.code ?? err.message})`);
    });
    this.refuseOutside(path, real, 'input');
    return real;
  }

  /**
   * Checks where `fileName` below `outDir` would land: the real path of the deepest part that exists
   * (a folder, or a link in its place) must be inside a root. The rest is made by the batch as folders.
   */
  async output(outDir: string, fileName: string): Promise<void> {
    const target = join(outDir, fileName);
    let existing = dirname(target);
    for (;;) {
      const real = await realpath(existing).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw new OutsideRootsError(
          `${existing}: cannot be resolved on this host (${err.code ?? err.message})`,
        );
      });
      if (real !== undefined) {
        this.refuseOutside(target, join(real, relative(existing, target)), 'output');
        return;
      }
      // A dangling link is not a missing folder: writing through it would create its target.
      const link = await lstat(existing).then(
        (info) => info.isSymbolicLink(),
        () => false,
      );
      if (link)
        throw new OutsideRootsError(`${existing}: a symbolic link to nothing, refused as an output folder`);
      if (dirname(existing) === existing) break;
      existing = dirname(existing);
    }
    this.refuseOutside(target, target, 'output');
  }

  private refuseOutside(asked: string, real: string, what: 'input' | 'output'): void {
    if (this.folders.some((root) => isInside(root, real))) return;
    const via = real === asked ? '' : ` (it resolves to ${real})`;
    throw new OutsideRootsError(
      `${asked}: the ${what} is outside this worker's roots${via}; it serves ${this.folders.join(', ')} (--roots)`,
    );
  }
}
