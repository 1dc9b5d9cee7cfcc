import { useDeferredValue, useState } from 'react';
import { firstArrival, LAB_POOL_STEPS } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { chosenSteps, LabPipelineChoice, type PipelineSource, usePanelSteps } from './LabPipelineChoice';
import { PoolResultView } from './PoolResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';
import './PoolExperiment.css';

const DEFAULT_ROUNDS = 3;

/**
 * The pool experiment: its setup (pipeline, workers, rounds) and its result. The photos are the
 * library's first ones, or the sample photos the service picks when the library is empty.
 */
export function PoolExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const workersField = useWholeNumberField('Workers', capabilities.cores, 1, capabilities.maxWorkers);
  const roundsField = useWholeNumberField('Rounds', DEFAULT_ROUNDS, 1, capabilities.limits.maxRepeat);
  const [source, setSource] = useState<PipelineSource>('default');
  const panel = usePanelSteps();
  const workers = workersField.value;
  const rounds = roundsField.value;
  const result = job.results.pool ?? null;
  const chartsFor = useDeferredValue(result);

  const problem =
    workersField.problem ??
    roundsField.problem ??
    (source === 'panel' && panel.enabled === 0
      ? 'The Pipeline panel has no enabled step: enable one, or run the default.'
      : null);

  useLabAnnouncements(job, 'pool', {
    name: 'Pool experiment',
    done(pool) {
      const by = new Map(pool.methods.map((m) => [m.name, m]));
      const imap = by.get('imap');
      const map = by.get('map');
      return imap && map
        ? `Pool finished: imap's first result at ${Math.round(firstArrival(imap))} ms, map's at ${Math.round(firstArrival(map))} ms.`
        : 'Pool finished.';
    },
  });

  return (
    <LabExperimentCard
      experiment="pool"
      job={job}
      title="Pool: when each method hands results back"
      intro={
        <p>
          The same photos through the pool’s <code>apply</code>, <code>applyAsync</code> with a callback,{' '}
          <code>map</code>, and <code>imap</code> ordered and unordered, on one warmed-up pool: a timeline of
          when each result reached the caller, so imap’s first result is seen long before map returns. Then
          one task that throws inside a worker, and the error as the parent received it, with the worker’s
          stack.
        </p>
      }
      fields={
        <>
          <LabPipelineChoice
            defaultSteps={LAB_POOL_STEPS}
            why="a blur, as photos get"
            source={source}
            onSource={setSource}
            testId="lab-pool-pipeline"
          />
          <LabNumberField
            field={workersField}
            testId="lab-workers"
            hint={<>the pool’s threads; default {capabilities.cores}, the cores</>}
          />
          <LabNumberField
            field={roundsField}
            testId="lab-rounds"
            hint="every method once a round, taking turns; each shows its median"
          />
        </>
      }
      problem={problem}
      startLabel="Run the pool methods"
      againLabel="Run again"
      runningLabel="Running…"
      onStart={(chosen) => {
        if (workers === null || rounds === null) return;
        void job.start({
          experiment: 'pool',
          imageIds: chosen.map((i) => i.id),
          steps: chosenSteps(source, LAB_POOL_STEPS, panel.steps),
          workers,
          rounds,
        });
      }}
    >
      {result ? <PoolResultView result={result} charts={chartsFor === result} /> : null}
    </LabExperimentCard>
  );
}
