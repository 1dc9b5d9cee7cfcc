import { useDeferredValue, useState } from 'react';
import { PROCESSES_DEFAULT_STEPS, PROCESSES_MAX_WORKERS } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { type LabPipelineChoice, LabPipelineField, useChosenSteps } from './LabPipelineField';
import { ProcessesResultView } from './ProcessesResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';
import './ProcessesExperiment.css';

const DEFAULT_RUNS = 3;

/**
 * The processes experiment: its setup (workers, runs, pipeline) and its result. It runs on the
 * library's first photos, or on the sample photos when the library is empty.
 */
export function ProcessesExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const workersField = useWholeNumberField(
    'Workers',
    Math.min(capabilities.cores, PROCESSES_MAX_WORKERS),
    1,
    PROCESSES_MAX_WORKERS,
  );
  const runsField = useWholeNumberField('Runs', DEFAULT_RUNS, 1, capabilities.limits.maxRepeat);
  const [pipeline, setPipeline] = useState<LabPipelineChoice>('default');
  const steps = useChosenSteps(pipeline, PROCESSES_DEFAULT_STEPS);
  const workers = workersField.value;
  const runs = runsField.value;
  const result = job.results.processes ?? null;
  const chartsFor = useDeferredValue(result);

  const problem = workersField.problem ?? runsField.problem;

  useLabAnnouncements(job, 'processes', {
    name: 'Processes',
    done(processes) {
      const start = processes.processes.startMs / processes.threads.startMs;
      return `Processes finished: a process took ${start.toFixed(1)} times a thread's start-up.`;
    },
  });

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
          <LabNumberField
            field={workersField}
            testId="lab-workers"
            hint={
              <>
                of each kind in the largest pool; every count from 1 is timed. Default {capabilities.cores},
                the cores
              </>
            }
          />
          <LabNumberField
            field={runsField}
            testId="lab-runs"
            hint="timed runs of each figure; the table shows their median and range"
          />
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
