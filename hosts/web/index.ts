/**
 * `npm run web`: the PixelPool UI in a browser on this machine. Serves out/renderer and the API
 * over a WebSocket on 127.0.0.1 only, with a random token per launch. The last line it prints, and
 * the only one on stdout, is the URL to open (tests read it):
 *
 *   http://127.0.0.1:<port>/?token=<64 hex digits>
 *
 * Options (args.ts; --help lists them): --port N (or PORT; default 0 = a free port),
 * --settings-dir DIR (or PIXELPOOL_SETTINGS_DIR; default ~/.config/pixelpool-web), --workers N.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { PixelPoolService } from '../../engine/service/service';
import { messageOf, OptionError } from '../../shared/errors';
import { parseWebHostArgs } from './args';
import { startWebServer } from './server';
import { DEFAULT_UPLOAD_LIMITS, UploadStore } from './uploads';

async function main(): Promise<void> {
  const args = parseWebHostArgs(process.argv.slice(2));
  // Dropped files land here: private to this user, removed when the host exits.
  const uploadDir = mkdtempSync(join(tmpdir(), 'pixelpool-uploads-'));
  const removeUploads = () => rmSync(uploadDir, { recursive: true, force: true });
  process.on('exit', removeUploads);

  const service = new PixelPoolService({
    host: 'web',
    settingsDir: args.settingsDir,
    poolSize: args.workers,
    version: process.env.npm_package_version,
    upload: DEFAULT_UPLOAD_LIMITS,
    downloads: true,
  });
  const server = await startWebServer({
    service,
    rendererDir: join(__dirname, '../../renderer'),
    uploads: new UploadStore(uploadDir, DEFAULT_UPLOAD_LIMITS),
    port: args.port,
  });
  // The URL goes last, alone on its line and on stdout, after everything else this host or `npm run web`'s
  // build prints, so that it is the line in sight (and the one tests read).
  process.stderr.write('PixelPool web host: open this URL in a browser on this machine (Ctrl+C stops it):\n');
  process.stdout.write(`${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`PixelPool web host: ${signal}, shutting down\n`);
    await server.close().catch(() => {});
    await service.dispose().catch(() => {});
    removeUploads();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // commander has printed its own message (or the help, exit code 0).
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`PixelPool web host: ${messageOf(error)}\n`);
  // A bad option is the user's to fix (exit 2, as the CLI); anything else is a failure.
  process.exit(error instanceof OptionError ? 2 : 1);
});
