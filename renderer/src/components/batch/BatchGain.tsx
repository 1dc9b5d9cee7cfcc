import type { BatchFacts, BatchThroughput, TimeSaved } from '../../lib/batch-gain';
import { formatDuration, formatFactor, formatMs, formatRate } from '../../lib/format';
import './BatchGain.css';

interface Props {
  facts: BatchFacts;
  throughput: BatchThroughput;
  saved: TimeSaved;
}

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Short times as a stopwatch reads them ("48 ms", "5.20 s"), long ones in minutes. */
const seconds = (s: number) => (s < 10 ? formatMs(s * 1000) : formatDuration(s));

/** What the pool bought on this batch: measured throughput, and the time saved where a benchmark tells. */
export function BatchGain({ facts, throughput, saved }: Props) {
  const poolWords =
    facts.workers === 0 ? 'one thread' : `${facts.workers} worker${facts.workers === 1 ? '' : 's'}`;
  return (
    <div className="batch-gain" data-testid="batch-gain">
      <p className="batch-gain__throughput num" data-testid="batch-throughput">
        <strong>
          {throughput.mpPerSecond !== null ? formatRate(throughput.mpPerSecond) : '– MP/s'}
          {' · '}
          {throughput.filesPerSecond !== null
            ? `${throughput.filesPerSecond.toFixed(2)} files/s`
            : '– files/s'}
        </strong>{' '}
        <span className="muted">
          measured: {facts.files} file{facts.files === 1 ? '' : 's'}
          {facts.megapixels !== null ? `, ${facts.megapixels.toFixed(1)} MP` : ''} in{' '}
          {seconds(facts.elapsedMs / 1000)} on {poolWords}
        </span>
      </p>
      {saved.ok ? (
        <p className="batch-gain__saved" data-testid="batch-saved">
          <strong>
            {saved.savedSeconds >= 0
              ? `About ${seconds(saved.savedSeconds)} saved`
              : `About ${seconds(-saved.savedSeconds)} lost`}
          </strong>{' '}
          (estimate): one core would have taken about {seconds(saved.oneCoreSeconds)}.{' '}
          <span className="muted">
            From your benchmark of this pipeline at {clock(saved.benchmarkAtMs)}: {facts.workers} worker
            {facts.workers === 1 ? '' : 's'} · {saved.transport ?? '?'} at {formatFactor(saved.speedup)}
            {saved.basis === 'job'
              ? ' for the whole job.'
              : ' for the filter stage, applied to this batch’s megapixels; decode and encode taken to cost the same either way.'}
          </span>
        </p>
      ) : (
        <p className="batch-gain__none muted" data-testid="batch-saved-none">
          {saved.reason}
        </p>
      )}
    </div>
  );
}
