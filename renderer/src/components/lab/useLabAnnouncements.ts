import { useEffect, useRef } from 'react';
import type { LabExperiment } from '../../api/types';
import { useAnnounce } from '../../hooks/useAnnouncer';
import type { LabJob, LabResults } from './useLabJob';

type ResultOf<E extends LabExperiment> = NonNullable<LabResults[E]>;

/**
 * Tells a screen reader how this experiment's job ended: `done(result)` when it finished,
 * "<name> cancelled." or "<name> failed: <error>" otherwise. Other experiments' jobs are not its to tell.
 */
export function useLabAnnouncements<E extends LabExperiment>(
  job: LabJob,
  experiment: E,
  { name, done }: { name: string; done(result: ResultOf<E>): string },
): void {
  const announce = useAnnounce();
  const mine = job.request?.experiment === experiment;
  const result = (job.results[experiment] ?? null) as ResultOf<E> | null;
  // The sentence is read when the job ends, not each time the view renders a new closure.
  const doneRef = useRef(done);
  doneRef.current = done;
  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) announce(doneRef.current(result));
    else if (job.state === 'cancelled') announce(`${name} cancelled.`);
    else if (job.state === 'failed' && job.error) announce(`${name} failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce, name]);
}
