import type { ImageEntry } from '../../api/types';
import { formatBytes } from '../../lib/format';
import './ThumbCard.css';

interface Props {
  image: ImageEntry;
  src: string | null;
  /** The image the preview shows. */
  previewing: boolean;
  /** Checked for the batch. */
  checked: boolean;
  /** What tells it apart from another image of the same name ("in b/2024"); null when its name is unique. */
  folder: string | null;
  onPreview(): void;
  /** `range`: Shift was held, so every image from the last one clicked takes this state too. */
  onCheck(checked: boolean, range: boolean): void;
  onRemove(): void;
}

export function ThumbCard({ image, src, previewing, checked, folder, onPreview, onCheck, onRemove }: Props) {
  const named = `${image.name}${folder ? `, ${folder}` : ''}`;
  return (
    <li
      className={`thumb${previewing ? ' thumb--previewing' : ''}${checked ? ' thumb--checked' : ''}`}
      data-testid="thumbnail"
      data-image-id={image.id}
      data-image-name={image.name}
      data-checked={checked}
    >
      <button
        type="button"
        className="thumb__pick"
        aria-pressed={previewing}
        onClick={onPreview}
        title={image.path}
        aria-label={`${named}, ${image.width} by ${image.height} pixels${previewing ? ', previewing' : ''}`}
      >
        <span className="thumb__frame">
          {src ? (
            <img src={src} alt="" loading="lazy" decoding="async" draggable={false} />
          ) : (
            <span className="thumb__nothumb">No thumbnail</span>
          )}
          <span className="thumb__format">
            {image.format.toUpperCase()} · {formatBytes(image.bytes)}
          </span>
        </span>
        <span className="thumb__meta">
          <span className="thumb__name">{image.name}</span>
          {folder ? (
            <span className="thumb__folder" data-testid="thumbnail-folder">
              {folder}
            </span>
          ) : null}
          <span className="thumb__size num">
            {image.width}×{image.height} · {image.megapixels.toFixed(1)} MP
          </span>
        </span>
      </button>
      <label className="thumb__check" title="Select for the batch (Shift-click selects a range)">
        <input
          type="checkbox"
          checked={checked}
          // React reports a checkbox's change from its click, which tells whether Shift was held (Shift+Space too).
          onChange={(e) =>
            onCheck(e.currentTarget.checked, e.nativeEvent instanceof MouseEvent && e.nativeEvent.shiftKey)
          }
          data-testid="thumbnail-check"
        />
        <span className="visually-hidden">Select {named}</span>
      </label>
      <button
        type="button"
        className="btn btn-icon thumb__remove"
        onClick={onRemove}
        aria-label={`Remove ${image.name}`}
        title="Remove from the list (the file stays on disk)"
        data-testid="thumbnail-remove"
      >
        ×
      </button>
    </li>
  );
}
