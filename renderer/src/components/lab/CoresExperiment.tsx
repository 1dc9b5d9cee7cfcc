import { useDeferredValue, useEffect, useId, useState } from 'react';
import { CORES_DEFAULT_STEPS, CORES_MAX_WORKERS } from '../../../../shared/lab';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { CoresResultView } from './CoresResultView';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { type LabPipelineChoice, LabPipelineField, useChosenSteps } from './LabPipelineField';
import type { LabJob } from './useLabJob';
import './CoresExperiment.css';

const DEFAULT_RUNS = 3;

/**
 * The cores experiment: its setup (the largest pool, runs, pipeline) and its result. It runs on the
 * library's first photos, or on the sample photos when the library is empty.
 */
export function CoresExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const announce = useAnnounce();
  const maxId = useId();
  const runsId = useId();
  const maxRuns = capabilities.limits.maxRepeat;
  const [maxText, setMaxText] = useState(String(Math.min(2 * capabilities.cores, CORES_MAX_WORKERS)));
  const [runsText, setRunsText] = useState(String(DEFAULT_RUNS));
  const [pipeline, setPipeline] = useState<LabPipelineChoice>('default');
  const steps = useChosenSteps(pipeline, CORES_DEFAULT_STEPS);
  const maxWorkers = wholeIn(maxText, 1, CORES_MAX_WORKERS);
  const runs = wholeIn(runsText, 1, maxRuns);
  const result = job.results.cores ?? null;
  const mine = job.request?.experiment === 'cores';
  const chartFor = useDeferredValue(result);

  const problem =
    maxWorkers === null
      ? `The largest pool must be a whole number from 1 to ${CORES_MAX_WORKERS}.`
      : runs === null
        ? `Runs must be a whole number from 1 to ${maxRuns}.`
        : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      announce(`Cores finished: adding workers stopped helping at ${result.stopsHelpingAt}.`);
    } else if (job.state === 'cancelled') announce('Cores cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Cores failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

  return (
    <LabExperimentCard
      experiment="cores"
      job={job}
      title="Cores: more workers than cores"
      intro={
        <p>
          The same pipeline on the same photos through pools of 1 up to twice as many workers as the machine
          has cores, the pool sizes taking turns: the throughput at each, and where adding workers stopped
          helping. Python’s advice is a pool of os.cpu_count() processes.
        </p>
      }
      fields={
        <>
          <div className="field">
            <label htmlFor={maxId}>Largest pool</label>
            <input
              id={maxId}
              type="number"
              min={1}
              max={CORES_MAX_WORKERS}
              step={1}
              value={maxText}
              onChange={(e) => setMaxText(e.currentTarget.value)}
              data-testid="lab-max-workers"
            />
            <span className="field-hint">
              every pool from 1 worker up to this; default{' '}
              {Math.min(2 * capabilities.cores, CORES_MAX_WORKERS)}, twice the cores
            </span>
          </div>
          <div className="field">
            <label htmlFor={runsId}>Runs</label>
            <input
              id={runsId}
              type="number"
              min={1}
              max={maxRuns}
              step={1}
              value={runsText}
              onChange={(e) => setRunsText(e.currentTarget.value)}
              data-testid="lab-runs"
            />
            <span className="field-hint">timed runs of each pool size; the table shows median and range</span>
          </div>
          <LabPipelineField value={pipeline} onChange={setPipeline} defaultSteps={CORES_DEFAULT_STEPS} />
        </>
      }
      problem={problem}
      startLabel="Run the pool sizes"
      againLabel="Run again"
      runningLabel="Measuring…"
      onStart={(chosen) => {
        if (maxWorkers === null || runs === null) return;
        void job.start({ experiment: 'cores', imageIds: chosen.map((i) => i.id), steps, maxWorkers, runs });
      }}
    >
      {result ? <CoresResultView result={result} charts={chartFor === result} /> : null}
    </LabExperimentCard>
  );
}
