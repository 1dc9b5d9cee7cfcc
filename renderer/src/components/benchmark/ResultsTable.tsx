import type { BenchmarkReportView } from '../../api/types';
import { formatFactor, formatMs, formatPercent, formatRate } from '../../lib/format';
import './ResultsTable.css';

/** One row per run. The fastest pool run is marked; serial is the reference every speedup divides. */
export function ResultsTable({ report }: { report: BenchmarkReportView }) {
  const pool = report.runs.filter((r) => r.mode === 'pool');
  const best = pool.length ? pool.reduce((a, b) => (b.medianMs < a.medianMs ? b : a)) : null;
  return (
    <div className="results">
      <table className="results__table" data-testid="results-table">
        <caption id="results-caption" className="visually-hidden">
          Benchmark results, one row per run
        </caption>
        <thead>
          <tr>
            <th scope="col">Mode</th>
            <th scope="col">Workers</th>
            <th scope="col">Transport</th>
            <th scope="col" className="results__n">
              Median
            </th>
            <th scope="col" className="results__n">
              Throughput
            </th>
            <th scope="col" className="results__n">
              Speedup
            </th>
            <th scope="col" className="results__n">
              Efficiency
            </th>
          </tr>
        </thead>
        <tbody>
          {report.runs.map((r) => {
            const key = `${r.mode}-${r.workers}-${r.transport ?? 'none'}`;
            const isBest = r === best;
            const spread =
              r.samplesMs.length > 1
                ? `${formatMs(Math.min(...r.samplesMs))} – ${formatMs(Math.max(...r.samplesMs))}`
                : '';
            return (
              <tr
                key={key}
                className={`${r.mode === 'serial' ? 'results__serial' : ''}${isBest ? ' results__best' : ''}`}
                data-testid="results-row"
                data-mode={r.mode}
                data-workers={r.workers}
                data-transport={r.transport ?? ''}
              >
                <td>
                  {r.mode === 'serial' ? 'Serial' : 'Pool'}
                  {isBest ? <span className="results__tag">fastest</span> : null}
                </td>
                <td className="num">{r.workers}</td>
                <td>{r.transport ?? '—'}</td>
                <td
                  className="results__n num"
                  title={spread ? `${r.samplesMs.length} runs: ${spread}` : undefined}
                >
                  {formatMs(r.medianMs)}
                </td>
                <td className="results__n num">{formatRate(r.megapixelsPerSecond)}</td>
                <td className="results__n num">{formatFactor(r.speedup)}</td>
                <td className="results__n num">
                  <span className="results__eff">
                    <span
                      className="results__eff-bar"
                      style={{ width: `${Math.min(100, Math.max(0, r.efficiency * 100))}%` }}
                      aria-hidden="true"
                    />
                    {formatPercent(r.efficiency)}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
