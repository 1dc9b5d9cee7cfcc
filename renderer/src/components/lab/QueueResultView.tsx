import {
  capacityText,
  type LabQueueResult,
  labWarnings,
  QUEUE_PYTHON,
  queueFindings,
  queueIntro,
  queueMb,
} from '../../../../shared/lab';
import {
  LabFindings,
  LabNumberHead,
  LabOf,
  LabResultCard,
  LabRowHead,
  LabStat,
  LabTable,
  photosText,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { QueueCharts } from './QueueCharts';
import { formatMs } from './race-figures';

interface Props {
  result: LabQueueResult;
  /** False while the charts wait (drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

/** What the queue experiment measured: per capacity the time, throughput, memory, depths and the sentinel. */
export function QueueResultView({ result, charts = true }: Props) {
  const [doing, how] = queueIntro(result, result.filters);
  const allDone = result.capacities.every((r) => r.endedWithSentinel);
  return (
    <div className="lab-queue__result stack" data-testid="lab-queue-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="queue"
        title={<>Result on {photosText(result.images)}</>}
        intro={
          <>
            {doing} {how}
          </>
        }
        stats={
          <>
            <LabStat
              testId="lab-queue-sentinel"
              value={
                <>
                  {result.capacities.filter((r) => r.endedWithSentinel).length} of {result.capacities.length}
                </>
              }
              label={
                <>
                  runs ended on the DONE sentinel ({QUEUE_PYTHON.sentinel}){allDone ? '' : ': some did not'}
                </>
              }
            />
            <LabStat
              value={<LabOf value={result.workers} of={result.cores} />}
              label="worker threads in the filter stage’s pool, of the machine’s cores"
            />
          </>
        }
      >
        <LabTable
          testId="lab-queue-table"
          className="lab-race__table"
          caption={
            <>Each queue capacity: total time, throughput, memory held, deepest queues and the sentinel</>
          }
        >
          <thead>
            <tr>
              <th scope="col">Capacity</th>
              <LabNumberHead>Total ms</LabNumberHead>
              <LabNumberHead>MP/s</LabNumberHead>
              <LabNumberHead>Peak photos</LabNumberHead>
              <LabNumberHead>Peak MB</LabNumberHead>
              <LabNumberHead>Deepest dec / fil</LabNumberHead>
              <th scope="col">Ended on</th>
            </tr>
          </thead>
          <tbody>
            {result.capacities.map((run) => (
              <tr key={run.capacity} data-testid="lab-queue-row" data-capacity={run.capacity}>
                <LabRowHead
                  name={capacityText(run.capacity)}
                  how={
                    <code>{run.capacity === 0 ? 'Queue(maxsize=0)' : `Queue(maxsize=${run.capacity})`}</code>
                  }
                />
                <td className="results__n num">{formatMs(run.totalMs)}</td>
                <td className="results__n num">{run.megapixelsPerSecond.toFixed(1)}</td>
                <td className="results__n num" data-testid="lab-queue-peak">
                  {run.peakImagesInMemory}
                </td>
                <td className="results__n num">{queueMb(run.peakBytes).replace(' MB', '')}</td>
                <td className="results__n num" data-testid="lab-queue-max-depth">
                  {run.maxDepths.decoded} / {run.maxDepths.filtered}
                </td>
                <td>
                  <span
                    className={`lab-race__verdict lab-race__verdict--${run.endedWithSentinel ? 'ok' : 'bad'}`}
                  >
                    {run.endedWithSentinel ? 'DONE' : 'no sentinel'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          One run per capacity, both queues at that capacity ({QUEUE_PYTHON.bounded}; 0 is{' '}
          {QUEUE_PYTHON.unbounded}). Total ms: first decode to last encode. MP/s: the photos’ megapixels over
          that time. Peak photos and MB: the most decoded or filtered photos held at once, not yet encoded.
          Deepest: each queue’s most items right after a put (exact, not sampled).
        </p>
      </LabResultCard>

      {charts ? <QueueCharts result={result} /> : null}

      <LabFindings name="queue" findings={queueFindings(result)} />
    </div>
  );
}
