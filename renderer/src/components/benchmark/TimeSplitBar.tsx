import { formatMs, formatPercent } from '../../lib/format';
import type { SplitRowModel as SplitRow } from '../../lib/time-split';
import './TimeSplitBar.css';

interface Props {
  rows: readonly SplitRow[];
  /** What the bars are and how far to trust them, in a sentence or two; shown under the bars. */
  caption: string;
}

const total = (row: SplitRow) => row.segments.reduce((sum, s) => sum + Math.max(0, s.ms), 0);

/**
 * Where a job's time goes, one stacked bar per run, every bar on the same time scale (so a faster run is
 * a shorter bar). Each segment's time is written out under its bar, not only drawn.
 */
export function TimeSplitBar({ rows, caption }: Props) {
  const longest = Math.max(1e-9, ...rows.map(total));
  return (
    <div className="split" data-testid="time-split">
      {rows.map((row) => {
        const sum = total(row);
        const parts = row.segments.filter((s) => s.ms > 0);
        const summary = parts.map((s) => `${s.label} ${formatMs(s.ms)}`).join(', ');
        return (
          <div className="split__row" key={row.label}>
            <div className="split__head">
              <span className="split__label">{row.label}</span>{' '}
              <span className="split__total num">{formatMs(sum)}</span>
            </div>
            <div
              className="split__track"
              role="img"
              aria-label={`${row.label}: ${formatMs(sum)} in all; ${summary}`}
            >
              <div className="split__bar" style={{ width: `${(sum / longest) * 100}%` }}>
                {parts.map((s) => (
                  <span
                    key={s.key + s.label}
                    className={`split__seg split__seg--${s.key}`}
                    style={{ flexGrow: s.ms }}
                  />
                ))}
              </div>
            </div>
            <ul className="split__legend num" aria-hidden="true">
              {parts.map((s) => (
                <li key={s.key + s.label}>
                  <span className={`split__swatch split__seg--${s.key}`} />
                  {s.label} {formatMs(s.ms)} ({formatPercent(s.ms / sum)})
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <p className="split__caption">{caption}</p>
    </div>
  );
}
