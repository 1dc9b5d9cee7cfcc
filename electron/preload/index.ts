/**
 * The preload of the main window. Sandboxed, so it is bundled to CommonJS and may require only 'electron';
 * it exposes window.pixelpool (PixelPoolPreloadApi from shared/host-wiring.ts) and nothing else.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import type { ApiResponse, PixelPoolEvent } from '../../shared/contract';
import { API_EVENT_CHANNEL, API_INVOKE_CHANNEL } from '../../shared/host-wiring';
import { createPreloadApi } from './bridge';

const api = createPreloadApi({
  invoke: (method, payload) =>
    ipcRenderer.invoke(API_INVOKE_CHANNEL, method, payload) as Promise<ApiResponse>,
  subscribe(listener) {
    const onMessage = (_event: IpcRendererEvent, data: PixelPoolEvent) => listener(data);
    ipcRenderer.on(API_EVENT_CHANNEL, onMessage);
    return () => {
      ipcRenderer.removeListener(API_EVENT_CHANNEL, onMessage);
    };
  },
  getPathForFile: (file) => webUtils.getPathForFile(file as File),
});

contextBridge.exposeInMainWorld('pixelpool', api);
