import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BlobWorker, Worker } from 'threads';

/** Set this to the absolute path of a built filter.worker.js to bypass the search. */
export const WORKER_PATH_ENV = 'PIXELPOOL_WORKER_PATH';

const WORKER_FILE = join('workers', 'filter.worker.js');
/** The child-process entry the build puts beside the worker (workers/filter.process.ts). */
const PROCESS_FILE = join('workers', 'filter.process.js');

/** The built child-process entry of the process pool, beside the built filter worker. */
export function locateFilterProcess(): string {
  const path = join(dirname(dirname(locateFilterWorker())), PROCESS_FILE);
  if (!existsSync(path)) {
    throw new Error(`Cannot find the built filter process (${path}): run \`npm run build\`.`);
  }
  return path;
}

/**
 * Finds the built filter worker. The build puts it at out/main/workers/filter.worker.js, but the module
 * asking may sit in out/main, out/main/chunks or out/main/hosts (code splitting decides), or in the source
 * tree under Vitest; so look for workers/filter.worker.js and out/main/workers/filter.worker.js in every
 * directory from `startDir` up to the root.
 */
export function locateFilterWorker(startDir: string = __dirname): string {
  const override = process.env[WORKER_PATH_ENV];
  if (override) {
    const path = resolve(override);
    if (!existsSync(path)) throw new Error(`${WORKER_PATH_ENV} is set to ${override}, which does not exist`);
    return path;
  }
  for (let dir = startDir; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, WORKER_FILE), join(dir, 'out', 'main', WORKER_FILE)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `Cannot find the built filter worker (${WORKER_FILE}) in ${startDir} or above it: ` +
      `run \`npm run build\`, or set ${WORKER_PATH_ENV}.`,
  );
}

/**
 * Creates the threads.js Worker for the filter worker. threads.js resolves a relative worker path against
 * the directory of the first file on the call stack outside threads.js itself (`rebaseScriptPath` in
 * threads/dist/master/implementation.node.js), here this module's; so this module passes a path relative
 * to its own __dirname. Should a bundler ever put threads.js in another directory than this module, the
 * relative path misses and threads.js throws MODULE_NOT_FOUND at once: then fall back to a tiny eval'd
 * script that requires the worker by absolute path, which no call stack can mangle.
 */
export function createFilterWorker(workerData: unknown): InstanceType<typeof Worker> {
  const absolute = locateFilterWorker();
  try {
    return new Worker(relative(__dirname, absolute), { workerData });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    // Inside an asar archive the worker must be loaded from the unpacked copy, as threads.js itself does.
    const loadable = absolute.replace(/\.asar([/\\])/, '.asar.unpacked$1');
    return BlobWorker.fromText(`require(${JSON.stringify(loadable)});`, { workerData });
  }
}
