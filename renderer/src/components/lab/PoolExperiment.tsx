import { useDeferredValue, useEffect, useId, useState } from 'react';
import { firstArrival, LAB_POOL_STEPS } from '../../../../shared/lab';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { chosenSteps, LabPipelineChoice, type PipelineSource, usePanelSteps } from './LabPipelineChoice';
import { PoolResultView } from './PoolResultView';
import type { LabJob } from './useLabJob';
import './PoolExperiment.css';

const DEFAULT_ROUNDS = 3;

/**
 * The pool experiment: its setup (pipeline, workers, rounds) and its result. The photos are the
 * library's first ones, or the sample photos the service picks when the library is empty.
 */
export function PoolExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const announce = useAnnounce();
  const workersId = useId();
  const roundsId = useId();
  const maxWorkers = capabilities.maxWorkers;
  const maxRounds = capabilities.limits.maxRepeat;
  const [workersText, setWorkersText] = useState(String(capabilities.cores));
  const [roundsText, setRoundsText] = useState(String(DEFAULT_ROUNDS));
  const [source, setSource] = useState<PipelineSource>('default');
  const panel = usePanelSteps();
  const workers = wholeIn(workersText, 1, maxWorkers);
  const rounds = wholeIn(roundsText, 1, maxRounds);
  const result = job.results.pool ?? null;
  const mine = job.request?.experiment === 'pool';
  const chartsFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Workers must be a whole number from 1 to ${maxWorkers}.`
      : rounds === null
        ? `Rounds must be a whole number from 1 to ${maxRounds}.`
        : source === 'panel' && panel.enabled === 0
          ? 'The Pipeline panel has no enabled step: enable one, or run the default.'
          : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      const by = new Map(result.methods.map((m) => [m.name, m]));
      const imap = by.get('imap');
      const map = by.get('map');
      announce(
        imap && map
          ? `Pool finished: imap's first result at ${Math.round(firstArrival(imap))} ms, map's at ${Math.round(firstArrival(map))} ms.`
          : 'Pool finished.',
      );
    } else if (job.state === 'cancelled') announce('Pool experiment cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Pool experiment failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

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
          <div className="field">
            <label htmlFor={workersId}>Workers</label>
            <input
              id={workersId}
              type="number"
              min={1}
              max={maxWorkers}
              step={1}
              value={workersText}
              onChange={(e) => setWorkersText(e.currentTarget.value)}
              data-testid="lab-workers"
            />
            <span className="field-hint">the pool’s threads; default {capabilities.cores}, the cores</span>
          </div>
          <div className="field">
            <label htmlFor={roundsId}>Rounds</label>
            <input
              id={roundsId}
              type="number"
              min={1}
              max={maxRounds}
              step={1}
              value={roundsText}
              onChange={(e) => setRoundsText(e.currentTarget.value)}
              data-testid="lab-rounds"
            />
            <span className="field-hint">every method once a round, taking turns; each shows its median</span>
          </div>
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
