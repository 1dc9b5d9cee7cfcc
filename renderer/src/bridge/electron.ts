import type { MediaKey } from '../../../shared/contract';
import { MEDIA_SCHEME, type PixelPoolPreloadApi } from '../../../shared/host-wiring';
import { isDataTransfer } from './drop';
import { typedApi } from './typed-api';
import type { Bridge } from './types';

/** The bridge in Electron: the preload's IPC channel, the media protocol and real file paths. */
export function createElectronBridge(preload: PixelPoolPreloadApi): Bridge {
  return {
    ...typedApi(preload),
    host: 'electron',
    mediaUrl: (key: MediaKey) => `${MEDIA_SCHEME}://${key}`,
    // The desktop app opens the output folder instead; its session cancels downloads it did not make.
    downloadUrl: () => null,
    async pathsFromDrop(source) {
      // Electron gives dropped files and folders their real paths: no upload, folders included.
      const files: readonly File[] = isDataTransfer(source)
        ? Array.from(source.files)
        : Array.from(source as ArrayLike<File>);
      return files.map((file) => preload.getPathForFile(file)).filter((path) => path.length > 0);
    },
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}
