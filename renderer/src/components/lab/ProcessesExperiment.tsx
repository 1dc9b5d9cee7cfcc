import { useDeferredValue, useEffect, useId, useState } from 'react';
import { PROCESSES_DEFAULT_STEPS, PROCESSES_MAX_WORKERS } from '../../../../shared/lab';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { type LabPipelineChoice, LabPipelineField, useChosenSteps } from './LabPipelineField';
import { ProcessesResultView } from './ProcessesResultView';
import type { LabJob } from './useLabJob';
import './ProcessesExperiment.css';

const DEFAULT_RUNS = 3;

/**
 * The processes experiment: its setup (workers, runs, pipeline) and its result. It runs on the
 * library's first photos, or on the sample photos when the library is empty.
 */
export function ProcessesExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const announce = useAnnounce();
  const workersId = useId();
  const runsId = useId();
  const maxRuns = capabilities.limits.maxRepeat;
  const [workersText, setWorkersText] = useState(String(Math.min(capabilities.cores, PROCESSES_MAX_WORKERS)));
  const [runsText, setRunsText] = useState(String(DEFAULT_RUNS));
  const [pipeline, setPipeline] = useState<LabPipelineChoice>('default');
  const steps = useChosenSteps(pipeline, PROCESSES_DEFAULT_STEPS);
  const workers = wholeIn(workersText, 1, PROCESSES_MAX_WORKERS);
  const runs = wholeIn(runsText, 1, maxRuns);
  const result = job.results.processes ?? null;
  const mine = job.request?.experiment === 'processes';
  const chartsFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Workers must be a whole number from 1 to ${PROCESSES_MAX_WORKERS}.`
      : runs === null
        ? `Runs must be a whole number from 1 to ${maxRuns}.`
        : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      const start = result.processes.startMs / result.threads.startMs;
      announce(`Processes finished: a process took ${start.toFixed(1)} times a thread's start-up.`);
    } else if (job.state === 'cancelled') announce('Processes cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Processes failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

  return (
    <LabExperimentCard
      experiment="processes"
      job={job}
      title="Processes: threads against processes"
      intro={
        <p>
          The same pipeline on the same photos through a pool of worker threads and a pool of child processes:
          how long each takes to start, the memory each worker holds, what sending a photo to a worker and
          back costs, and the speedup from 1 to N workers. Python’s threading against multiprocessing.Process.
        </p>
      }
      fields={
        <>
          <div className="field">
            <label htmlFor={workersId}>Workers</label>
            <input
              id={workersId}
              type="number"
              min={1}
              max={PROCESSES_MAX_WORKERS}
              step={1}
              value={workersText}
              onChange={(e) => setWorkersText(e.currentTarget.value)}
              data-testid="lab-workers"
            />
            <span className="field-hint">
              of each kind in the largest pool; every count from 1 is timed. Default {capabilities.cores}, the
              cores
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
            <span className="field-hint">
              timed runs of each figure; the table shows their median and range
            </span>
          </div>
          <LabPipelineField value={pipeline} onChange={setPipeline} defaultSteps={PROCESSES_DEFAULT_STEPS} />
        </>
      }
      problem={problem}
      startLabel="Run threads and processes"
      againLabel="Run again"
      runningLabel="Measuring…"
      onStart={(chosen) => {
        if (workers === null || runs === null) return;
        void job.start({
          experiment: 'processes',
          imageIds: chosen.map((i) => i.id),
          steps,
          workers,
          runs,
        });
      }}
    >
      {result ? <ProcessesResultView result={result} charts={chartsFor === result} /> : null}
    </LabExperimentCard>
  );
}
