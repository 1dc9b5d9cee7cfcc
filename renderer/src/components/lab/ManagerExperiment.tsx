import { useDeferredValue, useEffect, useId, useState } from 'react';
import { MANAGER_DEFAULT_UPDATES, MANAGER_MAX_UPDATES, messageOverShared } from '../../../../shared/lab';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { ManagerResultView } from './ManagerResultView';
import type { LabJob } from './useLabJob';
import './ManagerExperiment.css';

/** The manager experiment: its setup (workers, updates each) and its result. It takes no photo. */
export function ManagerExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const announce = useAnnounce();
  const workersId = useId();
  const updatesId = useId();
  const maxWorkers = capabilities.maxWorkers;
  const [workersText, setWorkersText] = useState(String(capabilities.cores));
  const [updatesText, setUpdatesText] = useState(String(MANAGER_DEFAULT_UPDATES));
  const workers = wholeIn(workersText, 1, maxWorkers);
  const updates = wholeIn(updatesText, 1, MANAGER_MAX_UPDATES);
  const result = job.results.manager ?? null;
  const mine = job.request?.experiment === 'manager';
  const chartFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Workers must be a whole number from 1 to ${maxWorkers}.`
      : updates === null
        ? `Updates must be a whole number from 1 to ${MANAGER_MAX_UPDATES}.`
        : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      const ratio = messageOverShared(result);
      announce(
        `Manager finished${ratio === null ? '' : `: by message an update cost ${ratio.toFixed(1)} times one in shared memory`}.`,
      );
    } else if (job.state === 'cancelled') announce('Manager cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Manager failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

  return (
    <LabExperimentCard
      experiment="manager"
      job={job}
      title="Manager: state behind a proxy"
      intro={
        <p>
          Worker threads report a job’s progress into one counter: as messages to a manager on the main thread
          that owns it, as Python’s Manager().Value does, or with Atomics.add on a counter in shared memory,
          as a multiprocessing.Value. The cost per update of each.
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
              max={maxWorkers}
              step={1}
              value={workersText}
              onChange={(e) => setWorkersText(e.currentTarget.value)}
              data-testid="lab-workers"
            />
            <span className="field-hint">
              threads reporting at once; default {capabilities.cores}, the cores
            </span>
          </div>
          <div className="field">
            <label htmlFor={updatesId}>Updates each</label>
            <input
              id={updatesId}
              type="number"
              min={1}
              max={MANAGER_MAX_UPDATES}
              step={1}
              value={updatesText}
              onChange={(e) => setUpdatesText(e.currentTarget.value)}
              data-testid="lab-updates"
            />
            <span className="field-hint">progress updates each worker reports, in each mode</span>
          </div>
        </>
      }
      problem={problem}
      startLabel="Run the manager"
      againLabel="Run again"
      runningLabel="Counting…"
      onStart={() => {
        if (workers === null || updates === null) return;
        void job.start({ experiment: 'manager', workers, updates });
      }}
    >
      {result ? <ManagerResultView result={result} charts={chartFor === result} /> : null}
    </LabExperimentCard>
  );
}
