/**
 * What this session has measured of each pipeline: finished benchmarks (the filter stage's one-thread
 * rate and the speedup of each configuration; the whole job's too once the engine reports it) and live
 * previews (a rough rate). The estimate before a benchmark and the batch summary's "time saved" read
 * them. A tiny store, so that a preview's new timing re-renders only the few components that read it.
 */
import type { BenchmarkReportView, FilterInfo, PipelineStep, RenderPreviewResult } from '../api/types';
import { conservativeRate, type RateSource } from './estimate';
import { pipelineKey } from './pipeline-key';
import { readReport, type Scope } from './report-adapter';

export interface MeasuredRun {
  scope: Scope;
  workers: number;
  transport: string | null;
  /** How the pool spread the images ('strips' or 'images'); left out by records from before the job had two. */
  schedule?: string | null;
  speedup: number;
}

export interface BenchmarkMeasurement {
  /** The job it came from (one record per job). */
  jobId: string;
  pipelineKey: string;
  /** When the benchmark finished (the report's createdAt), ms since the epoch. */
  atMs: number;
  megapixels: number;
  /** One-thread throughput of the filter stage, MP/s. */
  serialMpPerSecond: number;
  /** One-thread throughput of the whole job (decode, filter, encode), MP/s; null until the engine measures it. */
  jobSerialMpPerSecond: number | null;
  runs: MeasuredRun[];
}

export interface PreviewMeasurement {
  pipelineKey: string;
  atMs: number;
  /** Megapixels of the downscaled image per second of filtering, on `workers` workers. */
  mpPerSecond: number;
  workers: number;
}

export interface Measurements {
  benchmarks: readonly BenchmarkMeasurement[];
  previews: readonly PreviewMeasurement[];
}

const KEEP_BENCHMARKS = 20;
const KEEP_PREVIEWS = 20;

export function benchmarkMeasurement(
  jobId: string,
  report: BenchmarkReportView,
  filters?: ReadonlyMap<string, FilterInfo>,
): BenchmarkMeasurement | null {
  const model = readReport(report, report.machine.cores);
  const serialOf = (scope: Scope) => model.runs[scope].find((r) => r.mode === 'serial');
  const serial = serialOf('filter');
  if (!serial || !(serial.medianMs > 0)) return null;
  const jobSerial = serialOf('job');
  return {
    jobId,
    pipelineKey: pipelineKey(report.pipeline, filters),
    atMs: Date.parse(report.createdAt) || Date.now(),
    megapixels: report.megapixels,
    serialMpPerSecond: report.megapixels / (serial.medianMs / 1000),
    jobSerialMpPerSecond:
      jobSerial && jobSerial.medianMs > 0 ? report.megapixels / (jobSerial.medianMs / 1000) : null,
    runs: [...model.runs.filter, ...model.runs.job]
      .filter((r) => r.mode === 'pool')
      .map((r) => ({
        scope: r.scope,
        workers: r.workers,
        transport: r.transport,
        schedule: r.schedule,
        speedup: r.speedup,
      })),
  };
}

export function previewMeasurement(
  result: RenderPreviewResult,
  steps: readonly PipelineStep[],
  filters?: ReadonlyMap<string, FilterInfo>,
): PreviewMeasurement | null {
  const mp = (result.width * result.height) / 1e6;
  if (!(result.timings.filterMs > 0) || !(mp > 0)) return null;
  return {
    pipelineKey: pipelineKey(steps, filters),
    atMs: Date.now(),
    mpPerSecond: mp / (result.timings.filterMs / 1000),
    workers: Math.max(1, result.workers),
  };
}

export function addBenchmark(m: Measurements, b: BenchmarkMeasurement): Measurements {
  const benchmarks = [...m.benchmarks.filter((x) => x.jobId !== b.jobId), b].slice(-KEEP_BENCHMARKS);
  return { ...m, benchmarks };
}

/**
 * Keeps the fastest preview of each pipeline: the first ones after a change run while the workers'
 * code is still being compiled, several times slower than the steady state a benchmark measures.
 */
export function addPreview(m: Measurements, p: PreviewMeasurement): Measurements {
  const known = m.previews.find((x) => x.pipelineKey === p.pipelineKey);
  if (known && known.mpPerSecond / known.workers >= p.mpPerSecond / p.workers) return m;
  const previews = [...m.previews.filter((x) => x.pipelineKey !== p.pipelineKey), p].slice(-KEEP_PREVIEWS);
  return { ...m, previews };
}

/** The newest benchmark of a pipeline in this session, or null. */
export function latestBenchmark(m: Measurements, key: string): BenchmarkMeasurement | null {
  return m.benchmarks.filter((b) => b.pipelineKey === key).sort((a, b) => b.atMs - a.atMs)[0] ?? null;
}

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The best rate known for a pipeline: a benchmark of it, else its preview, else the conservative table. */
export function rateSource(
  m: Measurements,
  steps: readonly PipelineStep[],
  cores: number,
  filters?: ReadonlyMap<string, FilterInfo>,
): RateSource {
  const key = pipelineKey(steps, filters);
  const bench = latestBenchmark(m, key);
  if (bench) {
    return {
      kind: 'benchmark',
      serialMpPerSecond: bench.serialMpPerSecond,
      measured: bench.runs.filter((r) => r.scope === 'filter'),
      jobMeasured: bench.runs.filter((r) => r.scope === 'job'),
      from: `your benchmark of this pipeline at ${clock(bench.atMs)}`,
    };
  }
  const table = conservativeRate(steps, filters);
  const preview = m.previews.find((p) => p.pipelineKey === key);
  // The preview ran on the pool: counting its rate per worker is low (overheads weigh on a small image).
  const previewRate = preview ? preview.mpPerSecond / Math.min(preview.workers, Math.max(1, cores)) : 0;
  // A preview slower than even the conservative table was a cold one: the table is the better guess.
  if (preview && previewRate > table) {
    return {
      kind: 'preview',
      serialMpPerSecond: previewRate,
      from: 'the live preview of this pipeline (a small image, so a rough rate)',
    };
  }
  return {
    kind: 'table',
    serialMpPerSecond: table,
    from: 'a conservative rate for these filters (no benchmark of this pipeline yet)',
  };
}

/** A minimal external store for useSyncExternalStore. */
export interface MeasurementStore {
  get(): Measurements;
  subscribe(listener: () => void): () => void;
  update(change: (m: Measurements) => Measurements): void;
}

export function createMeasurementStore(
  initial: Measurements = { benchmarks: [], previews: [] },
): MeasurementStore {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(change) {
      const next = change(value);
      if (next === value) return;
      value = next;
      for (const l of listeners) l();
    },
  };
}
