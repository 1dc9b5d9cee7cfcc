import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../api/client';
import type { AddPathsResult, ImageEntry, PixelPoolApi, RejectedEntry } from '../api/types';
import { addSummary } from '../lib/add-summary';

export interface ImagesState {
  images: ImageEntry[];
  rejected: RejectedEntry[];
  selectedId: string | null;
  /** What became of the last add, in a sentence or two (addSummary), for the live region and the panel. */
  lastAdd: string | null;
  busy: boolean;
  error: string | null;
  select(id: string | null): void;
  run(action: () => Promise<AddPathsResult>): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  dismissRejected(path?: string): void;
}

/** The image list held by the service, mirrored here, plus the files it rejected and the selection. */
export function useImages(api: PixelPoolApi): ImagesState {
  const [images, setImages] = useState<ImageEntry[]>([]);
  const [rejected, setRejected] = useState<RejectedEntry[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
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

  // Keep a valid selection: the first image when none (or a removed one) is selected.
  useEffect(() => {
    if (selectedId && images.some((i) => i.id === selectedId)) return;
    setSelectedId(images[0]?.id ?? null);
  }, [images, selectedId]);

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
    async (action: () => Promise<AddPathsResult>) => {
      setBusy(true);
      setError(null);
      try {
        addResult(await action());
      } catch (err) {
        setError(messageOf(err));
      } finally {
        setBusy(false);
      }
    },
    [addResult],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await api.removeImages({ ids: [id] });
        setImages((prev) => prev.filter((i) => i.id !== id));
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

  return {
    images,
    rejected,
    selectedId,
    lastAdd,
    busy,
    error,
    select: setSelectedId,
    run,
    remove,
    clear,
    dismissRejected,
  };
}
