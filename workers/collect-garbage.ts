import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * `gc` for the calling thread, or undefined where V8 refuses it. --expose-gc set at run time is seen by
 * new contexts only, which is all this needs. Each thread (a worker, the main thread) gets its own.
 */
export const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
})();
