import type { WebPreferences } from 'electron';

/**
 * Checklist items 2, 3, 4, 6, 8, 9, 10, 11-12: every preference spelled out, even where it is Electron's
 * default, so a future default change or a careless edit shows up in review and in web-preferences.test.ts.
 */
export function secureWebPreferences(preloadPath: string, isDev: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Developer tools exist only in development builds (the View menu has no toggle otherwise).
    devTools: isDev,
  };
}
