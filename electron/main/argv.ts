import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** The most paths one launch may hand over; a shell glob expanding to more is cut, not trusted blindly. */
export const MAX_LAUNCH_PATHS = 10_000;

/**
 * The file and folder arguments of a launch (`pixelpool a.jpg photos/`), resolved against the launch's
 * working directory. Skips the executable, and the app path when run as `electron <app>` (defaultApp),
 * and every switch (Chromium adds its own to a second instance's argv); `--` ends the switches.
 */
export function launchPathsFromArgv(
  argv: readonly string[],
  opts: { defaultApp: boolean; cwd: string },
): string[] {
  const args = argv.slice(opts.defaultApp ? 2 : 1);
  const paths: string[] = [];
  let switchesEnded = false;
  for (const arg of args) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && arg.startsWith('-')) continue;
    if (arg === '' || arg.includes('\0')) continue;
    // A URL-looking argument (a protocol handler launch, `electron .` in dev) is not a file the user named.
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
