import { Fragment } from 'react';
import { BENCHMARK_SCHEDULE_INFO } from '../../../../shared/contract';
import { formatFactor, formatMs, formatPercent, formatRate, formatSpread } from '../../lib/format';
import type { RunModel } from '../../lib/report-adapter';
import './ResultsTable.css';

interface Props {
  runs: readonly RunModel[];
  /** "the filter stage", "the whole job": what the times cover, for the caption. */
  scopeLabel: string;
}

/**
 * One row per run; a run's warnings in a row of their own under it, in words. The fastest pool run is
 * marked; serial is the reference every speedup divides. Speedups carry their 95% interval (from two
 * pairs on); the spread column is the repetitions' coefficient of variation and range. In the whole job
 * each pool run's schedule (how it spread the images) is under its transport, a column narrow enough for
 * 1280 px, and the sharp script's rows come last, marked as the reference they are (its "workers" are
 * the files it works on at once).
 */
export function ResultsTable({ runs, scopeLabel }: Props) {
  const pool = runs.filter((r) => r.mode === 'pool');
  const best = pool.length ? pool.reduce((a, b) => (b.medianMs < a.medianMs ? b : a)) : null;
  const withInterval = runs.some((r) => r.mode !== 'serial' && r.pairs > 1);
  const withSchedule = pool.some((r) => r.schedule === 'images');
  const firstScript = runs.find((r) => r.mode === 'reference');
  const columns = 8;
  return (
    <div className="results">
      <table className="results__table" data-testid="results-table">
        <caption className="visually-hidden">Benchmark results of {scopeLabel}, one row per run</caption>
        <thead>
          <tr>
            <th scope="col">Mode</th>
            <th scope="col">Workers</th>
            <th scope="col">
              Transport
              {withSchedule ? <span className="results__range">and schedule</span> : null}
            </th>
            <th scope="col" className="results__n">
              Median
            </th>
            <th scope="col" className="results__n">
              Spread
            </th>
            <th scope="col" className="results__n">
              Throughput
            </th>
            <th scope="col" className="results__n">
              Speedup{withInterval ? ' (95%)' : ''}
            </th>
            <th scope="col" className="results__n">
              Efficiency
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const isBest = r === best;
            const script = r.mode === 'reference';
            const flagged = r.warnings.length > 0;
            const classes = [
              r.mode === 'serial' ? 'results__serial' : '',
              script ? 'results__reference' : '',
              r === firstScript ? 'results__reference-first' : '',
              isBest ? 'results__best' : '',
              flagged ? 'results__flagged' : '',
            ].filter(Boolean);
            return (
              <Fragment key={r.key}>
                <tr
                  className={classes.join(' ') || undefined}
                  data-testid="results-row"
                  data-scope={r.scope}
                  data-mode={r.mode}
                  data-workers={r.workers}
                  data-transport={r.transport ?? ''}
                  data-schedule={r.schedule ?? ''}
                >
                  <td>
                    {r.mode === 'serial' ? 'Serial' : script ? 'sharp script' : 'Pool'}
                    {script ? <span className="results__range">reference</span> : null}
                    {isBest ? (
                      <>
                        {' '}
                        <span className="results__tag">fastest</span>
                      </>
                    ) : null}
                  </td>
                  <td className="num">
                    {r.workers}
                    {script ? <span className="results__at-once"> at once</span> : null}
                    {r.oversubscribed ? (
                      <>
                        {' '}
                        <span className="results__tag results__tag--over">over cores</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {r.transport ?? '—'}
                    {withSchedule && r.schedule ? (
                      <span className="results__range" data-testid="results-schedule">
                        {BENCHMARK_SCHEDULE_INFO[r.schedule].title}
                      </span>
                    ) : null}
                  </td>
                  <td className="results__n num">{formatMs(r.medianMs)}</td>
                  <td className="results__n num" data-testid="results-spread">
                    {r.samplesMs.length > 1 ? (
                      <>
                        <span className={r.cv > 0.1 ? 'results__noisy' : undefined}>
                          ±{formatSpread(r.cv)}
                        </span>{' '}
                        <span className="results__range">
                          {formatMs(r.minMs)}–{formatMs(r.maxMs)}
                          {r.outliers ? ` · ${r.outliers} outlier${r.outliers === 1 ? '' : 's'}` : ''}
                        </span>
                      </>
                    ) : (
                      <span className="results__range">1 run</span>
                    )}
                  </td>
                  <td className="results__n num">{formatRate(r.megapixelsPerSecond)}</td>
                  <td className="results__n num" data-testid="results-speedup">
                    {r.mode === 'serial' || r.pairs < 2 ? (
                      formatFactor(r.mode === 'serial' ? 1 : r.speedup)
                    ) : (
                      <>
                        {formatFactor(r.speedup)}{' '}
                        <span className="results__ci">
                          ({r.speedupCI[0].toFixed(2)}–{r.speedupCI[1].toFixed(2)})
                        </span>
                      </>
                    )}
                  </td>
                  <td className="results__n num">
                    {script ? (
                      // sharp's own threads work beside the files at once: an efficiency per file would mislead.
                      <span className="results__range">—</span>
                    ) : (
                      <span className="results__eff">
                        <span
                          className="results__eff-bar"
                          style={{ width: `${Math.min(100, Math.max(0, r.efficiency * 100))}%` }}
                          aria-hidden="true"
                        />
                        {formatPercent(r.efficiency)}
                      </span>
                    )}
                  </td>
                </tr>
                {flagged ? (
                  <tr className="results__warn-row" data-testid="results-warnings">
                    <td colSpan={columns}>
                      <ul className="results__warnings">
                        {r.warnings.map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
