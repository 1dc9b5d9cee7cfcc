/**
 * The renderer's only way to the host. It picks the transport by itself: `window.pixelpool`
 * (exposed by the Electron preload) when present, otherwise the web host's WebSocket, with the
 * token read from the page's URL.
 */
import type { MediaKey, PixelPoolPreloadApi } from '../../../electron/api';
import { createElectronBridge } from './electron';
import type { Bridge } from './types';
import { createWebBridge } from './web';

export type { Bridge, ConnectionState } from './types';

declare global {
  interface Window {
    pixelpool?: PixelPoolPreloadApi;
  }
}

let bridge: Bridge | null = null;

export function getBridge(): Bridge {
  if (!bridge) {
    bridge = window.pixelpool ? createElectronBridge(window.pixelpool) : createWebBridge(window.location);
  }
  return bridge;
}

/** A URL for a media key (thumbnail, preview). */
export function mediaUrl(key: MediaKey): string {
  return getBridge().mediaUrl(key);
}

/** Host paths for dropped or picked files (see Bridge.pathsFromDrop). */
export function pathsFromDrop(source: DataTransfer | FileList | readonly File[]): Promise<string[]> {
  return getBridge().pathsFromDrop(source);
}
