/** The web host's command line (commander): --port, --settings-dir, --workers, --help. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { LIMITS } from '../../engine/service/limits';
import { expected, OptionError } from '../../shared/errors';

export interface WebHostArgs {
  port: number;
  settingsDir: string;
  workers: number | undefined;
}

/** `text` as a whole number from min to max, else the OptionError every host uses for bad options. */
function wholeNumber(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new OptionError(option, expected.wholeNumber(min, max), text);
  }
  return n;
}

const MAX_PORT = 65535;
const parsePort = (text: string): number => wholeNumber('--port', text, 0, MAX_PORT);
const parseWorkers = (text: string): number => wholeNumber('--workers', text, 1, LIMITS.maxWorkers);

/**
 * The options given in `argv` (the arguments after the script), falling back on the environment:
 * PORT, PIXELPOOL_SETTINGS_DIR, XDG_CONFIG_HOME. Throws commander's CommanderError for a bad or
 * unknown option and for --help (exitCode 0; the help has been printed).
 */
export function parseWebHostArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): WebHostArgs {
  const program = new Command('node out/main/hosts/web.js')
    .description('The PixelPool UI in a browser on this machine (127.0.0.1 only, a random token per launch).')
    .option('--port <n>', 'port to listen on, 0 for a free one (default: $PORT, else 0)', parsePort)
    .option(
      '--settings-dir <dir>',
      'folder of settings.json (default: $PIXELPOOL_SETTINGS_DIR, else ~/.config/pixelpool-web)',
    )
    .option(
      '--workers <n>',
      `worker threads, 1 to ${LIMITS.maxWorkers} (default: one per core)`,
      parseWorkers,
    )
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`PixelPool web host: ${text.replace(/^error: /, '')}`),
    });
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ port?: number; settingsDir?: string; workers?: number }>();
  let port = opts.port;
  if (port === undefined && env.PORT) port = wholeNumber('PORT', env.PORT, 0, MAX_PORT);
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return {
    port: port ?? 0,
    settingsDir: opts.settingsDir ?? env.PIXELPOOL_SETTINGS_DIR ?? join(configHome, 'pixelpool-web'),
    workers: opts.workers,
  };
}
