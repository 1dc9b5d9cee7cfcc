#!/usr/bin/env node
/**
 * `npm start`: the desktop app (`electron-vite preview`), once the Electron binary is known to be there.
 *
 * The `electron` package downloads its binary separately (its install.js, from GitHub or ELECTRON_MIRROR).
 * Where that download never happened or failed, electron-vite stops with "Error: Electron uninstall" and a
 * stack trace after a full build; this says in one line what is missing and what to do, before building.
 * It looks where electron-vite looks (its getElectronPath): ELECTRON_EXEC_PATH, else the executable named
 * by node_modules/electron/path.txt under node_modules/electron/dist. It never require()s 'electron': that
 * starts the download itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB_HINT = 'or `npm run web` for the same app in your browser';

/**
 * Why the desktop app cannot start, in one line, or null when the Electron executable is there.
 * `electronDir` is the electron package's folder, or null when the package is not installed.
 */
export function electronProblem(electronDir, env = process.env, root = ROOT) {
  if (env.ELECTRON_EXEC_PATH) {
    if (existsSync(env.ELECTRON_EXEC_PATH)) return null;
    return `PixelPool: ELECTRON_EXEC_PATH is ${env.ELECTRON_EXEC_PATH}, which does not exist: point it at an Electron executable or unset it, ${WEB_HINT}.`;
  }
  if (electronDir === null) {
    return `PixelPool: the electron package is not installed: run \`npm install\`, ${WEB_HINT}.`;
  }
  const pathFile = join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (executable && existsSync(join(electronDir, 'dist', executable))) return null;
  const where = relative(root, join(electronDir, 'dist')) || join(electronDir, 'dist');
  let version = '';
  try {
    version = ` ${JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version}`;
  } catch {
    // The version only makes the message more precise.
  }
  const install = relative(root, join(electronDir, 'install.js')) || join(electronDir, 'install.js');
  return (
    `PixelPool: the Electron${version} binary is missing (${where} was never downloaded): ` +
    `run \`node ${install}\` with network access (set ELECTRON_MIRROR to download from a mirror), ${WEB_HINT}.`
  );
}

/** The electron package's folder, or null when it is not installed (found without loading it). */
export function findElectronDir(root = ROOT) {
  // The usual place first, as the user sees it (require.resolve would give the link-resolved path).
  const local = join(root, 'node_modules', 'electron');
  if (existsSync(join(local, 'package.json'))) return local;
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function main() {
  const problem = electronProblem(findElectronDir());
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  // Its bin is not in its package exports, so it is found by place (a devDependency sits at the top).
  const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  // --logLevel warn: the build's file listing is noise here; its warnings and errors still show.
  const child = spawn(process.execPath, [cli, 'preview', '--logLevel', 'warn', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
