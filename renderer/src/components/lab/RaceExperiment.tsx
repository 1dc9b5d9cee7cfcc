import { useDeferredValue, useEffect, useId, useState } from 'react';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { JobControls } from '../common/JobControls';
import { ProgressBar } from '../common/ProgressBar';
import { RaceResultView } from './RaceResultView';
import { useLabJob } from './useLabJob';

const DEFAULT_RUNS = 5;

/** A whole number within [min, max] from a number field, or null when the field holds none. */
function wholeIn(text: string, min: number, max: number): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * The race experiment: its setup (the photo, workers, runs), the job with progress and cancel, and its
 * result. The photo is the library's selected image (the first when none is), or a sample photo the
 * service picks when the library is empty.
 */
export function RaceExperiment() {
  const { api, images, capabilities } = useApp();
  const job = useLabJob(api);
  const announce = useAnnounce();
  const workersId = useId();
  const runsId = useId();
  const maxWorkers = capabilities.maxWorkers;
  const maxRuns = capabilities.limits.maxRepeat;
  const [workersText, setWorkersText] = useState(String(capabilities.cores));
  const [runsText, setRunsText] = useState(String(DEFAULT_RUNS));
  const workers = wholeIn(workersText, 1, maxWorkers);
  const runs = wholeIn(runsText, 1, maxRuns);
  const running = job.state === 'running' || job.state === 'starting';
  const image = images.images.find((i) => i.id === images.selectedId) ?? images.images[0] ?? null;
  const result = job.result?.experiment === 'race' ? job.result : null;
  // The charts are the costly part: drawn at low priority, so the table shows at once.
  const chartsFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Workers must be a whole number from 1 to ${maxWorkers}.`
      : runs === null
        ? `Runs must be a whole number from 1 to ${maxRuns}.`
        : null;

  useEffect(() => {
    if (job.state === 'done' && result) {
      const unsync = result.variants.find((v) => v.name === 'unsynchronised');
      const lost = unsync ? unsync.runs.filter((r) => r.lost > 0).length : 0;
      announce(`Race finished: unsynchronised lost counts in ${lost} of ${result.runs} runs.`);
    } else if (job.state === 'cancelled') announce('Race cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Race failed: ${job.error}`);
  }, [job.state, result, job.error, announce]);

  const start = () => {
    if (workers === null || runs === null) return;
    void job.start({
      experiment: 'race',
      ...(image ? { imageId: image.id } : {}),
      workers,
      runs,
    });
  };

  const progress = job.progress;
  return (
    <section className="lab-experiment stack" aria-labelledby="lab-race-title" data-testid="lab-race">
      <div className="card stack">
        <div>
          <h3 id="lab-race-title" className="lab-experiment__title">
            Race: shared memory done wrong and right
          </h3>
          <p className="lab-experiment__idea">
            Worker threads count the colour histogram of a photo into one shared array, each over its own
            rows, all let go at once: without synchronisation, with Atomics.add, with a lock, and with private
            counts merged at the end. The exact total is known, so every lost count is counted.
          </p>
        </div>
        <p className="lab-experiment__image num" data-testid="lab-image">
          {image ? (
            <>
              On <strong>{image.name}</strong>{' '}
              <span className="muted">
                ({image.width}×{image.height}, {image.megapixels.toFixed(1)} MP;{' '}
                {images.images.length > 1 ? 'the image selected on the Images panel' : 'your image'})
              </span>
            </>
          ) : (
            <>
              On <strong>a sample photo</strong>{' '}
              <span className="muted">
                (the library is empty: add your own on the Images panel to race on it)
              </span>
            </>
          )}
        </p>
        <div className="lab-experiment__fields">
          <div className="field">
            <label htmlFor={workersId}>Workers</label>
            <input
              id={workersId}
              type="number"
              min={1}
              max={maxWorkers}
              step={1}
              value={workersText}
              disabled={running}
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
              disabled={running}
              onChange={(e) => setRunsText(e.currentTarget.value)}
              data-testid="lab-runs"
            />
            <span className="field-hint">timed runs of each variant; times are their median</span>
          </div>
        </div>
        <JobControls
          running={running}
          problem={problem}
          startLabel={result ? 'Race again' : 'Run the race'}
          runningLabel="Racing…"
          onStart={start}
          onCancel={() => void job.cancel()}
          startTestId="lab-run"
          cancelTestId="lab-cancel"
        />
        {running || (progress && job.state !== 'done') ? (
          <div className="lab-experiment__progress" data-testid="lab-progress">
            <ProgressBar
              value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
              label="Race progress"
              tone={job.state === 'failed' ? 'danger' : 'accent'}
            />
            <p className="muted num">
              {progress ? `${progress.done} / ${progress.total} · ${progress.label}` : 'Starting…'}
            </p>
          </div>
        ) : null}
        {job.state === 'cancelled' ? <p className="muted">Cancelled: nothing was kept.</p> : null}
        {job.error ? (
          <p className="error-text" role="alert" data-testid="lab-error">
            {job.error}
          </p>
        ) : null}
      </div>
      {result ? <RaceResultView result={result} charts={chartsFor === result} /> : null}
    </section>
  );
}
