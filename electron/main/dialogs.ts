import { type BrowserWindow, dialog, type OpenDialogOptions, shell } from 'electron';
import type { HostDialogs } from '../../engine/service';

/** Extensions the Open Files dialog offers; the service still probes every file it is given. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'avif', 'tif', 'tiff', 'gif'] as const;

/**
 * The native dialogs the service may ask for. Each is modal to the main window when there is one.
 * openPath only ever receives the folder the service decided to show (an output folder it checked);
 * shell.openPath opens it in the OS file manager and is never handed a URL (checklist item 15).
 */
export function createHostDialogs(getWindow: () => BrowserWindow | null): HostDialogs {
  const show = async (options: OpenDialogOptions): Promise<string[]> => {
    const window = getWindow();
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
  return {
    openFiles: () =>
      show({
        title: 'Add images',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Images', extensions: [...IMAGE_EXTENSIONS] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    openFolder: () =>
      show({ title: 'Add a folder of images', properties: ['openDirectory', 'multiSelections'] }),
    chooseFolder: async () => {
      const paths = await show({
        title: 'Choose the output folder',
        buttonLabel: 'Choose',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      });
      return paths[0] ?? null;
    },
    openPath: async (path: string) => {
      const error = await shell.openPath(path);
      if (error) throw new Error(`Could not open ${path}: ${error}`);
    },
  };
}
