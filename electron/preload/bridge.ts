import { API_METHODS, type ApiMethod, type ApiResponse, type PixelPoolEvent } from '../../shared/contract';
import type { DroppedFile, PixelPoolPreloadApi } from '../../shared/host-wiring';

/** What the bridge needs of Electron's renderer side; index.ts passes ipcRenderer and webUtils through. */
export interface PreloadChannel {
  invoke(method: ApiMethod, payload: unknown): Promise<ApiResponse>;
  /** Subscribes to the event channel and returns the unsubscribe function. */
  subscribe(listener: (event: PixelPoolEvent) => void): () => void;
  getPathForFile(file: DroppedFile): string;
}

const knownMethods: ReadonlySet<string> = new Set(API_METHODS);

/**
 * Builds `window.pixelpool` (checklist item 20: no Electron API is exposed, only these three functions).
 * - invoke: only API method names reach IPC; the main process validates the payload with zod anyway.
 * - onEvent: one IPC listener however many UI listeners there are, and listeners get the event data only,
 *   never Electron's IpcRendererEvent (which would hand the page `sender`, i.e. ipcRenderer itself).
 * - getPathForFile: turns a dropped File into its path here, in the preload, as webUtils requires.
 */
export function createPreloadApi(channel: PreloadChannel): PixelPoolPreloadApi {
  const listeners = new Set<(event: PixelPoolEvent) => void>();
  let unsubscribeChannel: (() => void) | null = null;

  const deliver = (event: PixelPoolEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One faulty listener must not starve the others; surface it on the console instead.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  return {
    host: 'electron',
    invoke(method: ApiMethod, payload?: unknown): Promise<ApiResponse> {
      if (typeof method !== 'string' || !knownMethods.has(method)) {
        const shown = typeof method === 'string' ? `"${String(method).slice(0, 64)}"` : typeof method;
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown-method', message: `Unknown API method ${shown}` },
        });
      }
      return channel.invoke(method, payload);
    },
    onEvent(listener: (event: PixelPoolEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
      // Each subscription gets its own wrapper, so subscribing the same function twice is two subscriptions.
      const entry = (event: PixelPoolEvent) => listener(event);
      listeners.add(entry);
      if (!unsubscribeChannel) unsubscribeChannel = channel.subscribe(deliver);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(entry);
        if (listeners.size === 0 && unsubscribeChannel) {
          unsubscribeChannel();
          unsubscribeChannel = null;
        }
      };
    },
    getPathForFile(file: DroppedFile): string {
      return channel.getPathForFile(file);
    },
  };
}
