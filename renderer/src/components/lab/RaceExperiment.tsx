import { useDeferredValue, useEffect, useId, useState } from 'react';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { RaceResultView } from './RaceResultView';
import type { LabJob } from './useLabJob';

const DEFAULT_RUNS = 5;

/**
 * The race experiment: its setup (workers, runs) and its result. The photo is the library's selected
 * image (the first when none is), or a sample photo the service picks when the library is empty.
 */
export function RaceExperiment({ job }: { job: LabJob }) {
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
  const result = job.results.race ?? null;
  const mine = job.request?.experiment === 'race';
  // The charts are the costly part: drawn at low priority, so the table shows at once.
  const chartsFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Workers must be a whole number from 1 to ${maxWorkers}.`
      : runs === null
        ? `Runs must be a whole number from 1 to ${maxRuns}.`
        : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      const unsync = result.variants.find((v) => v.name === 'unsynchronised');
      const lost = unsync ? unsync.runs.filter((r) => r.lost > 0).length : 0;
      announce(`Race finished: unsynchronised lost counts in ${lost} of ${result.runs} runs.`);
    } else if (job.state === 'cancelled') announce('Race cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Race failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

  return (
    <LabExperimentCard
      experiment="race"
      job={job}
      title="Race: shared memory done wrong and right"
      intro={
        <p>
          Worker threads count the colour histogram of a photo into one shared array, each over its own rows,
          all let go at once: without synchronisation, with Atomics.add, with a lock, and with private counts
          merged at the end. The exact total is known, so every lost count is counted.
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
              threads racing; default {capabilities.cores}, the cores. 1 cannot race.
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
            <span className="field-hint">timed runs of each variant; times are their median</span>
          </div>
        </>
      }
      problem={problem}
      startLabel="Run the race"
      againLabel="Race again"
      runningLabel="Racing…"
      onStart={(chosen) => {
        if (workers === null || runs === null) return;
        void job.start({ experiment: 'race', imageIds: chosen.map((i) => i.id), workers, runs });
      }}
    >
      {result ? <RaceResultView result={result} charts={chartsFor === result} /> : null}
    </LabExperimentCard>
  );
}
