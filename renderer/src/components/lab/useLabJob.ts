import { useState } from 'react';
import type { JobProgress, LabExperiment, LabResult, PixelPoolApi, StartLabRequest } from '../../api/types';
import { type JobStream, useJobStream } from '../../hooks/useJobStream';

/** The latest result of each experiment run in this window (or restored after a reload). */
export type LabResults = { [E in LabExperiment]?: Extract<LabResult, { experiment: E }> };

export interface LabJob extends JobStream<StartLabRequest> {
  progress: JobProgress | null;
  results: LabResults;
}

function withResult(results: LabResults, result: LabResult): LabResults {
  return { ...results, [result.experiment]: result };
}

/**
 * The Lab panel's one job (one experiment at a time, like every job): its progress, and the latest result
 * of every experiment, so going from one experiment to another and back keeps what each measured.
 */
export function useLabJob(api: PixelPoolApi): LabJob {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [results, setResults] = useState<LabResults>({});
  const job = useJobStream(api, {
    kind: 'lab',
    start: (client, req: StartLabRequest) => client.startLab(req),
    reset() {
      setProgress(null);
    },
    requestOf: (snap) => snap.request,
    restore(snap) {
      setProgress(snap.progress);
      const { result } = snap;
      if (result) setResults((all) => withResult(all, result));
    },
    onEvent(event) {
      if (event.type === 'lab-progress') {
        setProgress(event.progress);
        return null;
      }
      if (event.type === 'lab-done') {
        setResults((all) => withResult(all, event.result));
        return 'done';
      }
      return null;
    },
  });
  return { ...job, progress, results };
}
