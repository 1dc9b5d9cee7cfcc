import { useEffect, useMemo } from 'react';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { distinguishingFolders } from '../../lib/name-clash';
import { useApp } from '../../state/AppContext';
import { DropZone } from './DropZone';
import { RejectedList } from './RejectedList';
import { ThumbCard } from './ThumbCard';
import './ImagesPanel.css';

export function ImagesPanel({ onOpenEditor }: { onOpenEditor(): void }) {
  const { api, images: state, capabilities, undo } = useApp();
  const announce = useAnnounce();
  const { images, rejected, selectedId } = state;
  const totalMp = images.reduce((sum, i) => sum + i.megapixels, 0);
  const folders = useMemo(
    () => distinguishingFolders(images, { folders: capabilities.host !== 'web' }),
    [images, capabilities.host],
  );

  useEffect(() => {
    if (state.lastAdd) announce(state.lastAdd);
  }, [state.lastAdd, announce]);
  useEffect(() => {
    if (state.error) announce(`Could not add files: ${state.error}`);
  }, [state.error, announce]);

  return (
    <div className="images-panel">
      <div className="panel-head">
        <div className="panel-head__text">
          <h2>Images</h2>
          <p>
            Photos stay where they are: PixelPool reads them and never writes over them. Pick one to preview
            your pipeline on it.
          </p>
        </div>
        {images.length > 0 ? (
          <div className="btn-row">
            <span className="images-panel__total num" data-testid="images-total">
              {images.length} image{images.length === 1 ? '' : 's'} · {totalMp.toFixed(1)} MP
            </span>
            <button type="button" className="btn" onClick={onOpenEditor}>
              Edit pipeline →
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                const paths = images.map((i) => i.path);
                void state.clear().then(() =>
                  undo.offerUndo({
                    label: `Cleared ${paths.length} image${paths.length === 1 ? '' : 's'}`,
                    restore: () => state.run(() => api.addPaths({ paths })),
                  }),
                );
              }}
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
          <ul className="images-panel__grid" aria-label="Images in this batch" data-testid="thumbnails">
            {images.map((image) => (
              <ThumbCard
                key={image.id}
                image={image}
                src={image.thumbnail ? api.mediaUrl(image.thumbnail) : null}
                selected={image.id === selectedId}
                folder={folders.get(image.id) ?? null}
                onSelect={() => state.select(image.id)}
                onRemove={() =>
                  void state.remove(image.id).then(() =>
                    undo.offerUndo({
                      label: `Removed ${image.name}`,
                      restore: () => state.run(() => api.addPaths({ paths: [image.path] })),
                    }),
                  )
                }
              />
            ))}
          </ul>
        ) : (
          <p className="empty">No images yet. Sample photos ship in the assets/photos folder.</p>
        )}
      </div>
    </div>
  );
}
