import { useDeferredValue } from 'react';
import { MANAGER_DEFAULT_UPDATES, MANAGER_MAX_UPDATES, messageOverShared } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { ManagerResultView } from './ManagerResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';
import './ManagerExperiment.css';

/** The manager experiment: its setup (workers, updates each) and its result. It takes no photo. */
export function ManagerExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const workersField = useWholeNumberField('Workers', capabilities.cores, 1, capabilities.maxWorkers);
  const updatesField = useWholeNumberField(
    'Updates each',
    MANAGER_DEFAULT_UPDATES,
    1,
    MANAGER_MAX_UPDATES,
    'Updates',
  );
  const workers = workersField.value;
  const updates = updatesField.value;
  const result = job.results.manager ?? null;
  const chartFor = useDeferredValue(result);

  const problem = workersField.problem ?? updatesField.problem;

  useLabAnnouncements(job, 'manager', {
    name: 'Manager',
    done(manager) {
      const ratio = messageOverShared(manager);
      return `Manager finished${ratio === null ? '' : `: by message an update cost ${ratio.toFixed(1)} times one in shared memory`}.`;
    },
  });

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
          <LabNumberField
            field={workersField}
            testId="lab-workers"
            hint={<>threads reporting at once; default {capabilities.cores}, the cores</>}
          />
          <LabNumberField
            field={updatesField}
            testId="lab-updates"
            hint="progress updates each worker reports, in each mode"
          />
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
