import type { StaleReason } from '../../lib/staleness';
import { JobControls } from '../common/JobControls';
import './StaleBanner.css';

interface Props {
  /** Empty when the results are current: the banner is then an empty live region. */
  reasons: readonly StaleReason[];
  /** The pipeline and images the results were measured with, in a few words. */
  measuredWith: string;
  onRerun(): void;
  onCancel(): void;
  /** Why a re-run cannot start now (no images, no filters…), or null. */
  rerunProblem: string | null;
  running: boolean;
}

/**
 * Marks the results stale, in plain sight, when what is on screen is no longer what they measured, and
 * offers the re-run. The live region stays mounted, so the change is announced when it happens.
 */
export function StaleBanner({ reasons, measuredWith, onRerun, onCancel, rerunProblem, running }: Props) {
  const stale = reasons.length > 0;
  return (
    <div className="stale-region" role="status" aria-live="polite" aria-atomic="true">
      {stale ? (
        <div className="stale" data-testid="benchmark-stale">
          <div className="stale__text">
            <p className="stale__title">
              <span className="stale__badge">Stale</span> These results no longer match your setup:{' '}
              {reasons.map((r) => r.summary).join(', ')}.
            </p>
            <ul className="stale__reasons">
              {reasons.map((r) => (
                <li key={r.kind} data-testid={`stale-${r.kind}`}>
                  <strong>{r.summary}:</strong> {r.detail}
                </li>
              ))}
            </ul>
            <p className="stale__measured">Measured with {measuredWith}.</p>
          </div>
          <div className="stale__action">
            <JobControls
              running={running}
              problem={rerunProblem}
              startLabel="Re-run with current settings"
              runningLabel="Running…"
              onStart={onRerun}
              onCancel={onCancel}
              startTestId="benchmark-rerun"
              cancelTestId="benchmark-rerun-cancel"
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
