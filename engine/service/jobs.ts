import { randomBytes } from 'node:crypto';
import type {
  BatchFileStatus,
  BatchStats,
  BatchSummary,
  BenchmarkReportView,
  JobProgress,
  JobSnapshot,
  JobState,
  JobSummary,
  LabResult,
  PixelPoolEvent,
  StartBatchRequest,
  StartBenchmarkRequest,
  StartLabRequest,
  TaskSpan,
} from '../../shared/contract';
import { messageOf } from '../../shared/errors';
import type { WrittenFile } from './batch-outputs';
import { ServiceError } from './errors';
import { LIMITS } from './limits';

interface RecordBase {
  job: JobSummary;
  controller: AbortController;
  /** Settles when the job's runner has returned (after cancellation too). */
  finished: Promise<void>;
}

export interface BenchmarkRecord extends RecordBase {
  kind: 'benchmark';
  request: StartBenchmarkRequest;
  tasks: TaskSpan[];
  report: BenchmarkReportView | null;
}

export interface BatchRecord extends RecordBase {
  kind: 'batch';
  request: StartBatchRequest;
  files: BatchFileStatus[];
  stats: BatchStats;
  result: BatchSummary | null;
  /** The files written, in the order of `result.outputs` (set with it): what a host may hand out. */
  written: WrittenFile[];
}

export interface LabRecord extends RecordBase {
  kind: 'lab';
  request: StartLabRequest;
  result: LabResult | null;
}

export type JobRecord = BenchmarkRecord | BatchRecord | LabRecord;

type NewRecord<R extends JobRecord> = Omit<R, 'job' | 'controller' | 'finished'>;

/**
 * Job state, held in the main process (the multiprocessing Manager; docs/architecture.md, "Processes
 * and data flow"): the renderer reads it through the API and a reloaded window picks running jobs up
 * again. One job runs at a time: a benchmark or a lab experiment measures idle cores, and a batch beside
 * it would make both slower and the numbers wrong.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(
    private readonly emit: (event: PixelPoolEvent) => void,
    /**
     * How long a cancelled job may take to stop before it is marked cancelled anyway: every job ends,
     * and a runner stuck in something that ignores its AbortSignal cannot block every later job.
     */
    private readonly cancelGraceMs = 30_000,
  ) {}

  /** Registers a job and starts its runner. Fails with 'limit' while another job is running. */
  start<R extends JobRecord>(fields: NewRecord<R>, run: (record: R) => Promise<JobState>): string {
    const running = this.running();
    if (running) {
      throw new ServiceError(
        'limit',
        `A ${running.kind} is already running: wait for it to finish or cancel it first`,
      );
    }
    const jobId = randomBytes(8).toString('hex');
    const controller = new AbortController();
    const summary: JobSummary = {
      jobId,
      kind: fields.kind,
      state: 'running',
      startedAt: Date.now(),
      finishedAt: null,
      progress: { done: 0, total: 0, label: 'Starting' },
      error: null,
    };
    const record = { ...fields, job: summary, controller, finished: Promise.resolve() } as R;
    this.jobs.set(jobId, record);
    this.prune();
    this.emit({ type: 'job-state', job: { ...summary } });
    record.finished = (async () => {
      let state: JobState;
      let error: string | null = null;
      try {
        state = await run(record);
      } catch (err) {
        if (controller.signal.aborted) state = 'cancelled';
        else {
          state = 'failed';
          error = messageOf(err);
          this.emit({ type: 'job-error', jobId, kind: record.kind, message: error });
        }
      }
      this.end(summary, state, error);
    })();
    return jobId;
  }

  progress(record: JobRecord, progress: JobProgress): void {
    record.job.progress = progress;
  }

  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (record?.job.state !== 'running') return false;
    record.controller.abort();
    const job = record.job;
    setTimeout(() => {
      if (job.state !== 'running') return;
      const seconds = Math.round(this.cancelGraceMs / 1000);
      this.end(
        job,
        'cancelled',
        `it did not stop within ${seconds} s of being cancelled; its work was abandoned`,
      );
    }, this.cancelGraceMs).unref();
    return true;
  }

  /** Marks a job finished, once: a runner returning after the grace period changes nothing. */
  private end(job: JobSummary, state: JobState, error: string | null): void {
    if (job.state !== 'running') return;
    job.state = state;
    job.error = error;
    job.finishedAt = Date.now();
    this.emit({ type: 'job-state', job: { ...job } });
  }

  /** Cancels every running job and waits for their runners to return (at most the grace period). */
  async cancelAll(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const record of this.jobs.values()) {
      if (this.cancel(record.job.jobId)) {
        const grace = new Promise<void>((resolve) => setTimeout(resolve, this.cancelGraceMs).unref());
        waits.push(Promise.race([record.finished, grace]));
      }
    }
    await Promise.all(waits);
  }

  /** The job, or undefined when there is none by that id (never was, or pruned). */
  find(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  get(jobId: string): JobRecord {
    const record = this.jobs.get(jobId);
    if (!record) throw new ServiceError('not-found', `No job with id ${jobId}`);
    return record;
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((r) => ({ ...r.job, progress: { ...r.job.progress } }));
  }

  snapshot(jobId: string): JobSnapshot {
    const r = this.get(jobId);
    const summary = { ...r.job, progress: { ...r.job.progress } };
    if (r.kind === 'benchmark') {
      return { ...summary, kind: 'benchmark', request: r.request, tasks: [...r.tasks], report: r.report };
    }
    if (r.kind === 'lab') return { ...summary, kind: 'lab', request: r.request, result: r.result };
    return {
      ...summary,
      kind: 'batch',
      request: r.request,
      files: r.files.map((f) => ({ ...f })),
      stats: { ...r.stats },
      summary: r.result,
    };
  }

  running(): JobRecord | undefined {
    for (const record of this.jobs.values()) if (record.job.state === 'running') return record;
    return undefined;
  }

  /** Forgets the oldest finished jobs beyond the number kept. */
  private prune(): void {
    const finished = [...this.jobs.values()].filter((r) => r.job.state !== 'running');
    const excess = this.jobs.size - LIMITS.keptJobs;
    for (const record of finished.slice(0, Math.max(0, excess))) this.jobs.delete(record.job.jobId);
  }
}
