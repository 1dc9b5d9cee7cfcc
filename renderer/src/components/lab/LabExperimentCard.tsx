import type { ReactNode } from 'react';
import { LAB_EXPERIMENT_INFO, LAB_INPUTS, LAB_MAX_PHOTOS, type LabExperiment } from '../../../../shared/lab';
import type { ImageEntry } from '../../api/types';
import { useApp } from '../../state/AppContext';
import { JobControls } from '../common/JobControls';
import { ProgressBar } from '../common/ProgressBar';
import type { LabJob } from './useLabJob';

/** A whole number within [min, max] from a number field, or null when the field holds none. */
export function wholeIn(text: string, min: number, max: number): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * The library images an experiment runs on, by LAB_INPUTS: the selected one (else the first) for a
 * one-photo experiment, the first LAB_MAX_PHOTOS for the others, none when it takes no photo. An empty
 * list means the sample photos (the service picks them).
 */
export function useLabImages(experiment: LabExperiment): ImageEntry[] {
  const { images } = useApp();
  const inputs = LAB_INPUTS[experiment];
  if (inputs === 'none') return [];
  if (inputs === 'one') {
    const one = images.images.find((i) => i.id === images.previewId) ?? images.images[0];
    return one ? [one] : [];
  }
  return images.images.slice(0, LAB_MAX_PHOTOS);
}

/** What the experiment will run on, in words. */
function ImagesLine({ experiment, chosen }: { experiment: LabExperiment; chosen: ImageEntry[] }) {
  const { images } = useApp();
  const inputs = LAB_INPUTS[experiment];
  if (inputs === 'none') return null;
  const library = images.images.length;
  let what: ReactNode;
  if (chosen.length === 0) {
    what = (
      <>
        On <strong>{inputs === 'one' ? 'a sample photo' : 'the sample photos'}</strong>{' '}
        <span className="muted">(the library is empty: add your own on the Images panel to run on them)</span>
      </>
    );
  } else if (inputs === 'one') {
    const [image] = chosen;
    what = (
      <>
        On <strong>{image.name}</strong>{' '}
        <span className="muted">
          ({image.width}×{image.height}, {image.megapixels.toFixed(1)} MP;{' '}
          {library > 1 ? 'the image selected on the Images panel' : 'your image'})
        </span>
      </>
    );
  } else {
    const mp = chosen.reduce((sum, i) => sum + i.megapixels, 0);
    what = (
      <>
        On <strong>{chosen.length === 1 ? chosen[0].name : `${chosen.length} of your photos`}</strong>{' '}
        <span className="muted">
          ({mp.toFixed(1)} MP in all
          {library > chosen.length ? `; the first ${chosen.length} of the ${library} in the library` : ''})
        </span>
      </>
    );
  }
  return (
    <p className="lab-experiment__image num" data-testid="lab-image">
      {what}
    </p>
  );
}

interface Props {
  experiment: LabExperiment;
  job: LabJob;
  /** The heading: what the experiment shows. */
  title: string;
  /** Two or three sentences on what it does. */
  intro: ReactNode;
  /** Its setup fields (disabled while a job runs). */
  fields: ReactNode;
  /** Why its fields do not make a request yet, or null. */
  problem: string | null;
  /** Button labels: before the first result, after one, and while running. */
  startLabel: string;
  againLabel: string;
  runningLabel: string;
  /** Starts the job on the library images `chosen` (empty: the sample photos). */
  onStart(chosen: ImageEntry[]): void;
  /** The result view, when there is one. */
  children?: ReactNode;
}

/**
 * One experiment's section: its heading and words, what it runs on, its fields, Start and Cancel with
 * the job's progress and error, then its result. Only one lab job runs at a time: while another
 * experiment runs, this one says so and waits.
 */
export function LabExperimentCard({
  experiment,
  job,
  title,
  intro,
  fields,
  problem,
  startLabel,
  againLabel,
  runningLabel,
  onStart,
  children,
}: Props) {
  const chosen = useLabImages(experiment);
  const busy = job.state === 'running' || job.state === 'starting';
  const mine = job.request?.experiment === experiment;
  const running = busy && mine;
  const other = busy && !mine && job.request ? LAB_EXPERIMENT_INFO[job.request.experiment].title : null;
  const progress = mine ? job.progress : null;
  const why = other ? `The ${other} experiment is running: wait for it, or cancel it there.` : problem;
  return (
    <section
      className="lab-experiment stack"
      aria-labelledby={`lab-${experiment}-title`}
      data-testid={`lab-${experiment}`}
    >
      <div className="card stack">
        <div>
          <h3 id={`lab-${experiment}-title`} className="lab-experiment__title">
            {title}
          </h3>
          <div className="lab-experiment__idea">{intro}</div>
        </div>
        <ImagesLine experiment={experiment} chosen={chosen} />
        <fieldset className="lab-experiment__fields" disabled={busy}>
          <legend className="visually-hidden">Settings</legend>
          {fields}
        </fieldset>
        <JobControls
          running={running}
          problem={why}
          startLabel={children ? againLabel : startLabel}
          runningLabel={runningLabel}
          onStart={() => onStart(chosen)}
          onCancel={() => void job.cancel()}
          startTestId="lab-run"
          cancelTestId="lab-cancel"
        />
        {running || (mine && progress && job.state !== 'done') ? (
          <div className="lab-experiment__progress" data-testid="lab-progress">
            <ProgressBar
              value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
              label={`${LAB_EXPERIMENT_INFO[experiment].title} progress`}
              tone={job.state === 'failed' ? 'danger' : 'accent'}
            />
            <p className="muted num">
              {progress ? `${progress.done} / ${progress.total} · ${progress.label}` : 'Starting…'}
            </p>
          </div>
        ) : null}
        {mine && job.state === 'cancelled' ? <p className="muted">Cancelled: nothing was kept.</p> : null}
        {mine && job.error ? (
          <p className="error-text" role="alert" data-testid="lab-error">
            {job.error}
          </p>
        ) : null}
      </div>
      {children}
    </section>
  );
}
