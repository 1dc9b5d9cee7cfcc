import { useEffect, useMemo } from 'react';
import type { ImageEntry } from '../../api/types';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { distinguishingFolders } from '../../lib/name-clash';
import { useApp } from '../../state/AppContext';
import { DropZone } from './DropZone';
import { RejectedList } from './RejectedList';
import { ThumbCard } from './ThumbCard';
import './ImagesPanel.css';

const countImages = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

export function ImagesPanel({ onOpenEditor }: { onOpenEditor(): void }) {
  const { api, images: state, capabilities, undo } = useApp();
  const announce = useAnnounce();
  const { images, rejected, previewId, checked } = state;
  const totalMp = images.reduce((sum, i) => sum + i.megapixels, 0);
  const folders = useMemo(
    () => distinguishingFolders(images, { folders: capabilities.host !== 'web' }),
    [images, capabilities.host],
  );
  const chosen = images.filter((i) => checked.has(i.id));

  useEffect(() => {
    if (state.lastAdd) announce(state.lastAdd);
  }, [state.lastAdd, announce]);
  useEffect(() => {
    if (state.error) announce(`Could not add files: ${state.error}`);
  }, [state.error, announce]);

  /** Takes images out of the list, offering to put them back as they were (checked ones checked). */
  const removeWithUndo = (gone: readonly ImageEntry[], label: string, how: () => Promise<void>) => {
    const paths = gone.map((i) => i.path);
    const wasChecked = new Set(gone.filter((i) => checked.has(i.id)).map((i) => i.path));
    void how().then(() =>
      undo.offerUndo({
        label,
        restore: () =>
          state.run(
            () => api.addPaths({ paths }),
            (image) => wasChecked.has(image.path),
          ),
      }),
    );
  };

  return (
    <div className="images-panel">
      <div className="panel-head">
        <div className="panel-head__text">
          <h2>Images</h2>
          <p>
            Photos stay where they are: PixelPool reads them and never writes over them. Pick one to preview
            your pipeline on it; tick some to process only those.
          </p>
        </div>
        {images.length > 0 ? (
          <div className="btn-row">
            <span className="images-panel__total num" data-testid="images-total">
              {countImages(images.length)} · {totalMp.toFixed(1)} MP
            </span>
            <button type="button" className="btn" onClick={onOpenEditor}>
              Edit pipeline →
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => removeWithUndo(images, `Cleared ${countImages(images.length)}`, state.clear)}
              data-testid="clear-images"
            >
              Clear all
            </button>
          </div>
        ) : null}
      </div>

      <div className="stack">
        <DropZone busy={state.busy} compact={images.length > 0} run={state.run} />
        {state.error ? (
          <p className="error-text" role="alert" data-testid="images-error">
            {state.error}
          </p>
        ) : null}
        {state.lastAdd && !state.error ? (
          <p className="muted images-panel__summary" data-testid="images-summary">
            {state.lastAdd}
          </p>
        ) : null}
        <RejectedList rejected={rejected} onDismiss={state.dismissRejected} />
        {images.length > 0 ? (
          <>
            <div className="images-panel__selection" data-testid="images-selection">
              <p className="images-panel__checked num" data-testid="images-checked">
                {chosen.length === 0
                  ? `None selected: a batch processes ${images.length === 1 ? 'the one image' : `all ${countImages(images.length)}`}.`
                  : `${chosen.length} of ${countImages(images.length)} selected for the batch.`}
              </p>
              <div className="btn-row">
                <button
                  type="button"
                  className="btn"
                  onClick={state.checkAll}
                  disabled={chosen.length === images.length}
                  data-testid="select-all"
                >
                  Select all
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={state.checkNone}
                  disabled={chosen.length === 0}
                  data-testid="select-none"
                >
                  Select none
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() =>
                    removeWithUndo(chosen, `Removed ${countImages(chosen.length)}`, () =>
                      state.remove(chosen.map((i) => i.id)),
                    )
                  }
                  disabled={chosen.length === 0}
                  data-testid="remove-selected"
                >
                  Remove selected
                </button>
              </div>
            </div>
            <ul className="images-panel__grid" aria-label="Images in this batch" data-testid="thumbnails">
              {images.map((image) => (
                <ThumbCard
                  key={image.id}
                  image={image}
                  src={image.thumbnail ? api.mediaUrl(image.thumbnail) : null}
                  previewing={image.id === previewId}
                  checked={checked.has(image.id)}
                  folder={folders.get(image.id) ?? null}
                  onPreview={() => state.preview(image.id)}
                  onCheck={(on, range) => state.check(image.id, on, range)}
                  onRemove={() =>
                    removeWithUndo([image], `Removed ${image.name}`, () => state.remove([image.id]))
                  }
                />
              ))}
            </ul>
          </>
        ) : (
          <p className="empty">No images yet. Sample photos ship in the assets/photos folder.</p>
        )}
      </div>
    </div>
  );
}
