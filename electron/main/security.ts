import { join } from 'node:path';
import { app, type Session, type WebContents } from 'electron';
import { isNavigationAllowed, isRequestAllowed, type ShellPolicy } from './policy';

/**
 * The Electron side of the security checklist (docs/security.md maps each item here). The decisions live
 * in policy.ts / sender.ts / csp.ts, where they are unit-tested; this file only attaches them.
 */

/**
 * Session-wide guards (items 1, 5, 7, 18): deny every permission request and check; cancel every request the
 * policy does not allow (no remote content, no file://); add the CSP header to every response; allow only
 * downloads of data the page made itself (the blob: links of "Export JSON/CSV"), through a save dialog.
 */
export function hardenSession(session: Session, policy: ShellPolicy, csp: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logDenied('permission request', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isRequestAllowed(details.url, policy);
    if (!allowed) logDenied('request', details.url);
    callback({ cancel: !allowed });
  });

  // The app protocol already sends the header; this covers the dev server, whose responses we do not write.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });

  session.on('will-download', (event, item) => {
    const url = item.getURL();
    if (!url.startsWith('blob:') && !url.startsWith('data:')) {
      logDenied('download', url);
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ defaultPath: join(app.getPath('downloads'), item.getFilename()) });
  });
}

/**
 * Per-WebContents guards (items 11-14), attached to every WebContents ever created (app's
 * 'web-contents-created'), not only the main window: navigation and redirects refused, every new window
 * denied, and <webview> attachment refused outright (webviewTag is off anyway).
 */
export function guardWebContents(contents: WebContents, policy: ShellPolicy): void {
  const refuseNavigation = (event: { url: string; preventDefault(): void }, kind: string) => {
    if (isNavigationAllowed(event.url, policy)) return;
    logDenied(kind, event.url);
    event.preventDefault();
  };
  contents.on('will-navigate', (event) => refuseNavigation(event, 'navigation'));
  contents.on('will-frame-navigate', (event) => refuseNavigation(event, 'frame navigation'));
  contents.on('will-redirect', (event) => refuseNavigation(event, 'redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    // No link in the app opens a window; nothing is handed to shell.openExternal either (item 15).
    logDenied('new window', url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    logDenied('webview', '');
    event.preventDefault();
  });
}

function logDenied(what: string, detail: string): void {
  console.warn(`[security] denied ${what}${detail ? `: ${detail.slice(0, 200)}` : ''}`);
}
