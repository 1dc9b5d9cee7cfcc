import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder named presets live in, the same for the app, the web host and the CLI, so a preset saved
 * in one is found by the others: PIXELPOOL_PRESETS_DIR, else the platform's configuration folder
 * (Linux: $XDG_CONFIG_HOME or ~/.config; macOS: ~/Library/Application Support; Windows: %APPDATA%)
 * with PixelPool/presets in it.
 */
export function defaultPresetsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.PIXELPOOL_PRESETS_DIR) return env.PIXELPOOL_PRESETS_DIR;
  const config =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME || join(home, '.config');
  return join(config, 'PixelPool', 'presets');
}
