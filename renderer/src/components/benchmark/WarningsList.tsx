import { useId } from 'react';
import './WarningsList.css';

interface Props {
  warnings: readonly string[];
  /** How many runs carry warnings of their own (shown under their rows in the table). */
  runsWithWarnings: number;
}

/** The report's warnings, above the figures they are about. Nothing when there are none. */
export function WarningsList({ warnings, runsWithWarnings }: Props) {
  const titleId = useId();
  if (warnings.length === 0 && runsWithWarnings === 0) return null;
  return (
    <section className="warnings" aria-labelledby={titleId} data-testid="benchmark-warnings">
      <h3 id={titleId} className="warnings__title">
        Read these figures with care
      </h3>
      {warnings.length ? (
        <ul className="warnings__list">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <p className="warnings__foot">
        {runsWithWarnings > 0
          ? `${runsWithWarnings} run${runsWithWarnings === 1 ? ' carries its' : 's carry their'} own warning${runsWithWarnings === 1 ? '' : 's'}, under ${runsWithWarnings === 1 ? 'its row' : 'their rows'} in the results table.`
          : ''}
      </p>
    </section>
  );
}
