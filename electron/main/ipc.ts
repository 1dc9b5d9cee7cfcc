import { type BrowserWindow, ipcMain } from 'electron';
import type { ApiResponse, PixelPoolEvent } from '../../shared/contract';
import { API_EVENT_CHANNEL, API_INVOKE_CHANNEL } from '../../shared/host-wiring';
import { isTrustedSender } from './sender';

export interface IpcWiring {
  getWindow(): BrowserWindow | null;
  /** The origin the window's page must be at (the app scheme, or the dev server in development). */
  rendererOrigin: string;
  /** The service's dispatch: validates method and payload (zod) and never rejects. */
  dispatch(method: unknown, payload: unknown): Promise<ApiResponse>;
}

/**
 * The one IPC handler of the app (checklist item 17). A request is passed to dispatch only when it comes
 * from the main window's WebContents, from its top frame, at the app's own origin; anything else gets an
 * error response and nothing runs.
 */
export function registerApiHandler(wiring: IpcWiring): () => void {
  ipcMain.handle(
    API_INVOKE_CHANNEL,
    async (event, method: unknown, payload: unknown): Promise<ApiResponse> => {
      const window = wiring.getWindow();
      const trusted =
        window !== null &&
        !window.isDestroyed() &&
        event.sender === window.webContents &&
        isTrustedSender(event.senderFrame, window.webContents.mainFrame, wiring.rendererOrigin);
      if (!trusted) {
        console.warn(
          `[security] refused IPC ${String(method).slice(0, 64)} from ${event.senderFrame?.url ?? '?'}`,
        );
        return {
          ok: false,
          error: { code: 'unavailable', message: 'Request refused: it was not sent by the PixelPool window' },
        };
      }
      return wiring.dispatch(method, payload);
    },
  );
  return () => ipcMain.removeHandler(API_INVOKE_CHANNEL);
}

/** Forwards service events to the window on the one event channel, while it is alive. */
export function forwardEvents(
  subscribe: (listener: (event: PixelPoolEvent) => void) => () => void,
  getWindow: () => BrowserWindow | null,
): () => void {
  return subscribe((event) => {
    const window = getWindow();
    if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(API_EVENT_CHANNEL, event);
  });
}
