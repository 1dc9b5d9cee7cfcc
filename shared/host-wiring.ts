/**
 * How each host carries the contract (contract.ts): the Electron IPC channels and media scheme,
 * what the preload exposes, and the web host's WebSocket frames and HTTP paths. Pure constants and
 * types: the sandboxed preload and the renderer import it.
 *
 *   Electron: the preload exposes `window.pixelpool: PixelPoolPreloadApi` (raw invoke + events +
 *     webUtils.getPathForFile); main handles API_INVOKE_CHANNEL with the service's `dispatch` and
 *     forwards service events on API_EVENT_CHANNEL. Media keys are served as
 *     `${MEDIA_SCHEME}://<key>` (the key is lower-case hex, so it survives as a URL host).
 *   Web: a WebSocket at /ws?token=… carries WsClientMessage / WsServerMessage; media are served
 *   at /media/<key>?token=…; dropped files are uploaded to POST /upload?token=…&name=…; a finished
 *   batch's outputs are downloaded from GET /download/<jobId>/<index>?token=… and, all in one .zip,
 *   /download/<jobId>/zip?token=….
 */
import type { ApiError, ApiMethod, ApiResponse, PixelPoolEvent } from './contract';

/** IPC channel (Electron) of `invoke(method, payload) -> ApiResponse`. */
export const API_INVOKE_CHANNEL = 'pixelpool:invoke';
/** IPC channel (Electron) on which main sends PixelPoolEvent objects. */
export const API_EVENT_CHANNEL = 'pixelpool:event';
/** Custom protocol (Electron) that serves media keys: `pixelpool-media://<key>`. */
export const MEDIA_SCHEME = 'pixelpool-media';

/** What a dropped file looks like to the preload (a DOM File; typed loosely so Node code compiles). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/**
 * What the Electron preload exposes as `window.pixelpool`: the raw channel. The renderer's bridge
 * builds the typed PixelPoolApi on it (the same way it does on the web host's WebSocket).
 */
export interface PixelPoolPreloadApi {
  host: 'electron';
  invoke(method: ApiMethod, payload?: unknown): Promise<ApiResponse>;
  onEvent(listener: (event: PixelPoolEvent) => void): () => void;
  /** webUtils.getPathForFile: the absolute path of a dropped File ('' when it has none). */
  getPathForFile(file: DroppedFile): string;
}

// --- Web host wire messages (JSON text frames)

export type WsClientMessage = { kind: 'request'; id: number; method: string; payload?: unknown };

export type WsServerMessage =
  | { kind: 'response'; id: number; response: ApiResponse }
  | { kind: 'event'; event: PixelPoolEvent }
  /** A frame the host could not read at all (not JSON, no id): nothing to answer, so it says so. */
  | { kind: 'error'; error: ApiError };

/** Web host HTTP API. Every path needs `token` (query) or the `x-pixelpool-token` header. */
export const WEB_TOKEN_HEADER = 'x-pixelpool-token';
export const WEB_PATHS = { ws: '/ws', media: '/media/', upload: '/upload', download: '/download/' } as const;
/** The last segment of a batch's download path that asks for every output in one .zip. */
export const DOWNLOAD_ZIP = 'zip';
/**
 * The path (without the token) of one output of a batch, by its index in `BatchSummary.outputs`, or of
 * them all as a .zip. The host looks both up in the job's summary; no path of a file ever travels.
 */
export function downloadPath(jobId: string, output: number | typeof DOWNLOAD_ZIP): string {
  return `${WEB_PATHS.download}${encodeURIComponent(jobId)}/${output}`;
}
/** Response of POST /upload?token=…&name=… (body = the file's bytes). */
export interface UploadResult {
  path: string;
  name: string;
  bytes: number;
}
