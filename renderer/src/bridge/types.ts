import type {
  ApiMethod,
  ApiResponse,
  MediaKey,
  PixelPoolApi,
  PixelPoolEvent,
} from '../../../shared/contract';
import type { DOWNLOAD_ZIP } from '../../../shared/host-wiring';

/** The raw channel under the typed API: Electron IPC or the web host's WebSocket. */
export interface Channel {
  invoke(method: ApiMethod, payload?: unknown): Promise<ApiResponse>;
  onEvent(listener: (event: PixelPoolEvent) => void): () => void;
}

/** What the UI gets from getBridge(). */
export type Bridge = PixelPoolApi & {
  readonly host: 'electron' | 'web';
  /** A URL the page can load (img src, fetch) for a media key. */
  mediaUrl(key: MediaKey): string;
  /**
   * Where a finished batch's output (by its index in the summary's `outputs`) or all of them as a .zip
   * download from; null where the host hands out no files (Electron: capabilities.downloads is false).
   */
  downloadUrl(jobId: string, output: number | typeof DOWNLOAD_ZIP): string | null;
  /**
   * Host paths for dropped or picked files. Electron: their real paths. Web: the files are
   * uploaded to the host's private temp folder and the saved paths returned. Pass the result to
   * addPaths.
   */
  pathsFromDrop(source: DataTransfer | FileList | readonly File[]): Promise<string[]>;
  /** Connection state of the web host's socket (always 'open' in Electron). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
};

export type ConnectionState = 'connecting' | 'open' | 'closed';
