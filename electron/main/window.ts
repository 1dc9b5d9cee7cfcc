import { BrowserWindow, nativeTheme, screen } from 'electron';
import type { ShellPolicy } from './policy';
import { guardWebContents } from './security';
import { secureWebPreferences } from './web-preferences';
import { loadWindowState, MIN_SIZE, restoreBounds, saveWindowState, type WindowState } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  entryUrl: string;
  stateFile: string;
  isDev: boolean;
  policy: ShellPolicy;
}

export interface MainWindow {
  window: BrowserWindow;
  /** Writes the window's bounds now (if they changed); resolves when every write so far has landed. */
  saveState(): Promise<void>;
}

/**
 * The one window: secure preferences, guarded WebContents, bounds restored from the last launch (and
 * saved when it closes), shown once the first paint is ready so the user never sees a blank frame.
 */
export async function createMainWindow(options: MainWindowOptions): Promise<MainWindow> {
  const saved = await loadWindowState(options.stateFile);
  const bounds = restoreBounds(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'PixelPool',
    // Matches the renderer's first paint in either theme, so opening does not flash white in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9',
    webPreferences: secureWebPreferences(options.preloadPath, options.isDev),
  });
  // web-contents-created guards every WebContents too; attaching here as well keeps this window safe even
  // if it were ever created before that listener.
  guardWebContents(window.webContents, options.policy);
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  let pendingWrite: Promise<void> = Promise.resolve();
  let lastWritten = saved ? JSON.stringify(saved) : '';
  const saveState = (): Promise<void> => {
    if (window.isDestroyed()) return pendingWrite;
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    const text = JSON.stringify(state);
    if (text === lastWritten) return pendingWrite;
    lastWritten = text;
    // Chained, so an older state never lands after a newer one.
    pendingWrite = pendingWrite
      .then(() => saveWindowState(options.stateFile, state))
      .catch((error: unknown) => {
        console.warn(`Could not save the window state to ${options.stateFile}: ${String(error)}`);
      });
    return pendingWrite;
  };
  window.on('close', () => void saveState());

  await window.loadURL(options.entryUrl);
  return { window, saveState };
}
