import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** The most paths one launch may hand over; a shell glob expanding to more is cut, not trusted blindly. */
export const MAX_LAUNCH_PATHS = 10_000;

/**
 * The file and folder arguments of a launch (`pixelpool a.jpg photos/`), resolved against the launch's
 * working directory. Skips the executable, every switch (Chromium and Playwright add their own, e.g.
 * `--inspect=0 --remote-debugging-port=0` before the app path) and, when run as `electron [switches] <app>`
 * (defaultApp), the app path: the first argument that is not a switch, as Electron itself picks it.
 * `--` ends the switches.
 */
export function launchPathsFromArgv(
  argv: readonly string[],
  opts: { defaultApp: boolean; cwd: string },
): string[] {
  const paths: string[] = [];
  let appPathPending = opts.defaultApp;
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && arg.startsWith('-')) continue;
    if (appPathPending) {
      appPathPending = false;
      continue;
    }
    if (arg === '' || arg.includes('\0')) continue;
    // A URL-looking argument (a protocol handler launch) is not a file the user named.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) continue;
    paths.push(resolve(opts.cwd, arg));
    if (paths.length >= MAX_LAUNCH_PATHS) break;
  }
  return [...new Set(paths)];
}

/** What a second instance passes to the first through requestSingleInstanceLock's additionalData. */
export interface LaunchRequest {
  paths: string[];
}

/**
 * additionalData arrives from another process: accept only an object holding at most MAX_LAUNCH_PATHS
 * absolute path strings; anything else is ignored as a whole.
 */
export function parseLaunchRequest(data: unknown): LaunchRequest {
  const parsed = launchRequestSchema.safeParse(data);
  if (!parsed.success) return { paths: [] };
  return { paths: [...new Set(parsed.data.paths)] };
}

const launchRequestSchema = z.strictObject({
  paths: z
    .array(
      z
        .string()
        .min(1)
        .refine((p) => !p.includes('\0') && isAbsolute(p)),
    )
    .max(MAX_LAUNCH_PATHS),
});
