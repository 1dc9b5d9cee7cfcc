import {
  CORES_PYTHON,
  coresFindings,
  coresIntro,
  GAIN_THAT_COUNTS,
  type LabCoresResult,
  labWarnings,
  stillHelping,
  stopWords,
} from '../../../../shared/lab';
import { CoresCharts } from './CoresCharts';
import {
  LabFindings,
  LabNumberHead,
  LabResultCard,
  LabStat,
  LabTable,
  ResultOnPhotos,
  sentences,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { formatMs } from './race-figures';
import { rangeMs, runsWords } from './spread-figures';

interface Props {
  result: LabCoresResult;
  /** False while the chart waits (drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

/** What the cores experiment measured: each pool size's time, throughput and speedup, the chart, the words. */
export function CoresResultView({ result, charts = true }: Props) {
  const stop = result.points.find((p) => p.workers === result.stopsHelpingAt);
  const best = result.points.reduce((a, b) => (b.megapixelsPerSecond > a.megapixelsPerSecond ? b : a));
  const gain = Math.round((GAIN_THAT_COUNTS - 1) * 100);
  return (
    <div className="lab-cores__result stack" data-testid="lab-cores-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="cores"
        title={<ResultOnPhotos images={result.images} />}
        intro={coresIntro(result).join(' ')}
        stats={
          <>
            <LabStat
              testId="lab-cores-stop"
              value={result.stopsHelpingAt}
              label={
                <>
                  {stillHelping(result)
                    ? 'workers, the largest pool: adding workers still helped'
                    : `worker${result.stopsHelpingAt === 1 ? '' : 's'}: where adding more stopped helping`}
                  {stop ? ` (${stop.speedup.toFixed(2)}× one worker)` : ''}
                </>
              }
            />
            <LabStat
              testId="lab-cores-best"
              value={best.megapixelsPerSecond.toFixed(1)}
              label={
                <>
                  MP/s at best, with {best.workers} worker{best.workers === 1 ? '' : 's'}
                </>
              }
            />
            <LabStat value={result.cores} label="cores on this machine" />
          </>
        }
      >
        <LabTable
          testId="lab-cores-table"
          className="lab-race__table"
          caption={
            <>
              Pools of 1 to {result.points.length} workers: median time, range of the runs, throughput,
              speedup
            </>
          }
        >
          <thead>
            <tr>
              <LabNumberHead>Workers</LabNumberHead>
              <LabNumberHead>Median ms</LabNumberHead>
              <LabNumberHead>Range ms</LabNumberHead>
              <LabNumberHead>MP/s</LabNumberHead>
              <LabNumberHead>Speedup</LabNumberHead>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {result.points.map((p) => {
              const notes = [
                p.workers === result.cores ? '= cores' : null,
                p.workers > result.cores ? 'more than the cores' : null,
                p.workers === result.stopsHelpingAt ? stopWords(result) : null,
              ].filter((n) => n !== null);
              return (
                <tr
                  key={p.workers}
                  data-testid="lab-cores-row"
                  data-workers={p.workers}
                  className={p.workers === result.stopsHelpingAt ? 'lab-cores__stop' : undefined}
                >
                  <td className="results__n num">{p.workers}</td>
                  <td className="results__n num">{formatMs(p.ms)}</td>
                  <td className="results__n num muted">{rangeMs(p.runsMs)}</td>
                  <td className="results__n num" data-testid="lab-cores-mps">
                    {p.megapixelsPerSecond.toFixed(1)}
                  </td>
                  <td className="results__n num">{p.speedup.toFixed(2)}×</td>
                  <td className="lab-cores__note">{notes.join(' · ')}</td>
                </tr>
              );
            })}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          Each pool filters every photo, already in its shared memory, through <code>{result.filters}</code>,
          the pool sizes take turns, {runsWords(result.runs)} each after a warm-up. Range: fastest–slowest
          run. Stopped helping: the smallest pool no larger one beat by {gain}% or more. Python:{' '}
          <code>{CORES_PYTHON}</code>.
        </p>
      </LabResultCard>

      {charts ? <CoresCharts result={result} /> : null}

      <LabFindings name="cores" findings={sentences(coresFindings(result))} />
    </div>
  );
}
