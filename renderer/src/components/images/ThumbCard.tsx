import type { ImageEntry } from '../../api/types';
import { formatBytes } from '../../lib/format';
import './ThumbCard.css';

interface Props {
  image: ImageEntry;
  src: string | null;
  selected: boolean;
  /** What tells it apart from another image of the same name ("in b/2024"); null when its name is unique. */
  folder: string | null;
  onSelect(): void;
  onRemove(): void;
}

export function ThumbCard({ image, src, selected, folder, onSelect, onRemove }: Props) {
  return (
    <li
      className={`thumb${selected ? ' thumb--selected' : ''}`}
      data-testid="thumbnail"
      data-image-id={image.id}
      data-image-name={image.name}
    >
      <button
        type="button"
        className="thumb__pick"
        aria-pressed={selected}
        onClick={onSelect}
        title={image.path}
        aria-label={`${image.name}${folder ? `, ${folder}` : ''}, ${image.width} by ${image.height} pixels${selected ? ', previewing' : ''}`}
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
