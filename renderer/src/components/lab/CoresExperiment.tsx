import { useDeferredValue, useState } from 'react';
import { CORES_DEFAULT_STEPS, CORES_MAX_WORKERS } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { CoresResultView } from './CoresResultView';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { type LabPipelineChoice, LabPipelineField, useChosenSteps } from './LabPipelineField';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';
import './CoresExperiment.css';

const DEFAULT_RUNS = 3;

/**
 * The cores experiment: its setup (the largest pool, runs, pipeline) and its result. It runs on the
 * library's first photos, or on the sample photos when the library is empty.
 */
export function CoresExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const defaultMax = Math.min(2 * capabilities.cores, CORES_MAX_WORKERS);
  const maxField = useWholeNumberField('Largest pool', defaultMax, 1, CORES_MAX_WORKERS, 'The largest pool');
  const runsField = useWholeNumberField('Runs', DEFAULT_RUNS, 1, capabilities.limits.maxRepeat);
  const [pipeline, setPipeline] = useState<LabPipelineChoice>('default');
  const steps = useChosenSteps(pipeline, CORES_DEFAULT_STEPS);
  const maxWorkers = maxField.value;
  const runs = runsField.value;
  const result = job.results.cores ?? null;
  const chartFor = useDeferredValue(result);

  const problem = maxField.problem ?? runsField.problem;

  useLabAnnouncements(job, 'cores', {
    name: 'Cores',
    done: (cores) => `Cores finished: adding workers stopped helping at ${cores.stopsHelpingAt}.`,
  });

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
          <LabNumberField
            field={maxField}
            testId="lab-max-workers"
            hint={<>every pool from 1 worker up to this; default {defaultMax}, twice the cores</>}
          />
          <LabNumberField
            field={runsField}
            testId="lab-runs"
            hint="timed runs of each pool size; the table shows median and range"
          />
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
