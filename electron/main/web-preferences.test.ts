import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences';

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of the renderer, whatever the build', () => {
    for (const isDev of [false, true]) {
      const prefs = secureWebPreferences('/app/out/preload/index.js', isDev);
      expect(prefs).toMatchObject({
        preload: '/app/out/preload/index.js',
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
      });
      expect(prefs.enableBlinkFeatures).toBeUndefined();
    }
  });

  it('has developer tools only in development', () => {
    expect(secureWebPreferences('/p.js', false).devTools).toBe(false);
    expect(secureWebPreferences('/p.js', true).devTools).toBe(true);
  });
});
