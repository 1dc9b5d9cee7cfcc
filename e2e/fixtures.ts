/**
 * The `app` fixture: one fresh PixelPool per test, on the project's target.
 *  - web: spawns the built web host (node out/main/hosts/web.js) with a throw-away settings folder,
 *    reads the URL (with its token) from its first stdout line and opens it in the project's Chromium.
 *  - electron: launches out/main/index.js through Playwright's _electron, or skips the test with the
 *    reason when the Electron binary is not installed (it cannot be downloaded on every machine).
 * Uncaught page errors and CSP violations fail the test: the UI must run clean under its policy.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  _electron,
  type Browser,
  test as base,
  type ElectronApplication,
  expect,
  type Page,
} from '@playwright/test';

export type Target = 'web' | 'electron';

export const ROOT = resolve(__dirname, '..');
export const PHOTOS = join(ROOT, 'assets/photos');

export interface App {
  page: Page;
  target: Target;
  /** A private temporary folder for this test (outputs, fixtures); removed afterwards. */
  workDir: string;
  /** Adds files through the UI's file chooser (uploads in a browser, real paths in Electron). */
  addFiles(paths: readonly string[]): Promise<void>;
  /**
   * Drops files on the drop zone as a user would. In a browser the DataTransfer carries the real
   * bytes; in Electron a synthetic File has no path, so this goes through the file chooser instead.
   */
  dropFiles(paths: readonly string[]): Promise<void>;
  /** Messages of page errors and console errors so far. */
  errors: string[];
}

/** The Electron binary, as the electron package would find it, without its download-on-require. */
export function electronBinary(): string | null {
  const pkg = join(ROOT, 'node_modules/electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (override) {
    const candidate = join(override, relative ?? 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = join(pkg, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

interface WebHost {
  url: string;
  child: ChildProcess;
}

async function startWebHost(settingsDir: string): Promise<WebHost> {
  const script = join(ROOT, 'out/main/hosts/web.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build`);
  const child = spawn(process.execPath, [script, '--port', '0', '--settings-dir', settingsDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Each test's own presets folder, never the user's (engine/presets/location.ts).
    env: { ...process.env, PIXELPOOL_PRESETS_DIR: join(settingsDir, 'presets') },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(
      () => reject(new Error(`web host printed no URL in 20 s. stderr:\n${stderr}`)),
      20_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveUrl(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code} before printing its URL. stderr:\n${stderr}`));
    });
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  return { url, child };
}

async function stopWebHost(host: WebHost): Promise<void> {
  if (host.child.exitCode !== null) return;
  const exited = new Promise<void>((done) => host.child.once('exit', () => done()));
  host.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') host.child.kill('SIGKILL');
}

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

async function dropInBrowser(page: Page, paths: readonly string[]): Promise<void> {
  const files = await Promise.all(
    paths.map(async (path) => ({
      name: basename(path),
      type: MIME[path.slice(path.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream',
      base64: (await readFile(path)).toString('base64'),
    })),
  );
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const file of list) {
      const binary = atob(file.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      dt.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export const test = base.extend<{ app: App }, { webBrowser: Browser | null }>({
  // The project's Chromium, launched only for the web target (the electron project needs none).
  webBrowser: [
    async ({ playwright }, use, workerInfo) => {
      if (workerInfo.project.metadata?.target === 'electron') {
        await use(null);
        return;
      }
      const browser = await playwright.chromium.launch(workerInfo.project.use.launchOptions);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ webBrowser }, use, testInfo) => {
    const target = (testInfo.project.metadata?.target ?? 'web') as Target;
    const workDir = await mkdtemp(join(tmpdir(), 'pixelpool-e2e-'));
    const errors: string[] = [];
    let page: Page;
    let cleanup: () => Promise<void>;

    if (target === 'electron') {
      const binary = electronBinary();
      if (!binary) {
        await rm(workDir, { recursive: true, force: true });
        testInfo.skip(
          true,
          'Electron binary not installed (node_modules/electron/dist is missing; it cannot be downloaded here): ' +
            'the electron project runs wherever `npx electron --version` works.',
        );
        return;
      }
      const electronApp: ElectronApplication = await _electron.launch({
        executablePath: binary,
        args: [join(ROOT, 'out/main/index.js'), `--user-data-dir=${join(workDir, 'user-data')}`],
        cwd: ROOT,
        env: {
          ...process.env,
          PIXELPOOL_E2E: '1',
          PIXELPOOL_PRESETS_DIR: join(workDir, 'presets'),
        } as Record<string, string>,
      });
      page = await electronApp.firstWindow();
      cleanup = () => electronApp.close();
    } else {
      if (!webBrowser) throw new Error('no browser for the web target');
      const host = await startWebHost(join(workDir, 'settings'));
      const context = await webBrowser.newContext({ viewport: { width: 1280, height: 860 } });
      page = await context.newPage();
      cleanup = async () => {
        await context.close();
        await stopWebHost(host);
      };
      await page.goto(host.url);
    }

    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    await expect(page.getByTestId('tab-images')).toBeVisible();

    const addFiles = async (paths: readonly string[]) => {
      await page.getByTestId('file-input').setInputFiles([...paths]);
    };
    const dropFiles = async (paths: readonly string[]) => {
      if (target === 'electron') return addFiles(paths);
      return dropInBrowser(page, paths);
    };

    try {
      await use({ page, target, workDir, addFiles, dropFiles, errors });
      const fatal = errors.filter(
        (e) => e.startsWith('pageerror') || /Content Security Policy|Refused to/.test(e),
      );
      expect(fatal, 'page errors or CSP violations').toEqual([]);
    } finally {
      await cleanup();
      await rm(workDir, { recursive: true, force: true });
    }
  },
});

export { expect };
