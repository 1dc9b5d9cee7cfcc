import { type DragEvent, useRef, useState } from 'react';
import type { AddPathsResult } from '../../api/types';
import { useApp } from '../../state/AppContext';
import './DropZone.css';

interface Props {
  busy: boolean;
  /** Once images are listed the zone shrinks to one row, leaving the room to the grid. */
  compact: boolean;
  run(action: () => Promise<AddPathsResult>): Promise<void>;
}

/**
 * Files and folders come in three ways: a drop, the host's native dialogs (Electron), or the browser's
 * file inputs (web host, where the bridge uploads the bytes and gets host paths back).
 */
export function DropZone({ busy, compact, run }: Props) {
  const { api, capabilities } = useApp();
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const addFrom = (source: DataTransfer | FileList | File[]) =>
    run(async () => api.addPaths({ paths: await api.pathsFromDrop(source) }));

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    if (e.dataTransfer.files.length > 0) void addFrom(e.dataTransfer);
  };

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  const pickFiles = () => {
    if (capabilities.dialogs.openFiles) void run(() => api.openFiles());
    else filesInput.current?.click();
  };
  const pickFolder = () => {
    if (capabilities.dialogs.openFolder) void run(() => api.openFolder());
    else folderInput.current?.click();
  };

  const onInputChange = (input: HTMLInputElement) => {
    const files = input.files ? Array.from(input.files) : [];
    input.value = '';
    if (files.length > 0) void addFrom(files);
  };

  const limit = capabilities.upload
    ? ` Up to ${Math.round(capabilities.upload.maxFileBytes / (1024 * 1024))} MB a file in the browser.`
    : '';

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target; its buttons are the keyboard path.
    <div
      className={`drop-zone${compact ? ' drop-zone--compact' : ''}${over ? ' drop-zone--over' : ''}${busy ? ' drop-zone--busy' : ''}`}
      data-testid="drop-zone"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
    >
      <div className="drop-zone__icon" aria-hidden="true">
        <svg
          viewBox="0 0 24 24"
          width="28"
          height="28"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          aria-hidden="true"
        >
          <rect x="3" y="4" width="18" height="16" rx="2.5" />
          <circle cx="9" cy="10" r="1.8" />
          <path d="m4 18 5.5-5.5 4 4L16 14l4 4" strokeLinejoin="round" />
        </svg>
      </div>
      <div className="drop-zone__text">
        <p className="drop-zone__title">
          {over ? 'Drop to add' : compact ? 'Drop more photos or folders' : 'Drop photos or folders here'}
        </p>
        <p className="drop-zone__hint">
          JPEG, PNG, WebP, AVIF, TIFF and GIF. Folders are searched recursively.{limit}
        </p>
      </div>
      <div className="btn-row drop-zone__actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={pickFiles}
          disabled={busy}
          data-testid="add-files"
        >
          Add photos…
        </button>
        <button type="button" className="btn" onClick={pickFolder} disabled={busy} data-testid="add-folder">
          Add folder…
        </button>
      </div>
      {busy ? (
        <p className="drop-zone__status" role="status">
          Reading files…
        </p>
      ) : null}
      <input
        ref={filesInput}
        type="file"
        multiple
        accept="image/*,.avif,.tif,.tiff"
        hidden
        data-testid="file-input"
        aria-label="Choose photos"
        onChange={(e) => onInputChange(e.currentTarget)}
      />
      <input
        ref={(el) => {
          folderInput.current = el;
          // Not in React's typings; lets the browser pick a whole folder.
          el?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        hidden
        data-testid="folder-input"
        aria-label="Choose a folder"
        onChange={(e) => onInputChange(e.currentTarget)}
      />
    </div>
  );
}
