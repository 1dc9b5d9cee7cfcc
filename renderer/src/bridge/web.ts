import type { MediaKey } from '../../../shared/contract';
import { downloadPath, type UploadResult, WEB_PATHS, WEB_TOKEN_HEADER } from '../../../shared/host-wiring';
import { collectDropped } from './drop';
import { typedApi } from './typed-api';
import type { Bridge } from './types';
import { WebSocketChannel } from './ws-channel';

/** The bridge in a browser: the web host's WebSocket, its media URLs and its upload endpoint. */
export function createWebBridge(location: Location): Bridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const wsUrl = new URL(WEB_PATHS.ws, location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.search = new URLSearchParams({ token }).toString();
  const channel = new WebSocketChannel(wsUrl.toString());

  async function upload(file: File): Promise<string> {
    const url = new URL(WEB_PATHS.upload, location.href);
    url.search = new URLSearchParams({ token, name: file.name }).toString();
    const response = await fetch(url, {
      method: 'POST',
      headers: { [WEB_TOKEN_HEADER]: token, 'content-type': 'application/octet-stream' },
      body: file,
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`Could not upload ${file.name}: ${text || response.statusText}`);
    }
    return ((await response.json()) as UploadResult).path;
  }

  return {
    ...typedApi(channel),
    host: 'web',
    mediaUrl: (key: MediaKey) =>
      `${WEB_PATHS.media}${encodeURIComponent(key)}?token=${encodeURIComponent(token)}`,
    downloadUrl: (jobId, output) => `${downloadPath(jobId, output)}?token=${encodeURIComponent(token)}`,
    async pathsFromDrop(source) {
      const files = await collectDropped(source);
      const paths: string[] = [];
      // One file per request, one at a time: the host's size limits apply per file and in total.
      for (const file of files) paths.push(await upload(file));
      return paths;
    },
    onConnection: (listener) => channel.onConnection(listener),
  };
}
