import './ConceptNotes.css';

/** The three numbers the lab shows, each in one line. */
export function ConceptNotes() {
  return (
    <dl className="concepts" aria-label="What the numbers mean">
      <div>
        <dt>Speedup</dt>
        <dd>Serial time ÷ pool time, measured in the same run. n workers can give at most n×.</dd>
      </div>
      <div>
        <dt>Efficiency</dt>
        <dd>Speedup ÷ workers: how much of each added core turned into speed (100% is perfect).</dd>
      </div>
      <div>
        <dt>Amdahl’s law</dt>
        <dd>
          If a fraction f of the work cannot run in parallel, n workers give at most 1 ÷ (f + (1 − f) ÷ n);
          the curve is fitted to your runs.
        </dd>
      </div>
    </dl>
  );
}
