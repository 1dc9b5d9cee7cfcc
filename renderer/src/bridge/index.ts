/**
 * The renderer's only way to the host. It picks the transport by itself: `window.pixelpool`
 * (exposed by the Electron preload) when present, otherwise the web host's WebSocket, with the
 * token read from the page's URL.
 */
import type { PixelPoolPreloadApi } from '../../../shared/host-wiring';
import { createElectronBridge } from './electron';
import type { Bridge } from './types';
import { createWebBridge } from './web';

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
