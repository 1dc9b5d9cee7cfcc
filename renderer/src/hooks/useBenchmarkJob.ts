import { useState } from 'react';
import { TIMELINE_SPAN_CAP } from '../../../shared/limits';
import type {
  BenchmarkReportView,
  JobProgress,
  PixelPoolApi,
  StartBenchmarkRequest,
  TaskSpan,
} from '../api/types';
import type { ProgressPoint } from '../lib/estimate';
import { type JobStream, useJobStream } from './useJobStream';

export interface BenchmarkJob extends JobStream<StartBenchmarkRequest> {
  progress: JobProgress | null;
  /** The latest progress with the time it arrived (Date.now() clock), for the ETA. */
  progressAt: ProgressPoint | null;
  /** When the job started (Date.now() clock), or null before any. */
  startedAtMs: number | null;
  tasks: TaskSpan[];
  report: BenchmarkReportView | null;
}

/** The benchmark panel's job: live progress, the task spans of the timeline, and the final report. */
export function useBenchmarkJob(api: PixelPoolApi): BenchmarkJob {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [tasks, setTasks] = useState<TaskSpan[]>([]);
  const [report, setReport] = useState<BenchmarkReportView | null>(null);
  const [startedAtMs, setStartedAtMs] = useState<number | null>(null);
  const [progressAt, setProgressAt] = useState<ProgressPoint | null>(null);

  const job = useJobStream(api, {
    kind: 'benchmark',
    start: (client, req: StartBenchmarkRequest) => client.startBenchmark(req),
    reset() {
      setProgress(null);
      setProgressAt(null);
      setTasks([]);
      setReport(null);
      setStartedAtMs(Date.now());
    },
    requestOf: (snap) => snap.request,
    restore(snap) {
      setProgress(snap.progress);
      setProgressAt({ atMs: Date.now(), done: snap.progress.done, total: snap.progress.total });
      setTasks(snap.tasks);
      setReport(snap.report);
      setStartedAtMs(snap.startedAt);
    },
    onEvent(event) {
      switch (event.type) {
        case 'benchmark-progress':
          setProgress(event.progress);
          setProgressAt({ atMs: Date.now(), done: event.progress.done, total: event.progress.total });
          return null;
        case 'benchmark-tasks':
          setTasks((prev) => {
            // Bounded however long the benchmark: the newest spans are the interesting ones.
            const next = prev.concat(event.tasks);
            return next.length > TIMELINE_SPAN_CAP ? next.slice(next.length - TIMELINE_SPAN_CAP) : next;
          });
          return null;
        case 'benchmark-done':
          setReport(event.report);
          return 'done';
        default:
          return null;
      }
    },
  });

  return { ...job, progress, progressAt, startedAtMs, tasks, report };
}
