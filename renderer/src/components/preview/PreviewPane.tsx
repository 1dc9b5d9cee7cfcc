import { useEffect, useId } from 'react';
import { usePreview } from '../../hooks/usePreview';
import { formatMs } from '../../lib/format';
import { addPreview, previewMeasurement } from '../../lib/measurements';
import { useApp } from '../../state/AppContext';
import { CompareView } from './CompareView';
import './PreviewPane.css';

const SIZES = [512, 768, 1024, 1536, 2048];

export function PreviewPane({ active, onShowImages }: { active: boolean; onShowImages(): void }) {
  const { api, images, steps, settings, saveSettings, capabilities, measurements, filtersById } = useApp();
  const imageSelectId = useId();
  const sizeSelectId = useId();
  const maxSize = Math.min(settings.previewMaxSize, capabilities.limits.previewMaxSize);
  const preview = usePreview(api, images.selectedId, steps, maxSize, active);
  const { result, resultSteps, pending, error } = preview;

  // A preview's filter time is a (rough) rate for this pipeline: the benchmark's estimate can use it.
  useEffect(() => {
    if (!result || !resultSteps) return;
    const measured = previewMeasurement(result, resultSteps, filtersById);
    if (measured) measurements.update((m) => addPreview(m, measured));
  }, [result, resultSteps, measurements, filtersById]);
  const sizes = SIZES.filter((s) => s <= capabilities.limits.previewMaxSize);
  const current = images.images.find((i) => i.id === images.selectedId);

  return (
    <section className="preview card" aria-labelledby="preview-title" data-testid="preview">
      <div className="preview__head">
        <h3 id="preview-title">Preview</h3>
        <div className="preview__controls">
          <div className="preview__control">
            <label htmlFor={imageSelectId}>Image</label>
            <select
              id={imageSelectId}
              value={images.selectedId ?? ''}
              onChange={(e) => images.select(e.currentTarget.value || null)}
              disabled={images.images.length === 0}
              data-testid="preview-image"
            >
              {images.images.length === 0 ? <option value="">No images</option> : null}
              {images.images.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="preview__control">
            <label htmlFor={sizeSelectId}>Size</label>
            <select
              id={sizeSelectId}
              value={maxSize}
              onChange={(e) => saveSettings({ previewMaxSize: Number(e.currentTarget.value) })}
              data-testid="preview-size"
            >
              {(sizes.includes(maxSize) ? sizes : [...sizes, maxSize].sort((a, b) => a - b)).map((s) => (
                <option key={s} value={s}>
                  {s} px
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {!current ? (
        <div className="empty preview__empty">
          <p>Add a photo to see the pipeline on it.</p>
          <button type="button" className="btn" onClick={onShowImages}>
            Go to Images
          </button>
        </div>
      ) : result && result.imageId === current.id ? (
        <CompareView
          beforeSrc={api.mediaUrl(result.before)}
          afterSrc={api.mediaUrl(result.after)}
          width={result.width}
          height={result.height}
          busy={pending}
        />
      ) : error ? null : (
        <div className="preview__placeholder" role="status">
          Rendering the preview…
        </div>
      )}

      <div className="preview__status" aria-live="polite">
        {error ? (
          <p className="error-text" data-testid="preview-error">
            Preview failed: {error}
          </p>
        ) : result && current ? (
          <p className="preview__timing muted num" data-testid="preview-time">
            {pending ? <span className="preview__spinner" aria-hidden="true" /> : null}
            {result.width}×{result.height} · filters {formatMs(result.timings.filterMs)} on {result.workers}{' '}
            worker
            {result.workers === 1 ? '' : 's'} · total {formatMs(result.timings.totalMs)}
            {pending ? ' · updating…' : ''}
          </p>
        ) : null}
      </div>
    </section>
  );
}
