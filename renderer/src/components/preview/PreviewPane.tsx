import { useEffect, useId, useState } from 'react';
import { previewOutput, usePreview } from '../../hooks/usePreview';
import { formatMs } from '../../lib/format';
import { addPreview, previewMeasurement } from '../../lib/measurements';
import { useApp } from '../../state/AppContext';
import { CompareView } from './CompareView';
import { batchEstimate, encodedSummary, estimateSentence } from './output-size';
import './PreviewPane.css';

export function PreviewPane({ active, onShowImages }: { active: boolean; onShowImages(): void }) {
  const { api, images, steps, settings, measurements, filtersById } = useApp();
  const imageSelectId = useId();
  const preview = usePreview(api, images.previewId, steps, previewOutput(settings.batch), active);
  const { result, resultSteps, pending, error } = preview;
  const [asEncoded, setAsEncoded] = useState(false);

  // A preview's filter time is a (rough) rate for this pipeline: the benchmark's estimate can use it.
  useEffect(() => {
    if (!result || !resultSteps) return;
    const measured = previewMeasurement(result, resultSteps, filtersById);
    if (measured) measurements.update((m) => addPreview(m, measured));
  }, [result, resultSteps, measurements, filtersById]);
  const current = images.images.find((i) => i.id === images.previewId);
  // The batch writes every listed image.
  const estimate = result ? batchEstimate(result.output, images.images) : null;

  return (
    <section className="preview card" aria-labelledby="preview-title" data-testid="preview">
      <div className="preview__head">
        <h3 id="preview-title">Preview</h3>
        <div className="preview__controls">
          <div className="preview__control">
            <label htmlFor={imageSelectId}>Image</label>
            <select
              id={imageSelectId}
              value={images.previewId ?? ''}
              onChange={(e) => images.preview(e.currentTarget.value || null)}
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
          afterSrc={api.mediaUrl(asEncoded ? result.encoded : result.after)}
          afterLabel={asEncoded ? 'As encoded' : 'After'}
          width={result.width}
          height={result.height}
          comparable={result.width === result.beforeWidth && result.height === result.beforeHeight}
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
          <>
            <div className="preview__output">
              <p className="preview__size num" data-testid="preview-encoded-size">
                {encodedSummary(result.output)}
              </p>
              <label className="preview__toggle">
                <input
                  type="checkbox"
                  checked={asEncoded}
                  onChange={(e) => setAsEncoded(e.currentTarget.checked)}
                  data-testid="preview-as-encoded"
                />
                Show as encoded
              </label>
            </div>
            {estimate ? (
              <p className="preview__estimate muted" data-testid="preview-estimate">
                {estimateSentence(estimate, current.name)}. Format and quality are the Batch tab's.
              </p>
            ) : null}
            {result.width !== result.beforeWidth || result.height !== result.beforeHeight ? (
              <p className="preview__geometry muted num" data-testid="preview-geometry">
                The pipeline changes the size, {result.beforeWidth}×{result.beforeHeight} → {result.width}×
                {result.height}: the result is shown alone, since the original would not line up with it.
              </p>
            ) : null}
            <p className="preview__timing muted num" data-testid="preview-time">
              {pending ? <span className="preview__spinner" aria-hidden="true" /> : null}
              {result.width}×{result.height} at full size · decode{' '}
              {result.decodeCached ? 'cached' : formatMs(result.timings.decodeMs)} · filters{' '}
              {formatMs(result.timings.filterMs)} on {result.workers} worker
              {result.workers === 1 ? '' : 's'} · encode {formatMs(result.timings.encodeMs)} · total{' '}
              {formatMs(result.timings.totalMs)}
              {pending ? ' · updating…' : ''}
            </p>
          </>
        ) : null}
      </div>
    </section>
  );
}
