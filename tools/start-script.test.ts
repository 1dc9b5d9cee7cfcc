/**
 * `npm start` (scripts/start.mjs) where the Electron binary is missing: one line saying what is missing
 * and what to do, a non-zero exit, no stack trace; where it is there, electron-vite preview is run with it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronProblem } from '../scripts/start.mjs';

const ROOT = resolve(__dirname, '..');
const SCRIPT = join(ROOT, 'scripts/start.mjs');

function runStart(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pixelpool-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A fake electron package folder as electron's install.js leaves it (or not). */
function fakeElectron(opts: { pathTxt?: string; binary?: boolean }): string {
  const pkg = join(dir, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  if (opts.pathTxt !== undefined) writeFileSync(join(pkg, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'dist', opts.pathTxt ?? 'electron'), '');
  }
  return pkg;
}

describe('npm start without the Electron binary', () => {
  it('prints one line and exits 1 when ELECTRON_EXEC_PATH names nothing', () => {
    const run = runStart({ ELECTRON_EXEC_PATH: join(dir, 'no-electron-here') });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `ELECTRON_EXEC_PATH is ${join(dir, 'no-electron-here')}, which does not exist`,
    );
    expect(lines[0]).toContain('npm run web');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('says how Electron fetches its binary when the download never happened', () => {
    const pkg = fakeElectron({});
    const line = electronProblem(pkg, {}, dir);
    expect(line).toBe(
      'PixelPool: the Electron 45.4.1 binary is missing (node_modules/electron/dist was never downloaded): ' +
        'run `node node_modules/electron/install.js` with network access (set ELECTRON_MIRROR to download ' +
        'from a mirror), or `npm run web` for the same app in your browser.',
    );
  });

  it('counts path.txt without the executable it names as missing (a half-finished download)', () => {
    const pkg = fakeElectron({ pathTxt: 'electron' });
    expect(electronProblem(pkg, {}, dir)).toMatch(/binary is missing/);
  });

  it('finds nothing wrong when the executable path.txt names is there', () => {
    const pkg = fakeElectron({ pathTxt: 'electron', binary: true });
    expect(electronProblem(pkg, {}, dir)).toBeNull();
  });

  it('says so when the electron package itself is not installed', () => {
    expect(electronProblem(null, {}, dir)).toMatch(
      /^PixelPool: the electron package is not installed: run `npm install`/,
    );
  });
});

describe('npm start with an Electron binary', () => {
  it('runs electron-vite preview, which starts that binary on the app; its exit code is passed on', () => {
    // A stand-in for Electron: records its arguments, exits 3. --skipBuild: out/ is built by the global setup.
    const fake = join(dir, 'electron');
    const argsFile = join(dir, 'args.txt');
    writeFileSync(fake, `#!/bin/sh\necho "$@" > '${argsFile}'\nexit 3\n`);
    chmodSync(fake, 0o755);
    const run = runStart({ ELECTRON_EXEC_PATH: fake }, ['--skipBuild']);
    expect(run.status).toBe(3);
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('.');
  });
});
