import {
  firstArrival,
  type LabPoolResult,
  labWarnings,
  POOL_METHOD_HOW,
  type PoolChildError,
  PYTHON_NAMES,
  poolFindings,
  poolIntro,
} from '../../../../shared/lab';
import {
  LabFindings,
  LabNumberHead,
  LabOf,
  LabResultCard,
  LabStat,
  LabTable,
  photosText,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { METHOD_TOKEN, PoolTimeline } from './PoolTimeline';
import { formatMs } from './race-figures';

interface Props {
  result: LabPoolResult;
  /** False while the chart waits (drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

/** The photos it ran on, in a few words. */
/** The error a worker's task threw, as the parent got it: how it arrived, and its stack, worker frames marked. */
function ChildErrorView({ error }: { error: PoolChildError }) {
  const frames = new Set(error.workerFrames);
  return (
    <section className="card stack" aria-labelledby="lab-pool-error-title" data-testid="lab-pool-error">
      <h3 id="lab-pool-error-title" className="card-title">
        An error from a child
      </h3>
      <p className="lab-race__intro">
        One more task, sent with <code>apply_async(…, error_callback=…)</code> to a worker thread, throws
        there: {error.task}. What the parent received:
      </p>
      <div className="lab-pool__checks">
        <span className={`lab-race__verdict lab-race__verdict--${error.callbackGotIt ? 'ok' : 'bad'}`}>
          error callback {error.callbackGotIt ? 'called' : 'not called'}
        </span>
        <span className={`lab-race__verdict lab-race__verdict--${error.getReraised ? 'ok' : 'bad'}`}>
          get() {error.getReraised ? 're-raised it' : 'did not re-raise it'}
        </span>
        <span
          className={`lab-race__verdict lab-race__verdict--${error.workerFrames.length > 0 ? 'ok' : 'bad'}`}
          data-testid="lab-pool-error-frames"
        >
          {error.workerFrames.length} frames from the worker’s file
        </span>
      </div>
      <pre className="lab-pool__stack" data-testid="lab-pool-error-stack">
        {error.stack.split('\n').map((line, k) => (
          <span
            // The stack's lines are its own order; they never move.
            // biome-ignore lint/suspicious/noArrayIndexKey: a stack's lines have no other identity
            key={k}
            className={
              frames.has(line.trim()) ? 'lab-pool__frame lab-pool__frame--worker' : 'lab-pool__frame'
            }
          >
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
      <p className="muted lab-race__note">
        Highlighted: frames in the worker’s file (<code>filter.worker.js</code>), where the error was thrown;
        threads.js carries the worker’s stack back with the error, as Python attaches the child’s traceback (
        <code>RemoteTraceback</code>) to the exception <code>AsyncResult.get()</code> re-raises.
      </p>
    </section>
  );
}

/** What the pool experiment measured: per method when its results arrived, the timeline, the words. */
export function PoolResultView({ result, charts = true }: Props) {
  const [doing, rounds] = poolIntro(result, result.filters);
  const by = new Map(result.methods.map((m) => [m.name, m]));
  const imap = by.get('imap');
  const map = by.get('map');
  return (
    <div className="lab-pool__result stack" data-testid="lab-pool-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="pool"
        title={<>Result on {photosText(result.images)}</>}
        intro={
          <>
            {doing} {rounds}
          </>
        }
        stats={
          <>
            {imap && map ? (
              <LabStat
                testId="lab-pool-first"
                value={
                  <>
                    {formatMs(firstArrival(imap))}{' '}
                    <span className="lab-race__of">vs {formatMs(firstArrival(map))} ms</span>
                  </>
                }
                label="imap’s first result against map’s, ms from the start"
              />
            ) : null}
            <LabStat
              value={<LabOf value={result.workers} of={result.cores} />}
              label="worker threads in the pool, of the machine’s cores"
            />
          </>
        }
      >
        <LabTable
          testId="lab-pool-table"
          className="lab-race__table"
          caption={<>Each pool method: total time, the rounds' range, and when its first result arrived</>}
        >
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Python mirror</th>
              <LabNumberHead>Total ms</LabNumberHead>
              <LabNumberHead>Rounds’ range</LabNumberHead>
              <LabNumberHead>First result ms</LabNumberHead>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {result.methods.map((m) => (
              <tr key={m.name} data-testid="lab-pool-row" data-method={m.name}>
                <th scope="row">
                  <span className="lab-race__name">
                    <span className="lab-pool__swatch" style={{ background: METHOD_TOKEN[m.name] }} />
                    {m.name}
                  </span>{' '}
                  <span className="lab-race__how muted">{POOL_METHOD_HOW[m.name]}</span>
                </th>
                <td className="lab-race__python">
                  <code>{PYTHON_NAMES[m.name]}</code>
                </td>
                <td className="results__n num" data-testid="lab-pool-total-ms">
                  {formatMs(m.totalMs)}
                </td>
                <td className="results__n num">
                  {formatMs(Math.min(...m.roundsMs))}–{formatMs(Math.max(...m.roundsMs))}
                </td>
                <td className="results__n num" data-testid="lab-pool-first-ms">
                  {formatMs(firstArrival(m))}
                </td>
                <td className="num">{m.arrivals.map((a) => a.index + 1).join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          Total ms: from the method’s start to its last result, the median of {result.rounds} round
          {result.rounds === 1 ? '' : 's'} (the methods take turns on one pool, warmed up first); the range is
          the fastest and slowest round. First result: when the caller first held a result. Order: the photos
          by number as they arrived.
        </p>
      </LabResultCard>

      {charts ? <PoolTimeline result={result} /> : null}

      {result.childError ? <ChildErrorView error={result.childError} /> : null}

      <LabFindings name="pool" findings={poolFindings(result)} />
    </div>
  );
}
