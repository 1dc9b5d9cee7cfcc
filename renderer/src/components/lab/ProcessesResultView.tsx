import type { ReactNode } from 'react';
import {
  type LabProcessesKind,
  type LabProcessesResult,
  labWarnings,
  PROCESSES_KIND_INFO,
  processesFindings,
  processesIntro,
} from '../../../../shared/lab';
import { POOL_KINDS } from '../../../../shared/pools';
import {
  LabFindings,
  LabNumberHead,
  LabOf,
  LabResultCard,
  LabRowHead,
  LabStat,
  LabTable,
  ResultOnPhotos,
  sentences,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { ProcessesCharts } from './ProcessesCharts';
import { formatMs } from './race-figures';
import { factor, rangeMs, runsWords } from './spread-figures';

interface Props {
  result: LabProcessesResult;
  /** False while the charts wait (they are drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

interface Figure {
  id: string;
  name: string;
  /** What was measured, and how often. */
  what: string;
  value(kind: LabProcessesKind): number | null;
  runs?(kind: LabProcessesKind): number[];
  format(value: number): string;
}

function figures(result: LabProcessesResult): Figure[] {
  const n = result.workers;
  const wkr = `${n} worker${n === 1 ? '' : 's'}`;
  const runs = runsWords(result.runs);
  return [
    {
      id: 'start',
      name: 'Start-up, ms',
      what: `a pool of ${wkr} started, every worker ready; median of ${runs}`,
      value: (k) => k.startMs,
      runs: (k) => k.startRunsMs,
      format: formatMs,
    },
    {
      id: 'memory',
      name: 'Memory per idle worker, MB',
      what: 'resident memory each worker adds before any pixels arrive; measured once',
      value: (k) => k.rssMbPerWorker,
      format: (v) => v.toFixed(1),
    },
    {
      id: 'trip',
      name: 'Round trip, ms',
      what: `the largest photo to one worker and back, unchanged (copy); median of ${runs}`,
      value: (k) => k.roundTripMs,
      runs: (k) => k.roundTripRunsMs,
      format: formatMs,
    },
    {
      id: 'one',
      name: 'Pipeline on 1 worker, ms',
      what: `every photo through the pipeline; median of ${runs}`,
      value: (k) => k.oneWorkerMs,
      runs: (k) => k.points[0]?.runsMs ?? [],
      format: formatMs,
    },
    {
      id: 'all',
      name: `Pipeline on ${wkr}, ms`,
      what: `the same, on the largest pool; median of ${runs}`,
      value: (k) => k.allWorkersMs,
      runs: (k) => k.points.at(-1)?.runsMs ?? [],
      format: formatMs,
    },
    {
      id: 'speedup',
      name: `Speedup on ${wkr}`,
      what: 'one worker’s median time over the largest pool’s, each kind against itself',
      value: (k) => k.speedup,
      format: (v) => `${v.toFixed(2)}×`,
    },
  ];
}

function Cell({ figure, kind }: { figure: Figure; kind: LabProcessesKind }): ReactNode {
  const value = figure.value(kind);
  const runs = figure.runs?.(kind);
  return (
    <td className="results__n num" data-kind={kind.kind}>
      {value === null ? '–' : figure.format(value)}
      {runs && runs.length > 1 ? ' ' : null}
      {runs && runs.length > 1 ? <span className="lab-procs__range">{rangeMs(runs)}</span> : null}
    </td>
  );
}

/** What the processes experiment measured: both kinds' figures with their ranges, the charts, the words. */
export function ProcessesResultView({ result, charts = true }: Props) {
  return (
    <div className="lab-procs__result stack" data-testid="lab-processes-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="procs"
        title={<ResultOnPhotos images={result.images} />}
        intro={processesIntro(result)}
        stats={
          <>
            <LabStat
              testId="lab-procs-start-factor"
              value={factor(result.processes.startMs, result.threads.startMs)}
              label="a process’s start-up, against a thread’s"
            />
            <LabStat
              testId="lab-procs-trip-factor"
              value={factor(result.processes.roundTripMs, result.threads.roundTripMs)}
              label="a photo’s round trip to a process and back, against a thread’s"
            />
            <LabStat
              value={<LabOf value={result.workers} of={result.cores} />}
              label="workers in the largest pool, of the machine’s cores"
            />
          </>
        }
      >
        <LabTable
          testId="lab-procs-table"
          className="lab-race__table lab-procs__table"
          caption={<>Threads against processes: each figure's median, with the range of its runs</>}
        >
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {POOL_KINDS.map((kind) => (
                <LabNumberHead key={kind}>{PROCESSES_KIND_INFO[kind].title}</LabNumberHead>
              ))}
              <LabNumberHead>Processes ÷ threads</LabNumberHead>
            </tr>
          </thead>
          <tbody>
            {figures(result).map((figure) => (
              <tr key={figure.id} data-testid="lab-procs-row" data-figure={figure.id}>
                <LabRowHead name={figure.name} how={figure.what} />
                <Cell figure={figure} kind={result.threads} />
                <Cell figure={figure} kind={result.processes} />
                <td className="results__n num">
                  {factor(figure.value(result.processes), figure.value(result.threads))}
                </td>
              </tr>
            ))}
          </tbody>
        </LabTable>
        <p className="muted lab-race__note">
          Under each median, the range of its runs (fastest–slowest). Threads:{' '}
          <code>{PROCESSES_KIND_INFO.threads.python}</code>, {PROCESSES_KIND_INFO.threads.how}. Processes:{' '}
          <code>{PROCESSES_KIND_INFO.processes.python}</code>, {PROCESSES_KIND_INFO.processes.how}. Pipeline:{' '}
          <code>{result.filters}</code>.
        </p>
      </LabResultCard>

      {charts ? <ProcessesCharts result={result} /> : null}

      <LabFindings name="procs" findings={sentences(processesFindings(result))} />
    </div>
  );
}
