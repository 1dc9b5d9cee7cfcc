import { useState } from 'react';
import type { JobProgress, LabResult, PixelPoolApi, StartLabRequest } from '../../api/types';
import { type JobStream, useJobStream } from '../../hooks/useJobStream';

export interface LabJob extends JobStream<StartLabRequest> {
  progress: JobProgress | null;
  result: LabResult | null;
}

/** The Lab panel's job (one experiment at a time, like every job): its progress and its result. */
export function useLabJob(api: PixelPoolApi): LabJob {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [result, setResult] = useState<LabResult | null>(null);
  const job = useJobStream(api, {
    kind: 'lab',
    start: (client, req: StartLabRequest) => client.startLab(req),
    reset() {
      setProgress(null);
      setResult(null);
    },
    requestOf: (snap) => snap.request,
    restore(snap) {
      setProgress(snap.progress);
      setResult(snap.result);
    },
    onEvent(event) {
      if (event.type === 'lab-progress') {
        setProgress(event.progress);
        return null;
      }
      if (event.type === 'lab-done') {
        setResult(event.result);
        return 'done';
      }
      return null;
    },
  });
  return { ...job, progress, result };
}
