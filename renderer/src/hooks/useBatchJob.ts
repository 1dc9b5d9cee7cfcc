import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import type {
  BatchFileStatus,
  BatchStats,
  BatchSummary,
  JobState,
  PixelPoolApi,
  PixelPoolEvent,
  StartBatchRequest,
} from '../api/types';

export interface BatchJob {
  jobId: string | null;
  state: JobState | 'idle' | 'starting';
  files: BatchFileStatus[];
  stats: BatchStats | null;
  summary: BatchSummary | null;
  error: string | null;
  request: StartBatchRequest | null;
  start(request: StartBatchRequest): Promise<void>;
  cancel(): Promise<void>;
}

function upsert(files: BatchFileStatus[], file: BatchFileStatus): BatchFileStatus[] {
  const i = files.findIndex((f) => f.index === file.index);
  if (i < 0) return [...files, file].sort((a, b) => a.index - b.index);
  const next = files.slice();
  next[i] = file;
  return next;
}

/** One batch at a time, streamed from the service's events; the last one is fetched back after a reload. */
export function useBatchJob(api: PixelPoolApi): BatchJob {
  const [jobId, setJobId] = useState<string | null>(null);
  const [state, setState] = useState<BatchJob['state']>('idle');
  const [files, setFiles] = useState<BatchFileStatus[]>([]);
  const [stats, setStats] = useState<BatchStats | null>(null);
  const [summary, setSummary] = useState<BatchSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [request, setRequest] = useState<StartBatchRequest | null>(null);
  const current = useRef<string | null>(null);
  // Events can arrive before startBatch's answer names the job: hold them until it does.
  const early = useRef<PixelPoolEvent[] | null>(null);

  const apply = useCallback((event: PixelPoolEvent) => {
    if (event.type === 'job-state') {
      if (event.job.jobId !== current.current) return;
      if (event.job.state !== 'done') setState(event.job.state);
      if (event.job.error) setError(event.job.error);
      return;
    }
    if (!('jobId' in event) || event.jobId !== current.current) return;
    switch (event.type) {
      case 'batch-progress':
        setStats(event.stats);
        break;
      case 'batch-file':
        setFiles((prev) => upsert(prev, event.file));
        break;
      case 'batch-done':
        setSummary(event.summary);
        setStats(event.summary);
        setState(event.summary.cancelled ? 'cancelled' : 'done');
        break;
      case 'job-error':
        setError(event.message);
        setState('failed');
        break;
    }
  }, []);

  useEffect(() => {
    const off = api.onEvent((event) => {
      if (early.current) early.current.push(event);
      else apply(event);
    });
    let live = true;
    api
      .listJobs()
      .then(async (jobs) => {
        const last = jobs.filter((j) => j.kind === 'batch').sort((a, b) => b.startedAt - a.startedAt)[0];
        if (!last || !live || current.current) return;
        const snap = await api.getJob({ jobId: last.jobId });
        if (!live || current.current || snap.kind !== 'batch') return;
        current.current = snap.jobId;
        setJobId(snap.jobId);
        setState(snap.state);
        setFiles(snap.files);
        setStats(snap.stats);
        setSummary(snap.summary);
        setError(snap.error);
        setRequest(snap.request);
      })
      .catch(() => {
        // Nothing to restore is the usual case.
      });
    return () => {
      live = false;
      off();
    };
  }, [api, apply]);

  const start = useCallback(
    async (req: StartBatchRequest) => {
      setState('starting');
      setError(null);
      setStats(null);
      setSummary(null);
      setRequest(req);
      setFiles([]);
      current.current = null;
      early.current = [];
      try {
        const { jobId: id } = await api.startBatch(req);
        current.current = id;
        setJobId(id);
        setState('running');
      } catch (err) {
        setError(errorMessage(err));
        setState('failed');
      } finally {
        const held = early.current ?? [];
        early.current = null;
        for (const event of held) apply(event);
      }
    },
    [api, apply],
  );

  const cancel = useCallback(async () => {
    if (!current.current) return;
    try {
      await api.cancelJob({ jobId: current.current });
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [api]);

  return { jobId, state, files, stats, summary, error, request, start, cancel };
}
