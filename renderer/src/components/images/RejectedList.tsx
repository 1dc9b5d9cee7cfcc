import type { RejectedEntry } from '../../api/types';
import './RejectedList.css';

interface Props {
  rejected: RejectedEntry[];
  onDismiss(path?: string): void;
}

/** Files that could not be added, each with the reason in plain words. */
export function RejectedList({ rejected, onDismiss }: Props) {
  if (rejected.length === 0) return null;
  return (
    <section className="rejected" aria-labelledby="rejected-title" data-testid="image-errors">
      <div className="rejected__head">
        <h3 id="rejected-title">
          {rejected.length} file{rejected.length === 1 ? '' : 's'} could not be added
        </h3>
        <button type="button" className="btn btn-ghost" onClick={() => onDismiss()}>
          Dismiss all
        </button>
      </div>
      <ul className="rejected__list">
        {rejected.map((r) => (
          <li key={r.path} className="rejected__item" data-testid="image-error" data-kind={r.kind}>
            <span className="rejected__icon" aria-hidden="true">
              !
            </span>
            <span className="rejected__text">
              <span className="rejected__name" title={r.path}>
                {r.name}
              </span>
              <span className="rejected__reason">{r.reason}</span>
            </span>
            <button
              type="button"
              className="btn btn-icon btn-ghost"
              onClick={() => onDismiss(r.path)}
              aria-label={`Dismiss the error about ${r.name}`}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
