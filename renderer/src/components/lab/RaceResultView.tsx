import {
  labWarnings,
  RACE_VARIANT_INFO,
  raceFindings,
  raceIntro,
  runsThatLost,
} from '../../../../shared/lab';
import type { LabRaceResult } from '../../api/types';
import {
  LabFindings,
  LabNumberHead,
  LabOf,
  LabResultCard,
  LabRowHead,
  LabStat,
  LabTable,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { RaceCharts } from './RaceCharts';
import { formatCount, formatMs, lostShare, medianLost } from './race-figures';

interface Props {
  result: LabRaceResult;
  /** False while the charts wait (they are drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

/** What the race measured: the exact total, each variant's figures, the charts and what they mean. */
export function RaceResultView({ result, charts = true }: Props) {
  const [doing, timing] = raceIntro(result);
  const [image] = result.images;
  const unsync = result.variants.find((v) => v.name === 'unsynchronised');
  const runsWord = `${result.runs} run${result.runs === 1 ? '' : 's'}`;
  return (
    <div className="lab-race__result stack" data-testid="lab-race-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="race"
        title={<>Result on {image.name}</>}
        intro={
          <>
            {doing} {timing}
          </>
        }
        stats={
          <>
            <LabStat
              testId="lab-race-expected"
              value={formatCount(result.expected)}
              label={
                <>
                  exact total: {formatCount(result.pixels)} pixels × 3 channels ({result.width}×
                  {result.height}, {image.name}
                  {image.sample ? ', a sample photo' : ''})
                </>
              }
            />
            {unsync ? (
              <LabStat
                testId="lab-race-unsync"
                value={
                  <>
                    {runsThatLost(unsync)} of {unsync.runs.length}
                  </>
                }
                label={
                  <>
                    unsynchronised runs that lost counts (median {formatCount(medianLost(unsync))} lost,{' '}
                    {lostShare(medianLost(unsync), result)} of the total)
                  </>
                }
              />
            ) : null}
            <LabStat
              value={<LabOf value={result.workers} of={result.cores} />}
              label={
                <>
                  worker threads racing, of the machine’s cores
                  {result.workers === 1 ? ': one thread cannot race itself' : ''}
                </>
              }
            />
          </>
        }
      >
        <LabTable
          testId="lab-race-table"
          className="lab-race__table"
          caption={
            <>
              The race's variants: median time of {runsWord}, counts lost in each run, and whether every bin
              was right
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Python mirror</th>
              <LabNumberHead>Median ms</LabNumberHead>
              <th scope="col">Counts lost, run by run</th>
              <th scope="col">Every bin right</th>
            </tr>
          </thead>
          <tbody>
            {result.variants.map((v) => {
              const info = RACE_VARIANT_INFO[v.name];
              return (
                <tr
                  key={v.name}
                  data-testid="lab-race-row"
                  data-variant={v.name}
                  data-exact={String(v.exact)}
                >
                  <LabRowHead name={info.title} how={info.how} />
                  <td className="lab-race__python">
                    <code>{info.python}</code>
                  </td>
                  <td className="results__n num">{formatMs(v.ms)}</td>
                  <td className="num lab-race__lost" data-testid="lab-race-lost">
                    {v.runs.map((run) => formatCount(run.lost)).join(' · ')}
                  </td>
                  <td>
                    <span className={`lab-race__verdict lab-race__verdict--${v.exact ? 'ok' : 'bad'}`}>
                      {v.exact ? 'yes' : 'no'}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          Median ms: wall time from the start line to the last thread done, the median of {runsWord} of each
          variant (they take turns, each after a warm-up). Counts lost: the exact total minus what the shared
          histogram held, in each run. Every bin right: all 768 bins equal a one-thread count, in every run.
        </p>
      </LabResultCard>

      {charts ? <RaceCharts result={result} /> : null}

      <LabFindings
        name="race"
        findings={raceFindings(result).map((f) => ({ key: f.variant, text: f.text }))}
      />
    </div>
  );
}
