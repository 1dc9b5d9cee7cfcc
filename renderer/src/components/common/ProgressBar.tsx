import './ProgressBar.css';

interface Props {
  /** 0..1, or undefined while the total is not known yet. */
  value: number | undefined;
  label: string;
  tone?: 'accent' | 'ok' | 'danger';
  testId?: string;
}

export function ProgressBar({ value, label, tone = 'accent', testId }: Props) {
  const pct = value === undefined ? undefined : Math.round(Math.min(Math.max(value, 0), 1) * 100);
  return (
    <div
      className={`progress progress--${tone}${pct === undefined ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid={testId}
    >
      <div className="progress__fill" style={{ width: pct === undefined ? '30%' : `${pct}%` }} />
    </div>
  );
}
