import { useState } from 'react';
import { TIMELINE_SPAN_CAP } from '../../../shared/limits';
import type {
  BenchmarkReportView,
  JobProgress,
  PixelPoolApi,
  StartBenchmarkRequest,
  TaskSpan,
} from '../api/types';
import { type JobStream, useJobStream } from './useJobStream';

export interface BenchmarkJob extends JobStream<StartBenchmarkRequest> {
  progress: JobProgress | null;
  tasks: TaskSpan[];
  report: BenchmarkReportView | null;
}

/** The benchmark panel's job: live progress, the task spans of the timeline, and the final report. */
export function useBenchmarkJob(api: PixelPoolApi): BenchmarkJob {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [tasks, setTasks] = useState<TaskSpan[]>([]);
  const [report, setReport] = useState<BenchmarkReportView | null>(null);

  const job = useJobStream(api, {
    kind: 'benchmark',
    start: (client, req: StartBenchmarkRequest) => client.startBenchmark(req),
    reset() {
      setProgress(null);
      setTasks([]);
      setReport(null);
    },
    restore(snap) {
      setProgress(snap.progress);
      setTasks(snap.tasks);
      setReport(snap.report);
    },
    onEvent(event) {
      switch (event.type) {
        case 'benchmark-progress':
          setProgress(event.progress);
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

  return { ...job, progress, tasks, report };
}
