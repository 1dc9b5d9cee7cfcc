import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { IMAGE_EXTENSIONS } from '../images/index';

export interface InputProblem {
  path: string;
  error: string;
}

export interface CollectedInputs {
  /** Image files in a stable order: the order given, folders expanded in name order. */
  files: string[];
  /** Inputs that could not be read (a missing path, an unreadable folder); the others go on. */
  problems: InputProblem[];
  /** Files inside input folders whose extension is not an image's: left alone, and said so. */
  ignored: string[];
}

export interface CollectOptions {
  /** A folder not to descend into when found inside an input folder (the output folder). */
  exclude?: string;
}

/** The path with its links resolved, or just made absolute when it cannot be resolved (missing, unreadable). */
export function realPathOrAbsolute(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a folder';
    case 'ELOOP':
      return 'too many symbolic links (a link loop)';
    default:
      return (err as Error).message;
  }
}

/**
 * Expands files and folders (recursively) into image files. A file named on the command line is
 * always taken, whatever its extension, so that a wrong file gets a clear error rather than
 * silently nothing; inside folders only image extensions count, and hidden entries (".name",
 * which includes macOS "._photo.jpg" resource forks and our own temp files) are left out.
 */
export async function collectInputs(
  inputs: readonly string[],
  opts: CollectOptions = {},
): Promise<CollectedInputs> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const ignored: string[] = [];
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  const exclude = opts.exclude ? await realPathOrAbsolute(opts.exclude) : undefined;

  const addFile = async (path: string) => {
    const real = await realPathOrAbsolute(path);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(path);
  };

  const walk = async (folder: string, named: boolean) => {
    const real = await realPathOrAbsolute(folder);
    // The output folder is skipped when found inside an input folder, not when named as an input itself.
    if (seenFolders.has(real) || (real === exclude && !named)) return;
    seenFolders.add(real);
    let entries: string[];
    try {
      // As bytes: a name that is not valid UTF-8 would come back mangled and name no file.
      entries = (await readdir(folder, { encoding: 'buffer' })).flatMap((raw) => {
        const name = raw.toString('utf8');
        if (Buffer.from(name, 'utf8').equals(raw)) return [name];
        if (!name.startsWith('.') && IMAGE_EXTENSIONS.has(extname(name).toLowerCase())) {
          problems.push({
            path: join(folder, name),
            error: `${join(folder, name)}: skipped: its name is not valid UTF-8 (rename the file to edit it)`,
          });
        }
        return [];
      });
      entries.sort();
    } catch (err) {
      problems.push({ path: folder, error: `${folder}: cannot read this folder (${describeFsError(err)})` });
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      const path = join(folder, name);
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(path);
      } catch {
        continue; // a dangling link or an entry removed meanwhile: nothing to process
      }
      if (info.isDirectory()) await walk(path, false);
      else if (info.isFile() && IMAGE_EXTENSIONS.has(extname(name).toLowerCase())) await addFile(path);
      else if (info.isFile()) ignored.push(path);
    }
  };

  for (const input of inputs) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(input);
    } catch (err) {
      // Node decodes the command line as UTF-8: other bytes arrive as U+FFFD and name no file.
      const why = input.includes('\uFFFD') ? ' (its name is not valid UTF-8 and cannot be passed on)' : '';
      problems.push({ path: input, error: `${input}: ${describeFsError(err)}${why}` });
      continue;
    }
    if (info.isDirectory()) await walk(input, true);
    else await addFile(input);
  }
  return { files, problems, ignored };
}
