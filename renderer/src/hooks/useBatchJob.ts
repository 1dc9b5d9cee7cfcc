import { useState } from 'react';
import type {
  BatchFileStatus,
  BatchStats,
  BatchSummary,
  PixelPoolApi,
  StartBatchRequest,
} from '../api/types';
import { type JobStream, useJobStream } from './useJobStream';

export interface BatchJob extends JobStream<StartBatchRequest> {
  files: BatchFileStatus[];
  stats: BatchStats | null;
  summary: BatchSummary | null;
}

function upsert(files: BatchFileStatus[], file: BatchFileStatus): BatchFileStatus[] {
  const i = files.findIndex((f) => f.index === file.index);
  if (i < 0) return [...files, file].sort((a, b) => a.index - b.index);
  const next = files.slice();
  next[i] = file;
  return next;
}

/** The batch panel's job: per-file status, running stats and the final summary. */
export function useBatchJob(api: PixelPoolApi): BatchJob {
  const [files, setFiles] = useState<BatchFileStatus[]>([]);
  const [stats, setStats] = useState<BatchStats | null>(null);
  const [summary, setSummary] = useState<BatchSummary | null>(null);

  const job = useJobStream(api, {
    kind: 'batch',
    start: (client, req: StartBatchRequest) => client.startBatch(req),
    reset() {
      setFiles([]);
      setStats(null);
      setSummary(null);
    },
    requestOf: (snap) => snap.request,
    restore(snap) {
      setFiles(snap.files);
      setStats(snap.stats);
      setSummary(snap.summary);
    },
    onEvent(event) {
      switch (event.type) {
        case 'batch-progress':
          setStats(event.stats);
          return null;
        case 'batch-file':
          setFiles((prev) => upsert(prev, event.file));
          return null;
        case 'batch-done':
          setSummary(event.summary);
          setStats(event.summary);
          return event.summary.cancelled ? 'cancelled' : 'done';
        default:
          return null;
      }
    },
  });

  return { ...job, files, stats, summary };
}
