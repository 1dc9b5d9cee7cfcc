import {
  everyUpdateCounted,
  type LabManagerResult,
  labWarnings,
  MANAGER_MODE_INFO,
  managerFindings,
  managerIntro,
  messageOverShared,
} from '../../../../shared/lab';
import {
  LabFindings,
  LabNumberHead,
  LabOf,
  LabResultCard,
  LabRowHead,
  LabStat,
  LabTable,
  sentences,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { ManagerCharts, microseconds } from './ManagerCharts';
import { formatCount, formatMs } from './race-figures';

interface Props {
  result: LabManagerResult;
  /** False while the chart waits (drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

/** What the manager experiment measured: each mode's count, time and cost per update, the chart, the words. */
export function ManagerResultView({ result, charts = true }: Props) {
  const ratio = messageOverShared(result);
  return (
    <div className="lab-manager__result stack" data-testid="lab-manager-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="manager"
        title="Result"
        intro={managerIntro(result)}
        stats={
          <>
            <LabStat
              testId="lab-manager-ratio"
              value={ratio === null ? '–' : `${ratio.toFixed(1)}×`}
              label="what an update cost by message, against one in shared memory"
            />
            <LabStat
              testId="lab-manager-counted"
              value={everyUpdateCounted(result) ? 'every one' : 'not all'}
              label={<>of the {formatCount(result.updates)} updates counted, in both modes</>}
            />
            <LabStat
              value={<LabOf value={result.workers} of={result.cores} />}
              label="worker threads reporting, of the machine’s cores"
            />
          </>
        }
      >
        <LabTable
          testId="lab-manager-table"
          className="lab-race__table lab-manager__table"
          caption={
            <>
              Progress updates by message and in shared memory: what was counted, the time and the cost per
              update
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col">Python mirror</th>
              <LabNumberHead>Counted</LabNumberHead>
              <LabNumberHead>Wall ms</LabNumberHead>
              <LabNumberHead>Per update</LabNumberHead>
            </tr>
          </thead>
          <tbody>
            {result.results.map((r) => {
              const info = MANAGER_MODE_INFO[r.mode];
              return (
                <tr
                  key={r.mode}
                  data-testid="lab-manager-row"
                  data-mode={r.mode}
                  data-exact={String(r.counted === result.updates)}
                >
                  <LabRowHead name={info.title} how={info.how} />
                  <td className="lab-race__python">
                    <code>{info.python}</code>
                  </td>
                  <td className="results__n num" data-testid="lab-manager-count">
                    {formatCount(r.counted)}
                  </td>
                  <td className="results__n num">{formatMs(r.ms)}</td>
                  <td className="results__n num" data-testid="lab-manager-cost">
                    {microseconds(r.microsecondsPerUpdate)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          Wall ms: from the start to the main thread knowing the final count, one run of each mode (message
          first, then shared), all {result.workers} workers at once. Per update: that time over the{' '}
          {formatCount(result.updates)} updates. A single run: run it again to see how much it moves.
        </p>
      </LabResultCard>

      {charts ? <ManagerCharts result={result} /> : null}

      <LabFindings name="manager" findings={sentences(managerFindings(result))} />
    </div>
  );
}
