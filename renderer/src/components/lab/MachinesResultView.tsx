import {
  type LabMachinesResult,
  machinesFindings,
  machinesIntro,
  machinesPointText,
} from '../../../../shared/lab';
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
import { MachinesChart } from './MachinesChart';
import { MachinesTimeline } from './MachinesTimeline';

interface Props {
  result: LabMachinesResult;
  /** False while the charts wait (drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** What the machines experiment measured: each host count's throughput and speedup, the chart, the lanes, the words. */
export function MachinesResultView({ result, charts = true }: Props) {
  const widest = result.points[result.points.length - 1];
  const interval = result.runs >= 3 ? '95% interval' : 'range of the rounds';
  return (
    <div className="lab-machines__result stack" data-testid="lab-machines-result">
      <LabWarnings warnings={result.warnings} />
      <LabResultCard
        name="machines"
        title={<ResultOnPhotos images={result.images} />}
        intro={machinesIntro(result)}
        stats={
          <>
            <LabStat
              testId="lab-machines-speedup"
              value={widest?.speedup ? `${widest.speedup.median.toFixed(2)}×` : '–'}
              label={
                widest?.speedup ? (
                  <>
                    one host’s throughput with {widest.hosts} hosts ({interval}{' '}
                    {widest.speedup.low.toFixed(2)}–{widest.speedup.high.toFixed(2)}×; at most {widest.hosts}
                    ×)
                  </>
                ) : (
                  'one host only: nothing to compare with'
                )
              }
            />
            <LabStat
              value={widest ? widest.megapixelsPerSecond.toFixed(1) : '–'}
              label={
                <>
                  MP/s with {widest?.hosts ?? 0} host{widest?.hosts === 1 ? '' : 's'} (median run)
                </>
              }
            />
            <LabStat
              value={result.hosts.length}
              label={`worker host${result.hosts.length === 1 ? '' : 's'} taking part`}
            />
          </>
        }
      >
        <LabTable
          testId="lab-machines-table"
          className="lab-race__table"
          caption={<>Each host count: the median run’s time, its throughput, and the speedup over one host</>}
        >
          <thead>
            <tr>
              <LabNumberHead>Hosts</LabNumberHead>
              <LabNumberHead>Median s</LabNumberHead>
              <LabNumberHead>Range s</LabNumberHead>
              <LabNumberHead>Images/s</LabNumberHead>
              <LabNumberHead>MP/s</LabNumberHead>
              <LabNumberHead>Speedup</LabNumberHead>
              <th scope="col">Rounds’ ratios</th>
            </tr>
          </thead>
          <tbody>
            {result.points.map((p) => (
              <tr key={p.hosts} data-testid="lab-machines-row" data-hosts={p.hosts}>
                <td className="results__n num">{p.hosts}</td>
                <td className="results__n num">{seconds(p.ms)}</td>
                <td className="results__n num muted">
                  {seconds(Math.min(...p.runsMs))}–{seconds(Math.max(...p.runsMs))}
                </td>
                <td className="results__n num">{p.imagesPerSecond.toFixed(2)}</td>
                <td className="results__n num">{p.megapixelsPerSecond.toFixed(1)}</td>
                <td className="results__n num" data-testid="lab-machines-row-speedup">
                  {p.speedup ? (
                    <>
                      {p.speedup.median.toFixed(2)}×{' '}
                      <span className="muted">
                        [{p.speedup.low.toFixed(2)}–{p.speedup.high.toFixed(2)}]
                      </span>
                    </>
                  ) : (
                    <span className="muted">reference</span>
                  )}
                </td>
                <td className="lab-machines__pairs num">
                  {p.speedup
                    ? p.speedup.pairs.map((r) => `${r.toFixed(2)}×`).join(' ')
                    : `on ${p.names.join(', ')}`}
                </td>
              </tr>
            ))}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          {result.points.map((p) => machinesPointText(p, result.runs)).join(' ')} A run’s time is the
          submitter’s, from planning the batch to the last photo reported: the queue’s cost is in it. The
          speedup pairs each run with the same round’s one-host run; brackets: the {interval}.
        </p>
      </LabResultCard>

      {charts ? <MachinesChart result={result} /> : null}
      {charts ? <MachinesTimeline result={result} /> : null}

      <LabFindings name="machines" findings={sentences(machinesFindings(result))} />
    </div>
  );
}
