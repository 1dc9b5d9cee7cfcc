import { useId } from 'react';
import './JobControls.css';

interface Props {
  running: boolean;
  /** Why the job cannot start yet (shown beside the buttons and tied to the start button), or null. */
  problem: string | null;
  startLabel: string;
  runningLabel: string;
  onStart(): void;
  onCancel(): void;
  startTestId: string;
  cancelTestId: string;
}

/** Start and Cancel for a panel's job, with the reason it cannot start yet. */
export function JobControls({
  running,
  problem,
  startLabel,
  runningLabel,
  onStart,
  onCancel,
  startTestId,
  cancelTestId,
}: Props) {
  const problemId = useId();
  return (
    <div className="btn-row">
      <button
        type="button"
        className="btn btn-primary"
        onClick={onStart}
        disabled={running || problem !== null}
        aria-describedby={problem ? problemId : undefined}
        data-testid={startTestId}
      >
        {running ? runningLabel : startLabel}
      </button>
      {running ? (
        <button type="button" className="btn" onClick={onCancel} data-testid={cancelTestId}>
          Cancel
        </button>
      ) : null}
      {problem && !running ? (
        <p id={problemId} className="muted job-controls__problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
