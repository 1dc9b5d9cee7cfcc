/**
 * `npm run web`: the PixelPool UI in a browser on this machine. Serves out/renderer and the API
 * over a WebSocket on 127.0.0.1 only, with a random token per launch. The first line on stdout is
 * the URL to open (tests read it):
 *
 *   http://127.0.0.1:<port>/?token=<64 hex digits>
 *
 * Options: --port N (or PORT; default 0 = a free port), --settings-dir DIR (or
 * PIXELPOOL_SETTINGS_DIR; default ~/.config/pixelpool-web), --workers N.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../../engine/service/limits';
import { PixelPoolService } from '../../engine/service/service';
import { startWebServer } from './server';
import { DEFAULT_UPLOAD_LIMITS, UploadStore } from './uploads';

interface WebHostArgs {
  port: number;
  settingsDir: string;
  workers: number | undefined;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): WebHostArgs {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    const prefixed = argv.find((a) => a.startsWith(`${name}=`));
    return prefixed?.slice(name.length + 1);
  };
  const port = Number(value('--port') ?? env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got ${value('--port') ?? env.PORT}`);
  }
  const workersText = value('--workers');
  const workers = workersText === undefined ? undefined : Number(workersText);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > LIMITS.maxWorkers)) {
    throw new Error(`--workers must be a whole number from 1 to ${LIMITS.maxWorkers}, got ${workersText}`);
  }
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const settingsDir =
    value('--settings-dir') ?? env.PIXELPOOL_SETTINGS_DIR ?? join(configHome, 'pixelpool-web');
  return { port, settingsDir, workers };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
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
  });
  const server = await startWebServer({
    service,
    rendererDir: join(__dirname, '../../renderer'),
    uploads: new UploadStore(uploadDir, DEFAULT_UPLOAD_LIMITS),
    port: args.port,
  });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(
    'PixelPool web host: open the URL above in a browser on this machine. Ctrl+C stops it.\n',
  );

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
  process.stderr.write(`PixelPool web host: ${(error as Error).message}\n`);
  process.exit(1);
});
