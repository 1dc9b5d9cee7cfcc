import { basename } from 'node:path';
import type {
  BenchmarkAmdahlView,
  BenchmarkReportView,
  ExportBenchmarkResult,
  ImageEntry,
  JobState,
  PixelPoolEvent,
  StartBenchmarkRequest,
  TaskSpan,
} from '../../shared/contract';
import { runBenchmark } from '../benchmark/index';
import type { BenchmarkAmdahl, BenchmarkReport, BenchmarkTaskEvent } from '../benchmark/types';
import type { SlotSpawner } from '../pool/index';
import { ServiceError } from './errors';
import type { BenchmarkRecord, JobManager } from './jobs';
import { LIMITS } from './limits';

export interface BenchmarkJobContext {
  jobs: JobManager;
  emit(event: PixelPoolEvent): void;
  /** How a pool of processes starts each one (the host's; default child_process.fork). */
  processSpawner?: SlotSpawner;
}

/** Task spans are sent in batches at most this often: a benchmark can run thousands of strips. */
const TASK_FLUSH_MS = 150;

function toAmdahlView(amdahl: BenchmarkAmdahl | null): BenchmarkAmdahlView | null {
  if (!amdahl) return null;
  return {
    serialFraction: amdahl.serialFraction,
    serialFractionCI: amdahl.serialFractionCI,
    transport: amdahl.transport,
    trusted: amdahl.trusted,
    note: amdahl.note,
  };
}

/** The engine's report as the UI reads it (the engine's own JSON rides along for export). */
function toReportView(report: BenchmarkReport): BenchmarkReportView {
  return {
    createdAt: report.createdAt,
    machine: {
      cpuModel: report.machine.cpuModel,
      cores: report.machine.cores,
      nodeVersion: report.machine.node,
      platform: report.machine.platform,
      arch: report.machine.arch,
    },
    pipeline: report.pipeline,
    images: report.images.map((image) => ({
      name: basename(image.path),
      width: image.width,
      height: image.height,
      megapixels: image.megapixels,
    })),
    megapixels: report.totalMegapixels,
    scope: report.scope,
    runs: report.runs.map(({ split, workerBusyShare, pairSpeedups, computeRatio, ...figures }) => ({
      ...figures,
      split: {
        decode: split.decodeMs,
        dispatch: split.dispatchMs,
        compute: split.computeMs,
        reassemble: split.reassembleMs,
        encode: split.encodeMs,
        idle: split.idleMs,
      },
      busyShare: workerBusyShare,
    })),
    amdahl: toAmdahlView(report.amdahl),
    jobAmdahl: toAmdahlView(report.jobAmdahl),
    warnings: report.warnings,
    kernels: report.kernels,
    pool: report.pool,
    ...(report.kernelsFallback === undefined ? {} : { kernelsFallback: report.kernelsFallback }),
    jobReference: report.jobReference,
    jobReferenceMissing: report.jobReferenceMissing,
    raw: report,
  };
}

/**
 * Starts a benchmark job on the engine's runBenchmark: progress as it goes, each pool task as a
 * span on its worker's lane (batched), the report at the end. Cancelling stops it through the
 * AbortSignal.
 */
export function startBenchmarkJob(
  ctx: BenchmarkJobContext,
  request: StartBenchmarkRequest,
  images: ImageEntry[],
): string {
  return ctx.jobs.start<BenchmarkRecord>(
    { kind: 'benchmark', request, tasks: [], report: null },
    async (record): Promise<JobState> => {
      const jobId = record.job.jobId;
      const origin = performance.timeOrigin + performance.now();
      let pending: TaskSpan[] = [];
      let timer: NodeJS.Timeout | null = null;
      const flush = () => {
        timer = null;
        if (pending.length === 0) return;
        const tasks = pending;
        pending = [];
        record.tasks.push(...tasks);
        if (record.tasks.length > LIMITS.keptTaskSpans) {
          record.tasks.splice(0, record.tasks.length - LIMITS.keptTaskSpans);
        }
        ctx.emit({ type: 'benchmark-tasks', jobId, tasks });
      };
      const onTask = (event: BenchmarkTaskEvent) => {
        if (event.warmup) return;
        pending.push({
          run: event.run,
          scope: event.scope,
          workers: event.workers,
          transport: event.transport,
          schedule: event.schedule,
          round: event.round,
          workerId: event.workerId,
          imageIndex: event.imageIndex,
          startMs: Math.max(0, event.startedAt - origin),
          endMs: Math.max(0, event.endedAt - origin),
          bytes: event.bytesIn + event.bytesOut,
        });
        timer ??= setTimeout(flush, TASK_FLUSH_MS);
      };
      try {
        const report = await runBenchmark(
          {
            files: images.map((image) => image.path),
            steps: request.steps,
            workers: request.workers,
            transports: request.transports,
            // A time budget is the adaptive mode, where the repeat count is not used.
            ...(request.timeBudgetSeconds != null
              ? { timeBudgetSeconds: request.timeBudgetSeconds }
              : { repeat: request.repeat }),
            scope: request.scope ?? 'both',
            ...(request.kernels === undefined ? {} : { kernels: request.kernels }),
            ...(request.pool === undefined ? {} : { pool: request.pool }),
            processSpawner: ctx.processSpawner,
          },
          {
            signal: record.controller.signal,
            onTask,
            onProgress: (progress) => {
              const value = { done: progress.done, total: progress.total, label: progress.label };
              ctx.jobs.progress(record, value);
              ctx.emit({ type: 'benchmark-progress', jobId, progress: value });
            },
          },
        );
        if (timer) clearTimeout(timer);
        flush();
        record.report = toReportView(report);
        ctx.emit({ type: 'benchmark-done', jobId, report: record.report });
        return 'done';
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  );
}

/** The finished report as a file: the engine's JSON (as `pixelpool bench --json` prints it) or CSV. */
export function exportBenchmark(record: BenchmarkRecord, format: 'json' | 'csv'): ExportBenchmarkResult {
  const report = record.report;
  if (!report) throw new ServiceError('not-found', 'This benchmark has no report (it did not finish)');
  const stamp = report.createdAt.replace(/[:.]/g, '-');
  if (format === 'json') {
    return {
      fileName: `pixelpool-bench-${stamp}.json`,
      mime: 'application/json',
      text: `${JSON.stringify(report.raw, null, 2)}\n`,
    };
  }
  const header = [
    'scope',
    'mode',
    'workers',
    'transport',
    'medianMs',
    'megapixelsPerSecond',
    'speedup',
    'speedupLow',
    'speedupHigh',
    'efficiency',
    'cv',
    'outliers',
    'pairs',
    'warnings',
    // Added after the columns above, so that scripts reading columns by position keep working.
    'schedule',
    'kernels',
    'pool',
  ];
  const rows = report.runs.map((run) =>
    [
      run.scope,
      run.mode,
      run.workers,
      run.transport ?? '',
      run.medianMs.toFixed(3),
      run.megapixelsPerSecond.toFixed(3),
      run.speedup.toFixed(4),
      run.speedupCI[0].toFixed(4),
      run.speedupCI[1].toFixed(4),
      run.efficiency.toFixed(4),
      run.cv.toFixed(4),
      run.outliers,
      run.pairs,
      run.warnings.length,
      run.schedule ?? '',
      run.kernels ?? '',
      run.mode === 'pool' ? report.pool : '',
    ].join(','),
  );
  return {
    fileName: `pixelpool-bench-${stamp}.csv`,
    mime: 'text/csv',
    text: `${[header.join(','), ...rows].join('\n')}\n`,
  };
}
