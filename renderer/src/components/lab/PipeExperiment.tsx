import { useDeferredValue } from 'react';
import { formatMbPerSecond } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { PipeResultView } from './PipeResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';
import './PipeExperiment.css';

const DEFAULT_RUNS = 5;

/**
 * The pipe experiment: its setup (the queue's producers, runs) and its result. The photo whose pixels
 * are sent is the library's selected image (the first when none is), or a sample photo.
 */
export function PipeExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const workersField = useWholeNumberField('Producers', capabilities.cores, 1, capabilities.maxWorkers);
  const runsField = useWholeNumberField('Runs', DEFAULT_RUNS, 1, capabilities.limits.maxRepeat);
  const workers = workersField.value;
  const runs = runsField.value;
  const result = job.results.pipe ?? null;
  // The charts are the costly part: drawn at low priority, so the table shows at once.
  const chartsFor = useDeferredValue(result);

  const problem = workersField.problem ?? runsField.problem;

  useLabAnnouncements(job, 'pipe', {
    name: 'Pipe',
    done(pipe) {
      const mbs = pipe.channels.map((c) => `${c.name} ${formatMbPerSecond(c.mbPerSecond.median)} MB/s`);
      return `Pipe finished: ${mbs.join(', ')}; ${pipe.intact ? 'every byte intact' : 'bytes NOT intact'}.`;
    },
  });

  return (
    <LabExperimentCard
      experiment="pipe"
      job={job}
      title="Pipe: two ends against many producers"
      intro={
        <p>
          A photo’s pixels, in chunks, go one way through a pipe to a worker thread (a MessageChannel), a pipe
          to a child process (its IPC channel), and from several worker threads into one queue this side
          reads; a small message is timed there and back on each. Every chunk’s checksum is compared with the
          bytes sent.
        </p>
      }
      fields={
        <>
          <LabNumberField
            field={workersField}
            testId="lab-workers"
            hint={<>worker threads putting into the queue; default {capabilities.cores}, the cores</>}
          />
          <LabNumberField
            field={runsField}
            testId="lab-runs"
            hint="timed runs of each channel; figures are their median"
          />
        </>
      }
      problem={problem}
      startLabel="Send through the pipes"
      againLabel="Send again"
      runningLabel="Sending…"
      onStart={(chosen) => {
        if (workers === null || runs === null) return;
        void job.start({ experiment: 'pipe', imageIds: chosen.map((i) => i.id), workers, runs });
      }}
    >
      {result ? <PipeResultView result={result} charts={chartsFor === result} /> : null}
    </LabExperimentCard>
  );
}
