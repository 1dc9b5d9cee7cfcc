import { useDeferredValue } from 'react';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { RaceResultView } from './RaceResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';

const DEFAULT_RUNS = 5;

/**
 * The race experiment: its setup (workers, runs) and its result. The photo is the library's selected
 * image (the first when none is), or a sample photo the service picks when the library is empty.
 */
export function RaceExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const workersField = useWholeNumberField('Workers', capabilities.cores, 1, capabilities.maxWorkers);
  const runsField = useWholeNumberField('Runs', DEFAULT_RUNS, 1, capabilities.limits.maxRepeat);
  const workers = workersField.value;
  const runs = runsField.value;
  const result = job.results.race ?? null;
  // The charts are the costly part: drawn at low priority, so the table shows at once.
  const chartsFor = useDeferredValue(result);

  const problem = workersField.problem ?? runsField.problem;

  useLabAnnouncements(job, 'race', {
    name: 'Race',
    done(race) {
      const unsync = race.variants.find((v) => v.name === 'unsynchronised');
      const lost = unsync ? unsync.runs.filter((r) => r.lost > 0).length : 0;
      return `Race finished: unsynchronised lost counts in ${lost} of ${race.runs} runs.`;
    },
  });

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
          <LabNumberField
            field={workersField}
            testId="lab-workers"
            hint={<>threads racing; default {capabilities.cores}, the cores. 1 cannot race.</>}
          />
          <LabNumberField
            field={runsField}
            testId="lab-runs"
            hint="timed runs of each variant; times are their median"
          />
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
