import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import type {
  BenchmarkReportView,
  JobProgress,
  JobState,
  PixelPoolApi,
  PixelPoolEvent,
  StartBenchmarkRequest,
  TaskSpan,
} from '../api/types';

export interface BenchmarkJob {
  jobId: string | null;
  state: JobState | 'idle' | 'starting';
  progress: JobProgress | null;
  tasks: TaskSpan[];
  report: BenchmarkReportView | null;
  error: string | null;
  startedAt: number | null;
  start(request: StartBenchmarkRequest): Promise<void>;
  cancel(): Promise<void>;
}

/** Keeps the timeline bounded however long the benchmark: the newest spans are the interesting ones. */
const MAX_SPANS = 20_000;

/**
 * One benchmark job at a time, its state streamed from the service's events. The job lives in the main
 * process, so after a reload the last one is fetched back (listJobs + getJob).
 */
export function useBenchmarkJob(api: PixelPoolApi): BenchmarkJob {
  const [jobId, setJobId] = useState<string | null>(null);
  const [state, setState] = useState<BenchmarkJob['state']>('idle');
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [tasks, setTasks] = useState<TaskSpan[]>([]);
  const [report, setReport] = useState<BenchmarkReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const current = useRef<string | null>(null);
  // Events can arrive before startBenchmark's answer names the job: hold them until it does.
  const early = useRef<PixelPoolEvent[] | null>(null);

  const apply = useCallback((event: PixelPoolEvent) => {
    if (event.type === 'job-state') {
      if (event.job.jobId !== current.current) return;
      // 'done' comes with the report event; take the other final states from here.
      if (event.job.state !== 'done') setState(event.job.state);
      if (event.job.error) setError(event.job.error);
      return;
    }
    if (!('jobId' in event) || event.jobId !== current.current) return;
    switch (event.type) {
      case 'benchmark-progress':
        setProgress(event.progress);
        break;
      case 'benchmark-tasks':
        setTasks((prev) => {
          const next = prev.concat(event.tasks);
          return next.length > MAX_SPANS ? next.slice(next.length - MAX_SPANS) : next;
        });
        break;
      case 'benchmark-done':
        setReport(event.report);
        setState('done');
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

    // Pick up the latest benchmark after a reload.
    let live = true;
    api
      .listJobs()
      .then(async (jobs) => {
        const last = jobs.filter((j) => j.kind === 'benchmark').sort((a, b) => b.startedAt - a.startedAt)[0];
        if (!last || !live || current.current) return;
        const snap = await api.getJob({ jobId: last.jobId });
        if (!live || current.current || snap.kind !== 'benchmark') return;
        current.current = snap.jobId;
        setJobId(snap.jobId);
        setState(snap.state);
        setProgress(snap.progress);
        setTasks(snap.tasks);
        setReport(snap.report);
        setError(snap.error);
        setStartedAt(snap.startedAt);
      })
      .catch(() => {
        // Nothing to restore is the usual case; a failure here only means an empty panel.
      });
    return () => {
      live = false;
      off();
    };
  }, [api, apply]);

  const start = useCallback(
    async (request: StartBenchmarkRequest) => {
      setState('starting');
      setError(null);
      setProgress(null);
      setTasks([]);
      setReport(null);
      current.current = null;
      early.current = [];
      try {
        const { jobId: id } = await api.startBenchmark(request);
        current.current = id;
        setJobId(id);
        setStartedAt(Date.now());
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

  return { jobId, state, progress, tasks, report, error, startedAt, start, cancel };
}
