import { useCallback, useEffect, useReducer, useState } from 'react';
import { messageOf } from '../api/client';
import type { AddPathsResult, ImageEntry, PixelPoolApi, RejectedEntry } from '../api/types';
import { addSummary } from '../lib/add-summary';
import { NO_SELECTION, selectionReducer } from '../state/selection';

export interface ImagesState {
  images: ImageEntry[];
  rejected: RejectedEntry[];
  /** The image the preview shows (one at a time; not the checked images). */
  previewId: string | null;
  /** The images checked for a batch (state/selection.ts); none checked means all. */
  checked: ReadonlySet<string>;
  /** What became of the last add, in a sentence or two (addSummary), for the live region and the panel. */
  lastAdd: string | null;
  busy: boolean;
  error: string | null;
  preview(id: string | null): void;
  /** Checks or unchecks one image; `range`: every image from the last one clicked to it (a shift-click). */
  check(id: string, checked: boolean, range: boolean): void;
  checkAll(): void;
  checkNone(): void;
  /** Adds files; `checkAdded` picks those of the added images that come in checked (an undo restoring them). */
  run(action: () => Promise<AddPathsResult>, checkAdded?: (image: ImageEntry) => boolean): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  dismissRejected(path?: string): void;
}

/** The image list held by the service, mirrored here, plus the files it rejected, the preview and the checks. */
export function useImages(api: PixelPoolApi): ImagesState {
  const [images, setImages] = useState<ImageEntry[]>([]);
  const [rejected, setRejected] = useState<RejectedEntry[]>([]);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [selection, dispatchSelection] = useReducer(selectionReducer, NO_SELECTION);
  const [lastAdd, setLastAdd] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .listImages()
      .then((list) => live && setImages(list))
      .catch((err) => live && setError(messageOf(err)));
    const off = api.onEvent((event) => {
      if (event.type === 'images-changed') setImages(event.images);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  // Keep a valid preview: the first image when none (or a removed one) is previewed.
  useEffect(() => {
    if (previewId && images.some((i) => i.id === previewId)) return;
    setPreviewId(images[0]?.id ?? null);
  }, [images, previewId]);

  useEffect(() => {
    dispatchSelection({ type: 'retain', order: images.map((i) => i.id) });
  }, [images]);

  const addResult = useCallback((result: AddPathsResult) => {
    setImages((prev) => {
      const known = new Set(prev.map((i) => i.id));
      return [...prev, ...result.added.filter((i) => !known.has(i.id))];
    });
    setRejected((prev) => {
      const fresh = new Set(result.rejected.map((r) => r.path));
      return [...prev.filter((r) => !fresh.has(r.path)), ...result.rejected];
    });
    setLastAdd(addSummary(result));
    setError(null);
  }, []);

  const run = useCallback(
    async (action: () => Promise<AddPathsResult>, checkAdded?: (image: ImageEntry) => boolean) => {
      setBusy(true);
      setError(null);
      try {
        const result = await action();
        addResult(result);
        if (checkAdded)
          dispatchSelection({ type: 'add', ids: result.added.filter(checkAdded).map((i) => i.id) });
      } catch (err) {
        setError(messageOf(err));
      } finally {
        setBusy(false);
      }
    },
    [addResult],
  );

  const remove = useCallback(
    async (ids: readonly string[]) => {
      try {
        await api.removeImages({ ids: [...ids] });
        const gone = new Set(ids);
        setImages((prev) => prev.filter((i) => !gone.has(i.id)));
      } catch (err) {
        setError(messageOf(err));
      }
    },
    [api],
  );

  const clear = useCallback(async () => {
    try {
      await api.clearImages();
      setImages([]);
      setRejected([]);
      setLastAdd(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [api]);

  const dismissRejected = useCallback((path?: string) => {
    setRejected((prev) => (path === undefined ? [] : prev.filter((r) => r.path !== path)));
  }, []);

  const check = useCallback(
    (id: string, checked: boolean, range: boolean) =>
      dispatchSelection(
        range ? { type: 'range', id, checked, order: images.map((i) => i.id) } : { type: 'set', id, checked },
      ),
    [images],
  );
  const checkAll = useCallback(
    () => dispatchSelection({ type: 'all', order: images.map((i) => i.id) }),
    [images],
  );
  const checkNone = useCallback(() => dispatchSelection({ type: 'none' }), []);

  return {
    images,
    rejected,
    previewId,
    checked: selection.ids,
    lastAdd,
    busy,
    error,
    preview: setPreviewId,
    check,
    checkAll,
    checkNone,
    run,
    remove,
    clear,
    dismissRejected,
  };
}
