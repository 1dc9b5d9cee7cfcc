/**
 * The Electron shell: app lifecycle, the window, security guards, menu, protocols and IPC wiring.
 * Thin on purpose: every request goes to the engine's PixelPoolService through its dispatch (which
 * validates with zod); every decision worth testing lives in a pure module next to this one.
 *
 * sharp and MALLOC_ARENA_MAX: on glibc Linux sharp defaults to one libvips thread unless MALLOC_ARENA_MAX is
 * set when it loads, and glibc reads that variable only at process start, so setting it here would raise
 * sharp's threads without the arena cap that makes it safe. The shell leaves it alone: the filters run on
 * the worker pool either way, and a user may launch with MALLOC_ARENA_MAX=2 to let decode/encode use every
 * core (docs/architecture.md, "Toolchain pitfalls").
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  Menu,
  type MessageBoxOptions,
  protocol,
  session,
  utilityProcess,
} from 'electron';
import { dispatch, LIMITS, PixelPoolService } from '../../engine/service';
import { launchPathsFromArgv, parseLaunchRequest } from './argv';
import { buildCsp } from './csp';
import { createHostDialogs } from './dialogs';
import { forwardEvents, registerApiHandler } from './ipc';
import { buildMenuTemplate } from './menu';
import { APP_SCHEME, MEDIA_SCHEME, rendererEntryUrl, rendererOrigin } from './origins';
import type { ShellPolicy } from './policy';
import { handleAppRequest, handleMediaRequest } from './protocol-handlers';
import { guardWebContents, hardenSession } from './security';
import { utilitySlotSpawner } from './utility-slot';
import { createMainWindow, type MainWindow } from './window';

const isDev = !app.isPackaged;
// Only an unpackaged app honours the dev server URL; rendererOrigin() also insists it is on loopback.
const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
const origin = rendererOrigin(devServerUrl);
const policy: ShellPolicy = devServerUrl ? { devServerOrigin: origin } : {};
const csp = buildCsp(policy);
const rendererRoot = join(__dirname, '../renderer');
const preloadPath = join(__dirname, '../preload/index.js');

// Both schemes are secure (no mixed-content downgrade) and standard (URLs with a host, so the page has an
// origin and media keys parse as hosts). Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
  },
]);
// Checklist item 4 for every renderer the app could ever create, not only the main window.
app.enableSandbox();

const launchPaths = launchPathsFromArgv(process.argv, {
  defaultApp: Boolean(process.defaultApp),
  cwd: process.cwd(),
});

if (!app.requestSingleInstanceLock({ paths: launchPaths })) {
  // Another PixelPool is running: it receives our paths through 'second-instance' and takes focus.
  app.quit();
} else {
  runApp();
}

function runApp(): void {
  let main: MainWindow | null = null;
  let service: PixelPoolService | null = null;
  const pendingPaths: string[] = [...launchPaths];
  const getWindow = (): BrowserWindow | null => (main && !main.window.isDestroyed() ? main.window : null);

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, policy));

  // macOS hands files dropped on the Dock icon (or opened with the app) to this event, even before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    queuePaths([path]);
  });

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const window = getWindow();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    const fromData = parseLaunchRequest(additionalData).paths;
    const paths =
      fromData.length > 0
        ? fromData
        : launchPathsFromArgv(argv, { defaultApp: Boolean(process.defaultApp), cwd: workingDirectory });
    queuePaths(paths);
  });

  function queuePaths(paths: readonly string[]): void {
    pendingPaths.push(...paths);
    if (service) void addPendingPaths(service);
  }

  async function addPendingPaths(target: PixelPoolService): Promise<void> {
    const paths = pendingPaths.splice(0);
    // Through dispatch, so launch arguments get the same validation as anything the renderer sends.
    for (let i = 0; i < paths.length; i += LIMITS.maxPathsPerRequest) {
      const response = await dispatch(target, 'addPaths', {
        paths: paths.slice(i, i + LIMITS.maxPathsPerRequest),
      });
      if (!response.ok) console.warn(`Could not add launch paths: ${response.error.message}`);
    }
  }

  async function openWindow(): Promise<void> {
    if (getWindow()) return;
    main = await createMainWindow({
      preloadPath,
      entryUrl: rendererEntryUrl(devServerUrl),
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      isDev,
      policy,
    });
  }

  /** A message box, modal to the window when there is one. */
  function showMessage(options: MessageBoxOptions): void {
    const window = getWindow();
    void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
  }

  function showAbout(): void {
    showMessage({
      type: 'info',
      title: 'About PixelPool',
      message: `PixelPool ${app.getVersion()}`,
      detail: [
        'Batch photo filters on every CPU core, with the speedup measured on your own images.',
        '',
        `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
        `${availableParallelism()} logical cores`,
      ].join('\n'),
      buttons: ['OK'],
    });
  }

  function runMenuCommand(command: 'openFiles' | 'openFolder'): void {
    if (!service) return;
    void dispatch(service, command, undefined).then((response) => {
      if (!response.ok && response.error.code !== 'cancelled') {
        showMessage({ type: 'error', title: 'PixelPool', message: response.error.message });
      }
    });
  }

  app
    .whenReady()
    .then(async () => {
      const ses = session.defaultSession;
      hardenSession(ses, policy, csp);

      const created = new PixelPoolService({
        host: 'electron',
        settingsDir: app.getPath('userData'),
        dialogs: createHostDialogs(getWindow),
        version: app.getVersion(),
        // The runAsNode fuse is off: a pool of processes is started as utility processes, not forked.
        processSpawner: utilitySlotSpawner((path, args, options) => utilityProcess.fork(path, args, options)),
      });
      service = created;

      protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, rendererRoot, csp));
      protocol.handle(MEDIA_SCHEME, (request) =>
        handleMediaRequest(request, (key) => created.getMedia(key), origin),
      );
      registerApiHandler({
        getWindow,
        rendererOrigin: origin,
        dispatch: (method, payload) => dispatch(created, method, payload),
      });
      forwardEvents((listener) => created.onEvent(listener), getWindow);

      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate(
            { appName: app.name, isDev, isMac: process.platform === 'darwin' },
            {
              openFiles: () => runMenuCommand('openFiles'),
              openFolder: () => runMenuCommand('openFolder'),
              about: showAbout,
            },
          ),
        ),
      );

      await openWindow();
      await addPendingPaths(created);

      app.on('activate', () => {
        if (!getWindow()) void openWindow();
      });
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'PixelPool could not start',
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // The pool's workers and any running job are shut down before the process goes: quitting waits for
  // service.dispose() (bounded, so a stuck worker cannot keep the app alive), then quits for real.
  let shutdown: 'not-started' | 'disposing' | 'done' = 'not-started';
  app.on('before-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    if (shutdown === 'disposing') return;
    shutdown = 'disposing';
    void (async () => {
      const tasks: Promise<unknown>[] = [];
      if (service) tasks.push(service.dispose());
      // Saved now: the window only closes after this, when the process may be too busy exiting to finish a write.
      if (main) tasks.push(main.saveState());
      await Promise.race([Promise.allSettled(tasks), delay(5000)]);
    })().finally(() => {
      shutdown = 'done';
      app.quit();
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
