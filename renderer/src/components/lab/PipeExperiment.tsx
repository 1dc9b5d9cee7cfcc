import { useDeferredValue, useEffect, useId, useState } from 'react';
import { formatMbPerSecond } from '../../../../shared/lab';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { PipeResultView } from './PipeResultView';
import type { LabJob } from './useLabJob';
import './PipeExperiment.css';

const DEFAULT_RUNS = 5;

/**
 * The pipe experiment: its setup (the queue's producers, runs) and its result. The photo whose pixels
 * are sent is the library's selected image (the first when none is), or a sample photo.
 */
export function PipeExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const announce = useAnnounce();
  const workersId = useId();
  const runsId = useId();
  const maxWorkers = capabilities.maxWorkers;
  const maxRuns = capabilities.limits.maxRepeat;
  const [workersText, setWorkersText] = useState(String(capabilities.cores));
  const [runsText, setRunsText] = useState(String(DEFAULT_RUNS));
  const workers = wholeIn(workersText, 1, maxWorkers);
  const runs = wholeIn(runsText, 1, maxRuns);
  const result = job.results.pipe ?? null;
  const mine = job.request?.experiment === 'pipe';
  // The charts are the costly part: drawn at low priority, so the table shows at once.
  const chartsFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Producers must be a whole number from 1 to ${maxWorkers}.`
      : runs === null
        ? `Runs must be a whole number from 1 to ${maxRuns}.`
        : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      const mbs = result.channels.map((c) => `${c.name} ${formatMbPerSecond(c.mbPerSecond.median)} MB/s`);
      announce(
        `Pipe finished: ${mbs.join(', ')}; ${result.intact ? 'every byte intact' : 'bytes NOT intact'}.`,
      );
    } else if (job.state === 'cancelled') announce('Pipe cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Pipe failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

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
          <div className="field">
            <label htmlFor={workersId}>Producers</label>
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
              worker threads putting into the queue; default {capabilities.cores}, the cores
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
            <span className="field-hint">timed runs of each channel; figures are their median</span>
          </div>
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
