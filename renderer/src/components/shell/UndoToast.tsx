import { useApp } from '../../state/AppContext';
import './UndoToast.css';

/** The offer to take back the last destructive action, announced to screen readers. */
export function UndoToast() {
  const { undo } = useApp();
  return (
    <div className="undo-toast-region" aria-live="polite">
      {undo.offer ? (
        <div className="undo-toast" role="status" data-testid="undo-toast">
          <span className="undo-toast__label">{undo.offer.label}.</span>
          <button type="button" className="btn undo-toast__undo" onClick={undo.undo} data-testid="undo">
            Undo <kbd>Ctrl Z</kbd>
          </button>
          <button
            type="button"
            className="btn btn-ghost undo-toast__close"
            onClick={undo.dismiss}
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
